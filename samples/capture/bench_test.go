package capture

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkTake captures a 1476×1039 data page (kiosk with IR and UV) over 32 seeds in turn,
// so that the figure is an average over the capture's random choices. Besides wall time it
// reports CPU time per shot (cpu-ms/op), which other load on the machine does not inflate;
// run it on one core with `taskset -c 0`.
func BenchmarkTake(b *testing.B) {
	p := testPage(true, true)
	for _, k := range Kinds() {
		b.Run(string(k), func(b *testing.B) {
			seed := uint64(0)
			start := cpuTime()
			for b.Loop() {
				if _, err := Take(seeded(seed%32), k, p); err != nil {
					b.Fatal(err)
				}
				seed++
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkEffects runs the document-level effects on a 1476×1039 page.
func BenchmarkEffects(b *testing.B) {
	p := testPage(false, false)
	for _, e := range effects {
		for _, s := range Strengths() {
			b.Run(e.name+"/"+s, func(b *testing.B) {
				for b.Loop() {
					e.f(seeded(1), p.Visible, s)
				}
			})
		}
	}
}
