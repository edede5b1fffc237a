package detect

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"gocv.io/x/gocv"
)

// demoScans are the committed demo samples captured on a 300 dpi flatbed: three models,
// genuine and forged (a wrong check digit, altered fields, a counterfeit print, a missing
// feature).
var demoScans = []string{"s000000", "s000003", "s000004", "s000006", "s000008", "s000010"}

// BenchmarkMRZRead times the MRZ stage (locate, OCR, repair; the image decoded beforehand) on
// the demo scans, one OCR client, and reports the median per scan and the process's peak
// resident memory:
//
//	OMP_THREAD_LIMIT=1 taskset -c 0 go test -run '^$' -bench MRZRead -benchtime 10x ./detect
func BenchmarkMRZRead(b *testing.B) {
	r := testReader(b)
	var imgs []gocv.Mat
	for _, id := range demoScans {
		data, err := os.ReadFile(filepath.Join("..", "samples", "demo", "images", id+".jpg"))
		if err != nil {
			b.Fatal(err)
		}
		m, err := Decode(data, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		defer m.Close()
		imgs = append(imgs, m)
	}
	none := gocv.NewMat()
	defer none.Close()
	ctx := context.Background()
	var per []time.Duration
	for b.Loop() {
		for _, m := range imgs {
			start := time.Now()
			if rd := r.Read(ctx, m, none); rd.Box == nil {
				b.Fatal("no MRZ found on a demo scan")
			}
			per = append(per, time.Since(start))
		}
	}
	slices.Sort(per)
	b.ReportMetric(float64(per[len(per)/2].Microseconds())/1000, "ms-median/scan")
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) == nil {
		b.ReportMetric(float64(u.Maxrss)/1024, "MB-peak-rss")
	}
}
