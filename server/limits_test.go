package server

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badInputs are the files of testdata/: each a way an image can be wrong. TestTestdata writes
// them with -update; they are small and committed.
var badInputs = map[string]func() []byte{
	"empty.jpg":     func() []byte { return nil },
	"text.jpg":      func() []byte { return []byte("this is not an image, whatever its name says\n") },
	"tiny.gif":      tinyGIF,
	"malformed.jpg": func() []byte { return append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{0x13, 0x37}, 64)...) },
	"truncated.jpg": func() []byte { b := noiseJPEG(96, 64); return b[:len(b)*2/5] },
	"truncated.png": func() []byte { b := noisePNG(64, 64); return b[:len(b)/2] },
	"huge.png":      func() []byte { return pngHeader(20000, 20000) },
	"huge.jpg":      func() []byte { return jpegHeader(20000, 20000) },
	"wide.png":      func() []byte { return pngHeader(10001, 1) },
	"animated.png":  apng,
	"small.png":     func() []byte { return flatPNG(200, 120) },
}

// TestTestdata checks that testdata/ holds the bad inputs as generated (-update rewrites them).
func TestTestdata(t *testing.T) {
	for name, gen := range badInputs {
		want := gen()
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestTestdata -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, generated %d (run go test -run TestTestdata -update)", name, len(got), len(want))
		}
	}
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBadInput sends every kind of bad input to POST /v1/verify: each gets its own 4xx with a
// JSON error, and the service goes on checking documents afterwards.
func TestBadInput(t *testing.T) {
	s := newServer(t, testConfig(t), withRealEngine(t))
	_, doc := pickDemo(t, genuinePassport)
	mp := func(parts map[string][]byte) func() *http.Request {
		return func() *http.Request { return multipartRequest("/v1/verify", parts) }
	}
	file := func(name string) []byte { return testdata(t, name) }
	for _, c := range []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
	}{
		{"zero-byte image", mp(map[string][]byte{"image": file("empty.jpg")}), 400, CodeEmptyImage},
		{"text named .jpg", mp(map[string][]byte{"image": file("text.jpg")}), 415, CodeUnsupportedType},
		{"GIF", mp(map[string][]byte{"image": file("tiny.gif")}), 415, CodeUnsupportedType},
		{"malformed JPEG header", mp(map[string][]byte{"image": file("malformed.jpg")}), 422, CodeMalformedImage},
		{"truncated JPEG", mp(map[string][]byte{"image": file("truncated.jpg")}), 422, CodeMalformedImage},
		{"truncated PNG", mp(map[string][]byte{"image": file("truncated.png")}), 422, CodeMalformedImage},
		{"PNG header claims 20000×20000", mp(map[string][]byte{"image": file("huge.png")}), 422, CodeImageTooLarge},
		{"JPEG header claims 20000×20000", mp(map[string][]byte{"image": file("huge.jpg")}), 422, CodeImageTooLarge},
		{"PNG 10001 px wide", mp(map[string][]byte{"image": file("wide.png")}), 422, CodeImageTooLarge},
		{"animated PNG", mp(map[string][]byte{"image": file("animated.png")}), 422, CodeMultiFrame},
		{"huge IR image", mp(map[string][]byte{"image": doc, "ir": file("huge.png")}), 422, CodeImageTooLarge},
		{"IR not on the image's grid", mp(map[string][]byte{"image": doc, "ir": file("small.png")}), 422, CodeImageMismatch},
		{"UV is text", mp(map[string][]byte{"image": doc, "uv": file("text.jpg")}), 415, CodeUnsupportedType},
		{"no image part", mp(map[string][]byte{"ir": doc}), 400, CodeMissingImage},
		{"unknown part", mp(map[string][]byte{"image": doc, "other": doc}), 400, CodeBadRequest},
		{"body over 15 MiB, length declared", func() *http.Request {
			return multipartRequest("/v1/verify", map[string][]byte{"image": make([]byte, 16<<20)})
		}, 413, CodePayloadTooLarge},
		{"body over 15 MiB, chunked", func() *http.Request {
			r := multipartRequest("/v1/verify", map[string][]byte{"image": append(append([]byte{}, doc...), make([]byte, 16<<20)...)})
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body)))
			r.ContentLength = -1
			return r
		}, 413, CodePayloadTooLarge},
		{"plain text body", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/v1/verify", strings.NewReader("hello"))
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 415, CodeUnsupportedType},
		{"no content type", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/v1/verify", bytes.NewReader(doc))
		}, 415, CodeUnsupportedType},
		{"multipart without boundary", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/v1/verify", bytes.NewReader(doc))
			r.Header.Set("Content-Type", "multipart/form-data")
			return r
		}, 400, CodeBadRequest},
		{"JSON: not JSON", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/v1/verify", strings.NewReader("{nope"))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, 400, CodeBadRequest},
		{"JSON: no image", func() *http.Request { return jsonRequest("/v1/verify", map[string]any{"ir": nil}) }, 400, CodeMissingImage},
		{"JSON: empty image", func() *http.Request { return jsonRequest("/v1/verify", map[string]any{"image": ""}) }, 400, CodeEmptyImage},
		{"JSON: not base64", func() *http.Request { return jsonRequest("/v1/verify", map[string]any{"image": "%%%%"}) }, 400, CodeBadRequest},
		{"JSON: unknown field", func() *http.Request {
			return jsonRequest("/v1/verify", map[string]any{"image": base64.StdEncoding.EncodeToString(doc), "extra": 1})
		}, 400, CodeBadRequest},
		{"JSON: huge image", func() *http.Request {
			return jsonRequest("/v1/verify", map[string]any{"image": base64.StdEncoding.EncodeToString(file("huge.jpg"))})
		}, 422, CodeImageTooLarge},
		{"overlay not a boolean", func() *http.Request {
			return multipartRequest("/v1/verify?overlay=maybe", map[string][]byte{"image": doc})
		}, 400, CodeBadRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := s.do(c.req())
			if rec.Code != c.status || errorCode(t, rec) != c.code {
				t.Errorf("got %d %s, want %d %s: %s", rec.Code, errorCode(t, rec), c.status, c.code, rec.Body.String())
			}
			if strings.Contains(rec.Body.String(), "bad input") || strings.Contains(rec.Body.String(), "image: image") {
				t.Errorf("internal error text reached the client: %s", rec.Body.String())
			}
		})
	}
	// The service keeps serving.
	rec := s.do(multipartRequest("/v1/verify", map[string][]byte{"image": doc}))
	if rec.Code != http.StatusOK {
		t.Fatalf("a good document after the bad ones: %d %s", rec.Code, rec.Body.String())
	}
}

