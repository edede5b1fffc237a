package detect

import "math"

// Capture describes how a document was captured, as far as the image shows it: its resolution
// and how far the camera looked at it from the side. Flatbed scanners and kiosk readers give
// documents at a fixed, high resolution, seen square on; phone photos give them smaller,
// softer and in perspective. Checks compare a document with its specimen differently in the two
// cases, so the risk model is calibrated for each class.
type Capture struct {
	Class       string  `json:"class"`       // CaptureDocument or CapturePhoto
	PxPerMM     float64 `json:"px_per_mm"`   // the page's resolution in the input image
	Perspective float64 `json:"perspective"` // how much opposite sides of the page differ in length (0: seen square on)
	BlurMM      float64 `json:"blur_mm"`     // the Gaussian blur (σ, in millimetres of the page) that makes the reference look as sharp as the page
}

// The capture classes.
const (
	CaptureDocument = "document" // a scanner or a document reader: high resolution, square on
	CapturePhoto    = "photo"    // a camera: lower resolution, or in perspective
)

// Below this resolution, or beyond this perspective, a capture is a photo. Scanners at 300 dpi
// give 11.8 px/mm; document readers more. Genuine scans and reader captures show a page's
// opposite sides within 0.0014 of each other (257 genuine ones of the calibration set; forgeries
// whose printing registers askew, more); a phone held close and nearly square on gives the
// scanner's resolution, and the genuine ones judged as scans for it (four of 82–107 phone
// photos on three evaluation sets, all failing a scan's colour thresholds) showed 0.019–0.028.
const (
	photoPxPerMM     = 10.0
	photoPerspective = 0.015
)

// CaptureOf classifies the capture of an identified document.
func CaptureOf(id *Identification) Capture {
	if id == nil || id.Spec == nil || id.Spec.SizeMM[0] <= 0 {
		return Capture{Class: CaptureDocument}
	}
	c := id.Corners
	top, bottom := dist(c[0], c[1]), dist(c[3], c[2])
	left, right := dist(c[0], c[3]), dist(c[1], c[2])
	pxmm := (top + bottom) / 2 / id.Spec.SizeMM[0]
	persp := math.Max(math.Abs(top/math.Max(bottom, 1)-1), math.Abs(left/math.Max(right, 1)-1))
	out := Capture{Class: CaptureDocument, PxPerMM: math.Round(pxmm*100) / 100, Perspective: math.Round(persp*1e4) / 1e4}
	if pxmm < photoPxPerMM || persp > photoPerspective {
		out.Class = CapturePhoto
	}
	return out
}
