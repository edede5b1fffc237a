package people

import (
	"bytes"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/docverify/docverify/mrz"
)

var testNow = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

func TestNewHolderDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed uint64
	}{
		{"seed 0", 0},
		{"seed 1", 1},
		{"large seed", 0xDEADBEEFCAFE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := rand.New(rand.NewPCG(tc.seed, 7))
			b := rand.New(rand.NewPCG(tc.seed, 7))
			for i := range 500 {
				if x, y := NewHolder(a, testNow), NewHolder(b, testNow); x != y {
					t.Fatalf("draw %d: %#v and %#v differ", i, x.Name(), y.Name())
				}
			}
		})
	}
	a, b := NewHolder(rand.New(rand.NewPCG(1, 7)), testNow), NewHolder(rand.New(rand.NewPCG(2, 7)), testNow)
	if a == b {
		t.Error("different seeds gave the same holder")
	}
}

// TestNewHolderFields checks every field of many holders, for several reference days.
func TestNewHolderFields(t *testing.T) {
	known := map[string]bool{}
	for _, c := range Cultures() {
		known[c] = true
	}
	for _, tc := range []struct {
		name string
		now  time.Time
	}{
		{"an ordinary day", testNow},
		{"a leap day", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)},
		{"the first of March after a leap day", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"new year's eve, late, east of UTC", time.Date(2025, 12, 31, 23, 59, 0, 0, time.FixedZone("UTC+14", 14*3600))},
		{"new year's day, early, west of UTC", time.Date(2026, 1, 1, 0, 1, 0, 0, time.FixedZone("UTC-12", -12*3600))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			today := dateOf(tc.now)
			for i := range 3000 {
				h := NewHolder(r, tc.now)
				d := h.BirthDate
				born := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
				switch {
				case born.Year() != d.Year || int(born.Month()) != d.Month || born.Day() != d.Day:
					t.Fatalf("draw %d: birth date %v is not a calendar date", i, d)
				case born.After(today):
					t.Fatalf("draw %d: born %v after today %v", i, d, today.Format(time.DateOnly))
				}
				if age := h.Age(tc.now); age < 0 || age > MaxAge {
					t.Fatalf("draw %d: age %d on %v, born %v", i, age, today.Format(time.DateOnly), d)
				}
				if !known[h.Culture] || h.Surname == "" || h.PlaceOfBirth == "" {
					t.Fatalf("draw %d: incomplete holder %s", i, h)
				}
				if h.Sex != "M" && h.Sex != "F" && h.Sex != "X" {
					t.Fatalf("draw %d: sex %q", i, h.Sex)
				}
				l := lookOf(h.PortraitSeed)
				if l.band != bandOf(h.Age(tc.now)) || (h.Sex == "M" && !l.masculine) || (h.Sex == "F" && l.masculine) {
					t.Fatalf("draw %d: portrait look %+v for sex %s aged %d", i, l, h.Sex, h.Age(tc.now))
				}
			}
		})
	}
}

// TestNewHolderDistribution checks the shares of cultures, sexes, ages and name shapes.
func TestNewHolderDistribution(t *testing.T) {
	const n = 2000
	r := rand.New(rand.NewPCG(5, 6))
	cultures := map[string]int{}
	sexes := map[string]int{}
	var mononyms, children, elderly, truncTD3, truncTD1 int
	for range n {
		h := NewHolder(r, testNow)
		cultures[h.Culture]++
		sexes[h.Sex]++
		if h.GivenNames == "" {
			mononyms++
		}
		switch age := h.Age(testNow); {
		case age < 18:
			children++
		case age >= 65:
			elderly++
		}
		if _, tr := mrz.NameField(h.Surname, h.GivenNames, 39); tr {
			truncTD3++
		}
		if _, tr := mrz.NameField(h.Surname, h.GivenNames, 30); tr {
			truncTD1++
		}
	}
	for _, c := range Cultures() {
		if cultures[c] == 0 {
			t.Errorf("culture %s never drawn in %d holders", c, n)
		}
	}
	share := func(k int) float64 { return float64(k) / n }
	for _, tc := range []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"sex M", share(sexes["M"]), 0.44, 0.54},
		{"sex F", share(sexes["F"]), 0.44, 0.54},
		{"sex X", share(sexes["X"]), 0.008, 0.04},
		{"mononymous", share(mononyms), 0.002, 0.025},
		{"under 18", share(children), 0.15, 0.25},
		{"65 and over", share(elderly), 0.13, 0.23},
		{"name truncated in TD3 (39 characters)", share(truncTD3), 0.003, 0.15},
		{"name truncated in TD1 (30 characters)", share(truncTD1), 0.02, 0.4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Logf("share %.3f", tc.got)
			if tc.got < tc.min || tc.got > tc.max {
				t.Errorf("share %.3f, want %.3f to %.3f", tc.got, tc.min, tc.max)
			}
		})
	}
}

