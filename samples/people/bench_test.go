package people

import "testing"

// BenchmarkPortrait draws passport photos at 35×45 mm and 300 dpi (target: under 25 ms each).
func BenchmarkPortrait(b *testing.B) {
	b.ReportAllocs()
	seed := uint64(0)
	for b.Loop() {
		seed++
		Portrait(mix64(seed), 413, 531)
	}
}
