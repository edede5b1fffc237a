package detect

/*
#cgo !windows pkg-config: opencv4
#cgo CXXFLAGS: --std=c++11
#include <stdlib.h>
#include "ecc.h"
*/
import "C"

import (
	"math"
	"unsafe"

	"gocv.io/x/gocv"
)

// findECC registers input to tmpl over the pixels of tmpl that mask marks (tmpl's size, 8-bit)
// with a homography (warp: 3×3 float32, from tmpl's pixels to input's, updated in place) and
// returns the correlation reached, or 0 when the search could not start (images that do not
// overlap or do not correspond). The warp returned is the best the search came to, never worse
// than the one it started from. See ecc.cpp.
func findECC(tmpl, input gocv.Mat, warp *gocv.Mat, mask gocv.Mat, iterations int, eps float64) float64 {
	cc := float64(C.docverify_ecc(unsafe.Pointer(tmpl.Ptr()), unsafe.Pointer(input.Ptr()), unsafe.Pointer(warp.Ptr()), unsafe.Pointer(mask.Ptr()), C.int(iterations), C.double(eps), 5))
	if cc < 0 || math.IsNaN(cc) {
		return 0
	}
	return cc
}

// SetNativeThreads sets how many threads OpenCV's parallel loops use, for the whole process.
// With several documents checked at once, one each: the parallelism comes from the workers,
// and a check's time then does not depend on what the other workers are doing.
func SetNativeThreads(n int) { C.docverify_set_threads(C.int(n)) }
