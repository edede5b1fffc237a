package detect

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// encodePNG makes a w×h PNG with a marker in its top-left corner.
func encodePNG(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk builds a PNG chunk.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// hugePNG is a PNG header claiming w×h pixels, with no real image data.
func hugePNG(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	return append(append(append([]byte{}, magicPNG...), pngChunk("IHDR", ihdr)...), pngChunk("IEND", nil)...)
}

// animatedPNG inserts an acTL chunk after IHDR.
func animatedPNG(t *testing.T) []byte {
	p := encodePNG(t, 8, 8)
	ihdrEnd := 8 + 8 + 13 + 4
	actl := pngChunk("acTL", []byte{0, 0, 0, 2, 0, 0, 0, 0})
	return append(append(append([]byte{}, p[:ihdrEnd]...), actl...), p[ihdrEnd:]...)
}

// jpegWithOrientation encodes a w×h JPEG (red left half) carrying an EXIF orientation tag.
func jpegWithOrientation(t *testing.T, w, h int, o uint16) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x < w/2 {
				img.Set(x, y, color.RGBA{255, 0, 0, 255})
			} else {
				img.Set(x, y, color.RGBA{0, 0, 255, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// Exif APP1: "Exif\0\0" + TIFF (II) with one IFD entry: orientation.
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, byte(o), byte(o >> 8), 0, 0, 0, 0, 0, 0}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	j := b.Bytes()
	return append(append(append([]byte{}, j[:2]...), seg...), j[2:]...)
}

// TestDecodeRejects: every kind of bad input gets its own clear error, before any decoding of
// pixel data where the header already tells.
func TestDecodeRejects(t *testing.T) {
	good := encodePNG(t, 32, 16)
	for _, c := range []struct {
		name string
		data []byte
		lim  Limits
		kind string
	}{
		{"zero bytes", nil, DefaultLimits, "empty"},
		{"text", []byte("this is not an image"), DefaultLimits, "unsupported_type"},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), DefaultLimits, "unsupported_type"},
		{"over the byte limit", good, Limits{MaxBytes: 10, MaxSide: 100, MaxPixels: 1000}, "too_large"},
		{"side over the limit", hugePNG(20000, 100), DefaultLimits, "too_many_pixels"},
		{"pixels over the limit", hugePNG(9000, 9000), DefaultLimits, "too_many_pixels"},
		{"truncated PNG", good[:len(good)/2], DefaultLimits, "malformed"},
		{"truncated JPEG", jpegWithOrientation(t, 40, 20, 1)[:200], DefaultLimits, "malformed"},
		{"PNG magic, garbage after", append(append([]byte{}, magicPNG...), bytes.Repeat([]byte{7}, 64)...), DefaultLimits, "malformed"},
		{"animated PNG", animatedPNG(t), DefaultLimits, "multi_frame"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Decode(c.data, c.lim)
			defer m.Close()
			ie, ok := IsImageError(err)
			if !ok || ie.Kind != c.kind {
				t.Errorf("Decode: %v, want an ImageError of kind %s", err, c.kind)
			}
		})
	}
}

// TestDecodeOrientation: EXIF orientation is applied (6: turned a quarter clockwise).
func TestDecodeOrientation(t *testing.T) {
	for _, c := range []struct {
		o         uint16
		w, h      int
		redAtLeft bool // after orientation, is red on the left (upright) or at the top (turned)?
		redOnTop  bool
	}{
		{1, 40, 20, true, false},
		{3, 40, 20, false, false},
		{6, 20, 40, false, true},
		{8, 20, 40, false, false},
	} {
		m, err := Decode(jpegWithOrientation(t, 40, 20, c.o), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if m.Cols() != c.w || m.Rows() != c.h {
			t.Errorf("orientation %d: %dx%d, want %dx%d", c.o, m.Cols(), m.Rows(), c.w, c.h)
		}
		// The red half was on the left: upright it stays there, turned half round it is on the
		// right, a quarter clockwise it is on top, a quarter anticlockwise at the bottom. BGR:
		// red is channel 2.
		left := m.GetVecbAt(m.Rows()/2, 2)[2] > 128
		top := m.GetVecbAt(2, m.Cols()/2)[2] > 128
		if c.o == 1 && !left || c.o == 3 && left || c.o == 6 && !top || c.o == 8 && top {
			t.Errorf("orientation %d: red left %v, top %v", c.o, left, top)
		}
		m.Close()
	}
}

// TestDecodePNG decodes a PNG into BGR with the right size and colours.
func TestDecodePNG(t *testing.T) {
	m, err := Decode(encodePNG(t, 32, 16), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Cols() != 32 || m.Rows() != 16 || m.Channels() != 3 {
		t.Fatalf("%dx%d×%d", m.Cols(), m.Rows(), m.Channels())
	}
	if v := m.GetVecbAt(0, 0); v[2] != 255 || v[0] != 0 {
		t.Errorf("top-left pixel BGR %v, want red", v)
	}
}