// TestHolderMRZ writes holders into passports and identity cards and reads them back: the
// names transliterate, the birth dates are valid, the MRZ holds.
func TestHolderMRZ(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for i := range 1000 {
		h := NewHolder(r, testNow)
		for _, f := range []mrz.Format{mrz.TD3, mrz.TD1} {
			lines, err := mrz.Generate(f, mrz.Fields{
				IssuingState: "UTO", Nationality: "UTO", Surname: h.Surname, GivenNames: h.GivenNames,
				DocumentNumber: "L898902C3", BirthDate: h.BirthDate, Sex: h.Sex,
				ExpiryDate: mrz.Date{Year: 2031, Month: 3, Day: 13},
			})
			if err != nil {
				t.Fatalf("draw %d, %v: %v", i, f, err)
			}
			if doc := mrz.ParseAt(lines, testNow); !doc.Valid {
				t.Fatalf("draw %d, %v: %v not valid: %v", i, f, lines, doc.Err())
			}
		}
	}
}

func TestAge(t *testing.T) {
	for _, tc := range []struct {
		name string
		born mrz.Date
		now  time.Time
		want int
	}{
		{"born today", mrz.Date{Year: 2026, Month: 3, Day: 14}, testNow, 0},
		{"birthday today", mrz.Date{Year: 1990, Month: 3, Day: 14}, testNow, 36},
		{"birthday tomorrow", mrz.Date{Year: 1990, Month: 3, Day: 15}, testNow, 35},
		{"leap-day birth, common year, 28 February", mrz.Date{Year: 2000, Month: 2, Day: 29}, time.Date(2025, 2, 28, 12, 0, 0, 0, time.UTC), 24},
		{"leap-day birth, common year, 1 March", mrz.Date{Year: 2000, Month: 2, Day: 29}, time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), 25},
		{"leap-day birth, leap year", mrz.Date{Year: 2000, Month: 2, Day: 29}, time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), 24},
		{"local calendar day counts", mrz.Date{Year: 2000, Month: 1, Day: 1}, time.Date(2025, 12, 31, 23, 0, 0, 0, time.FixedZone("UTC+14", 14*3600)), 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Holder{BirthDate: tc.born}).Age(tc.now); got != tc.want {
				t.Errorf("Age = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestHolderRedaction checks that no way of logging or printing a holder shows its data.
func TestHolderRedaction(t *testing.T) {
	h := Holder{
		Surname: "Zzyzx-Qwerty", GivenNames: "Xyloph Quixote", Culture: "spanish", Sex: "F",
		BirthDate: mrz.Date{Year: 1974, Month: 8, Day: 12}, PlaceOfBirth: "Amaurot", PortraitSeed: 123456789,
	}
	secrets := []string{"Zzyzx", "Qwerty", "Xyloph", "Quixote", "1974", "Amaurot", "123456789"}
	var js bytes.Buffer
	slog.New(slog.NewJSONHandler(&js, nil)).Info("drawn", "holder", h)
	var text bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("drawn", "holder", h)
	for _, tc := range []struct {
		name, out string
	}{
		{"String", h.String()},
		{"%v", fmt.Sprintf("%v", h)},
		{"%+v", fmt.Sprintf("%+v", h)},
		{"%#v", fmt.Sprintf("%#v", h)},
		{"%s", fmt.Sprintf("%s", h)},
		{"slog JSON", js.String()},
		{"slog text", text.String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range secrets {
				if strings.Contains(tc.out, s) {
					t.Errorf("%q shows %q", tc.out, s)
				}
			}
			if !strings.Contains(tc.out, "spanish") {
				t.Errorf("%q does not show the culture", tc.out)
			}
		})
	}
	if got, want := h.String(), "holder(culture=spanish, sex=F)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    Holder
		want string
	}{
		{"given names first", Holder{Surname: "Núñez García", GivenNames: "José María"}, "José María Núñez García"},
		{"mononym", Holder{Surname: "Sukarni"}, "Sukarni"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.h.Name(); got != tc.want {
				t.Errorf("Name() = %q, want %q", got, tc.want)
			}
		})
	}
}
