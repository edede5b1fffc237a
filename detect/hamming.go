package detect

import (
	"encoding/binary"
	"math"
	"math/bits"

	"gocv.io/x/gocv"
)

// binaryDescriptors holds ORB descriptors (32 bytes each) as four 64-bit words per descriptor,
// for brute-force Hamming matching without OpenCV's per-pair overhead.
type binaryDescriptors []uint64

// descriptorsOf copies an ORB descriptor Mat (n×32, CV_8U) into words.
func descriptorsOf(desc gocv.Mat) binaryDescriptors {
	if desc.Empty() || desc.Cols() != 32 {
		return nil
	}
	b := desc.ToBytes()
	out := make(binaryDescriptors, len(b)/8)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out
}

func (d binaryDescriptors) len() int { return len(d) / 4 }

// nearestTwo is a query descriptor's two nearest train descriptors.
type nearestTwo struct {
	best, second int // train indices (second −1 when there is only one)
	d1, d2       int // their Hamming distances
}

// knn2 finds, for every query descriptor, its two nearest train descriptors by Hamming
// distance, as OpenCV's brute-force matcher does with k = 2.
func knn2(query, train binaryDescriptors) []nearestTwo {
	out := make([]nearestTwo, query.len())
	for i := range out {
		q := query[4*i : 4*i+4 : 4*i+4]
		q0, q1, q2, q3 := q[0], q[1], q[2], q[3]
		b, s := -1, -1
		d1, d2 := math.MaxInt, math.MaxInt
		for j := 0; j+4 <= len(train); j += 4 {
			t := train[j : j+4 : j+4]
			d := bits.OnesCount64(q0^t[0]) + bits.OnesCount64(q1^t[1]) + bits.OnesCount64(q2^t[2]) + bits.OnesCount64(q3^t[3])
			if d < d2 {
				if d < d1 {
					s, d2 = b, d1
					b, d1 = j/4, d
				} else {
					s, d2 = j/4, d
				}
			}
		}
		out[i] = nearestTwo{b, s, d1, d2}
	}
	return out
}
