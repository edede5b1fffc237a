package detect

import (
	"github.com/otiai10/gosseract/v2"
	"gocv.io/x/gocv"
)

// NativeVersions names the native libraries the binary is linked against.
type NativeVersions struct {
	OpenCV    string `json:"opencv"`    // e.g. "4.6.0"
	GoCV      string `json:"gocv"`      // the gocv binding, e.g. "0.31.0"
	Tesseract string `json:"tesseract"` // e.g. "5.3.0"
}

// Versions reports the versions of OpenCV, gocv and Tesseract in use. Calling it proves that
// both libraries are linked and load.
func Versions() NativeVersions {
	return NativeVersions{
		OpenCV:    gocv.OpenCVVersion(),
		GoCV:      gocv.Version(),
		Tesseract: gosseract.Version(),
	}
}