// Generators of the bad inputs.

func noiseImage(w, h int) *image.RGBA {
	r := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	return img
}

func noiseJPEG(w, h int) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, noiseImage(w, h), &jpeg.Options{Quality: 90})
	return b.Bytes()
}

func noisePNG(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, noiseImage(w, h))
	return b.Bytes()
}

func flatPNG(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func tinyGIF() []byte {
	var b bytes.Buffer
	img := image.NewPaletted(image.Rect(0, 0, 1, 1), color.Palette{color.Black, color.White})
	gif.Encode(&b, img, nil)
	return b.Bytes()
}

// pngChunk is a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// pngHeader is a PNG whose header claims w×h pixels, with a few bytes of data: tiny on disk,
// enormous if anyone decoded it.
func pngHeader(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// jpegHeader is a baseline JPEG whose frame header claims w×h pixels and holds no image data.
func jpegHeader(w, h int) []byte {
	out := []byte{0xFF, 0xD8}                                                                   // SOI
	out = append(out, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0) // APP0 JFIF
	out = append(out, 0xFF, 0xDB, 0x00, 0x43, 0x00)                                             // DQT, table 0
	out = append(out, bytes.Repeat([]byte{1}, 64)...)
	sof := []byte{0xFF, 0xC0, 0x00, 0x11, 0x08, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 0x03}
	sof = append(sof, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0) // three components, 1×1 sampling
	out = append(out, sof...)
	return append(out, 0xFF, 0xD9) // EOI
}

// apng is an 8×8 PNG with an acTL chunk (APNG) before its image data.
func apng() []byte {
	b := noisePNG(8, 8)
	ihdrEnd := 8 + 8 + 13 + 4
	actl := pngChunk("acTL", []byte{0, 0, 0, 2, 0, 0, 0, 0})
	return append(append(append([]byte{}, b[:ihdrEnd]...), actl...), b[ihdrEnd:]...)
}
