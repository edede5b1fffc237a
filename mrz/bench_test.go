package mrz

import (
	"testing"
	"time"
)

// benchMRZs are one MRZ of each layout, valid, as the benchmarks parse them.
var benchMRZs = map[string][]string{
	"TD1":  {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
	"TD2":  {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
	"TD3":  {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
	"MRVA": {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"},
	"MRVB": {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"},
}

// BenchmarkParse measures parsing and validating one MRZ (target: ≤ 2 µs and ≤ 10
// allocations per MRZ on the project's 2-core machine).
func BenchmarkParse(b *testing.B) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"TD1", "TD2", "TD3", "MRVA", "MRVB"} {
		lines := benchMRZs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if d := ParseAt(lines, now); !d.Valid {
					b.Fatal(d.Errors)
				}
			}
		})
	}
}

// TestParseAllocations holds Parse to its allocation budget, which unlike time does not depend
// on the machine: at most 10 allocations per valid MRZ.
func TestParseAllocations(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for name, lines := range benchMRZs {
		if !ParseAt(lines, now).Valid {
			t.Fatalf("%s: benchmark MRZ is not valid: %v", name, ParseAt(lines, now).Errors)
		}
		if n := testing.AllocsPerRun(100, func() { ParseAt(lines, now) }); n > 10 {
			t.Errorf("%s: %.0f allocations per Parse, want ≤ 10", name, n)
		}
	}
}
