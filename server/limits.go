package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	_ "image/jpeg" // image.DecodeConfig reads JPEG and PNG headers
	_ "image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/gin-gonic/gin"
)

// Untrusted bytes arrive here. The body is bounded (http.MaxBytesReader, 413) before anything
// reads it; each image is judged by its magic bytes and its header (size, format, pixels) before
// it may wait for a worker, so bad input never takes a place in the queue. Decoding itself
// happens in the engine (detect.Decode), which checks all of it again.

// The parts of a verification request.
const (
	partImage = "image"
	partIR    = "ir"
	partUV    = "uv"
)

// partName names a part in messages.
var partName = map[string]string{partImage: "image", partIR: "infrared image", partUV: "ultraviolet image"}

// maxParts bounds the parts of a multipart body.
const maxParts = 8

// limitBody bounds the request body to n bytes: a declared length above it is refused at
// once, a body that turns out longer fails its read with *http.MaxBytesError (413).
func limitBody(c *gin.Context, n int64) error {
	if c.Request.ContentLength > n {
		return errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "the request body is larger than %d bytes", n)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
	return nil
}

// readInput reads a verification request, multipart/form-data or JSON, and checks each image's
// header.
func (s *Server) readInput(c *gin.Context) (engine.Input, error) {
	var in engine.Input
	if err := limitBody(c, s.cfg.MaxUpload); err != nil {
		return in, err
	}
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch {
	case err != nil:
		return in, errorf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "send multipart/form-data or application/json")
	case mt == "multipart/form-data":
		in, err = readMultipart(c.Request.Body, params["boundary"])
	case mt == "application/json":
		in, err = readJSONInput(c.Request.Body)
	default:
		return in, errorf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "send multipart/form-data or application/json")
	}
	if err != nil {
		return in, err
	}
	lim := s.cfg.Engine.Limits
	for _, p := range []struct {
		name string
		b    []byte
	}{{partImage, in.Image}, {partIR, in.IR}, {partUV, in.UV}} {
		if p.name != partImage && p.b == nil {
			continue
		}
		if err := preflight(p.name, p.b, lim); err != nil {
			return in, err
		}
	}
	return in, nil
}

// readMultipart reads the image, ir and uv parts. Empty ir and uv parts count as absent (a
// browser sends an empty part for a file input left empty).
func readMultipart(body io.Reader, boundary string) (engine.Input, error) {
	var in engine.Input
	if boundary == "" {
		return in, errorf(http.StatusBadRequest, CodeBadRequest, "the multipart body has no boundary")
	}
	mr := multipart.NewReader(body, boundary)
	seen := map[string]bool{}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return in, readError(err, "the multipart body cannot be read")
		}
		if n >= maxParts {
			return in, errorf(http.StatusBadRequest, CodeBadRequest, "too many form fields; send image, ir and uv")
		}
		name := part.FormName()
		var dst *[]byte
		switch name {
		case partImage:
			dst = &in.Image
		case partIR:
			dst = &in.IR
		case partUV:
			dst = &in.UV
		default:
			return in, errorf(http.StatusBadRequest, CodeBadRequest, "unexpected form field; the fields are image, ir and uv")
		}
		if seen[name] {
			return in, errorf(http.StatusBadRequest, CodeBadRequest, "the %s field is given twice", name)
		}
		seen[name] = true
		b, err := io.ReadAll(part)
		if err != nil {
			return in, readError(err, "the multipart body cannot be read")
		}
		if len(b) == 0 && name != partImage {
			continue
		}
		if b == nil {
			b = []byte{}
		}
		*dst = b
	}
	if !seen[partImage] {
		return in, errorf(http.StatusBadRequest, CodeMissingImage, "the image field is missing")
	}
	return in, nil
}

// jsonInput is the JSON form of a verification request: base64 images (a data: URL prefix is
// accepted).
type jsonInput struct {
	Image *string `json:"image"`
	IR    *string `json:"ir"`
	UV    *string `json:"uv"`
}

func readJSONInput(body io.Reader) (engine.Input, error) {
	var in engine.Input
	var req jsonInput
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return in, readError(err, "the JSON body cannot be read: want {\"image\": base64, \"ir\": base64, \"uv\": base64}")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return in, errorf(http.StatusBadRequest, CodeBadRequest, "the JSON body has data after its object")
	}
	if req.Image == nil {
		return in, errorf(http.StatusBadRequest, CodeMissingImage, "the image field is missing")
	}
	var err error
	for _, f := range []struct {
		name string
		s    *string
		dst  *[]byte
	}{{partImage, req.Image, &in.Image}, {partIR, req.IR, &in.IR}, {partUV, req.UV, &in.UV}} {
		if f.s == nil || (*f.s == "" && f.name != partImage) {
			continue
		}
		if *f.dst, err = decodeBase64(*f.s); err != nil {
			return in, errorf(http.StatusBadRequest, CodeBadRequest, "the %s field is not valid base64", f.name)
		}
	}
	return in, nil
}

// decodeBase64 decodes standard or URL base64, padded or not, after an optional data: URL
// prefix.
func decodeBase64(s string) ([]byte, error) {
	if strings.HasPrefix(s, "data:") {
		_, after, ok := strings.Cut(s, ";base64,")
		if !ok {
			return nil, errors.New("a data URL that is not base64")
		}
		s = after
	}
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "-_") {
		return base64.RawURLEncoding.DecodeString(s)
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, err
}

// readError maps an error met while reading the body: too large (413) or unreadable (400).
func readError(err error, msg string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err // publicError: 413
	}
	return errorf(http.StatusBadRequest, CodeBadRequest, "%s", msg).withCause(err)
}

// preflight checks an image from its first bytes and header, without decoding it: not empty,
// not too large, JPEG or PNG by content, a header that reads, and the pixel limits.
func preflight(part string, b []byte, lim detect.Limits) error {
	if len(b) == 0 {
		return errorf(http.StatusBadRequest, CodeEmptyImage, "the %s is empty (0 bytes)", partName[part])
	}
	if lim.MaxBytes > 0 && len(b) > lim.MaxBytes {
		return errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "the %s has %d bytes, more than the %d allowed", partName[part], len(b), lim.MaxBytes)
	}
	format := detect.Sniff(b)
	if format == "" {
		return errorf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "the %s is neither JPEG nor PNG (judged by its content)", partName[part])
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return errorf(http.StatusUnprocessableEntity, CodeMalformedImage, "the %s's %s header cannot be read", partName[part], strings.ToUpper(format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || (lim.MaxSide > 0 && (cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide)) ||
		(lim.MaxPixels > 0 && cfg.Width*cfg.Height > lim.MaxPixels) {
		return errorf(http.StatusUnprocessableEntity, CodeImageTooLarge, "the %s has %d×%d pixels; at most %d a side and %d in all",
			partName[part], cfg.Width, cfg.Height, lim.MaxSide, lim.MaxPixels)
	}
	return nil
}
