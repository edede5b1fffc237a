package detect

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	"gocv.io/x/gocv"
)

// Untrusted image bytes enter docverify here and only here: a size limit, the format sniffed
// from magic bytes (never a file name or Content-Type), the dimensions read from the header and
// limited before anything is decoded, decoding in Go (OpenCV's decoders never see user bytes),
// EXIF orientation applied, and the pixels handed to OpenCV.

// Limits bound what Decode accepts.
type Limits struct {
	MaxBytes  int // encoded size
	MaxSide   int // pixels on either side
	MaxPixels int // width × height
}

// DefaultLimits: 15 MiB, 10,000 pixels a side, 40 megapixels.
var DefaultLimits = Limits{MaxBytes: 15 << 20, MaxSide: 10000, MaxPixels: 40_000_000}

// ImageError is why an image was refused. Kind says which limit or rule it broke.
type ImageError struct {
	Kind string // too_large, unsupported_type, too_many_pixels, malformed, multi_frame, empty
	Msg  string
}

func (e *ImageError) Error() string { return "image " + e.Kind + ": " + e.Msg }

// IsImageError returns the ImageError in err's chain, if any.
func IsImageError(err error) (*ImageError, bool) {
	var ie *ImageError
	ok := errors.As(err, &ie)
	return ie, ok
}

var (
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
)

// Sniff names the format of encoded image bytes by their magic bytes: "jpeg", "png" or "".
func Sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, magicJPEG):
		return "jpeg"
	case bytes.HasPrefix(b, magicPNG):
		return "png"
	}
	return ""
}

// Decode checks and decodes a JPEG or PNG into an 8-bit BGR Mat, upright as its EXIF
// orientation says. The caller closes the Mat.
func Decode(b []byte, lim Limits) (gocv.Mat, error) {
	if len(b) == 0 {
		return gocv.NewMat(), &ImageError{"empty", "the image is empty (0 bytes)"}
	}
	if lim.MaxBytes > 0 && len(b) > lim.MaxBytes {
		return gocv.NewMat(), &ImageError{"too_large", fmt.Sprintf("%d bytes is more than the %d allowed", len(b), lim.MaxBytes)}
	}
	format := Sniff(b)
	if format == "" {
		return gocv.NewMat(), &ImageError{"unsupported_type", "only JPEG and PNG images are accepted (judged by content)"}
	}
	if format == "png" && isAnimatedPNG(b) {
		return gocv.NewMat(), &ImageError{"multi_frame", "animated PNG: give a single image"}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return gocv.NewMat(), &ImageError{"malformed", "the " + format + " header cannot be read"}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || (lim.MaxSide > 0 && (cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide)) ||
		(lim.MaxPixels > 0 && cfg.Width*cfg.Height > lim.MaxPixels) {
		return gocv.NewMat(), &ImageError{"too_many_pixels", fmt.Sprintf("%d×%d pixels; at most %d a side and %d in all", cfg.Width, cfg.Height, lim.MaxSide, lim.MaxPixels)}
	}
	var img image.Image
	if format == "jpeg" {
		img, err = jpeg.Decode(bytes.NewReader(b))
	} else {
		img, err = png.Decode(bytes.NewReader(b))
	}
	if err != nil {
		return gocv.NewMat(), &ImageError{"malformed", "the " + format + " data is damaged or truncated"}
	}
	m, err := toBGR(img)
	if err != nil {
		return m, err
	}
	if format == "jpeg" {
		if o := exifOrientation(b); o > 1 {
			m = orient(m, o)
		}
	}
	return m, nil
}

// isAnimatedPNG reports an acTL chunk before the image data.
func isAnimatedPNG(b []byte) bool {
	for p := 8; p+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		typ := string(b[p+4 : p+8])
		if typ == "acTL" {
			return true
		}
		if typ == "IDAT" || n < 0 || p+12+n > len(b) {
			return false
		}
		p += 12 + n
	}
	return false
}

// ImageToBGR copies an image into an 8-bit three-channel BGR Mat.
func ImageToBGR(img image.Image) (gocv.Mat, error) { return toBGR(img) }

// toBGR copies an image into an 8-bit three-channel BGR Mat.
func toBGR(img image.Image) (gocv.Mat, error) {
	b := img.Bounds()
	rgba, ok := img.(*image.RGBA)
	if !ok || rgba.Rect.Min != (image.Point{}) {
		rgba = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Src)
	}
	src, err := gocv.NewMatFromBytes(b.Dy(), b.Dx(), gocv.MatTypeCV8UC4, rgba.Pix)
	if err != nil {
		return gocv.NewMat(), err
	}
	defer src.Close()
	out := gocv.NewMat()
	gocv.CvtColor(src, &out, gocv.ColorRGBAToBGR)
	return out, nil
}

// exifOrientation reads the EXIF orientation tag (1–8) of a JPEG, or 0.
func exifOrientation(b []byte) int {
	for p := 2; p+4 <= len(b) && b[p] == 0xFF; {
		marker, n := b[p+1], int(binary.BigEndian.Uint16(b[p+2:]))
		if marker == 0xDA || n < 2 || p+2+n > len(b) { // start of scan: no more headers
			return 0
		}
		seg := b[p+4 : p+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 0
}

func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			v := int(bo.Uint16(t[e+8:]))
			if v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// orient turns a Mat upright for an EXIF orientation (2–8), closing the input.
func orient(m gocv.Mat, o int) gocv.Mat {
	out := gocv.NewMat()
	switch o {
	case 2:
		gocv.Flip(m, &out, 1)
	case 3:
		gocv.Rotate(m, &out, gocv.Rotate180Clockwise)
	case 4:
		gocv.Flip(m, &out, 0)
	case 5:
		gocv.Transpose(m, &out)
	case 6:
		gocv.Rotate(m, &out, gocv.Rotate90Clockwise)
	case 7:
		t := gocv.NewMat()
		gocv.Transpose(m, &t)
		gocv.Flip(t, &out, -1)
		t.Close()
	case 8:
		gocv.Rotate(m, &out, gocv.Rotate90CounterClockwise)
	default:
		m.CopyTo(&out)
	}
	m.Close()
	return out
}
