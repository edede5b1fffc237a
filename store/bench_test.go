package store

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRecord measures Record on each driver: one writer at a time (with the median and
// 99th-percentile latency), then four goroutines per core. SQLite syncs each commit
// (synchronous=FULL); the test PostgreSQL server runs with its defaults (fsync on) over TCP on
// 127.0.0.1.
func BenchmarkRecord(b *testing.B) {
	for _, d := range drivers {
		b.Run(d.name, func(b *testing.B) {
			s := open(b, d.cfg(b))
			ctx := context.Background()
			b.ReportAllocs()
			var lat []time.Duration
			i := 0
			for b.Loop() {
				v := verification(i)
				v.ID = fmt.Sprintf("b%08d", i)
				start := time.Now()
				if err := s.Record(ctx, v); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				i++
			}
			slices.Sort(lat)
			ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
		})
		b.Run(d.name+"-parallel", func(b *testing.B) {
			s := open(b, d.cfg(b))
			ctx := context.Background()
			var n atomic.Int64
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					v := verification(int(i))
					v.ID = fmt.Sprintf("b%08d", i)
					if err := s.Record(ctx, v); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
