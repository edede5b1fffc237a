package people

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/docverify/docverify/mrz"
	"golang.org/x/text/unicode/norm"
)

// mrzName is a name as the MRZ writes it: letters, components joined by single fillers.
var mrzName = regexp.MustCompile(`^[A-Z]+(<[A-Z]+)*$`)

// entries lists every name of a culture's pools under the name of its pool.
func entries(c *culture) map[string][]string {
	out := map[string][]string{"male": c.male, "female": c.female}
	for _, s := range c.surnames {
		out["surnames"] = append(out["surnames"], s.m, s.f)
		if s.x != "" {
			out["surnames"] = append(out["surnames"], s.x)
		}
	}
	for _, s := range c.patronymics {
		out["patronymics"] = append(out["patronymics"], s.m, s.f)
	}
	out["middle"] = append(append([]string{}, c.middle[0]...), c.middle[1]...)
	return out
}

func TestCultures(t *testing.T) {
	if len(cultures) < 14 {
		t.Fatalf("%d cultures, want at least 14", len(cultures))
	}
	seen := map[string]bool{}
	for _, c := range cultures {
		if seen[c.name] {
			t.Errorf("culture %q listed twice", c.name)
		}
		seen[c.name] = true
	}
	if got := Cultures(); len(got) != len(cultures) || got[0] != cultures[0].name {
		t.Errorf("Cultures() = %v", got)
	}
}

func TestPoolSizes(t *testing.T) {
	const least = 25
	for _, c := range cultures {
		t.Run(c.name, func(t *testing.T) {
			for _, tc := range []struct {
				name string
				n    int
			}{
				{"male given names", distinct(c.male)},
				{"female given names", distinct(c.female)},
				{"surnames", len(c.surnames)},
			} {
				if tc.n < least {
					t.Errorf("%d distinct %s, want at least %d", tc.n, tc.name, least)
				}
			}
			if len(c.places) == 0 {
				t.Error("no places of birth")
			}
			if c.middleP > 0 && (len(c.middle[0]) == 0 || len(c.middle[1]) == 0) {
				t.Error("middle names drawn from an empty pool")
			}
			if c.patronymicP > 0 && len(c.patronymics) == 0 {
				t.Error("patronymics drawn from an empty pool")
			}
		})
	}
}

func distinct(xs []string) int {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return len(m)
}

// TestPoolEntriesTransliterate checks every entry of every pool: tidy Unicode (NFC, no stray
// spaces) that mrz.Transliterate turns into letters and single fillers.
func TestPoolEntriesTransliterate(t *testing.T) {
	for _, c := range cultures {
		t.Run(c.name, func(t *testing.T) {
			for pool, names := range entries(c) {
				for _, n := range names {
					if !norm.NFC.IsNormalString(n) {
						t.Errorf("%s %q is not in NFC", pool, n)
					}
					if strings.TrimSpace(n) != n || strings.Contains(n, "  ") || n == "" {
						t.Errorf("%s %q has stray spaces or is empty", pool, n)
					}
					if got := mrz.Transliterate(n); !mrzName.MatchString(got) {
						t.Errorf("%s %q transliterates to %q", pool, n, got)
					}
				}
			}
			for _, p := range append(append([]string{}, c.places...), utopianPlaces...) {
				if !norm.NFC.IsNormalString(p) || strings.TrimSpace(p) != p || p == "" {
					t.Errorf("place %q is empty, has stray spaces or is not in NFC", p)
				}
			}
		})
	}
}

// TestComposedNamesTransliterate checks whole names as cultures compose them, for each sex.
func TestComposedNamesTransliterate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range cultures {
		for _, sex := range []string{"M", "F", "X"} {
			t.Run(c.name+"/"+sex, func(t *testing.T) {
				for range 300 {
					sur, giv := c.compose(r, sex)
					if giv == "" {
						t.Fatalf("no given names for %q", sur)
					}
					for _, n := range []string{sur, giv} {
						if got := mrz.Transliterate(n); !mrzName.MatchString(got) {
							t.Fatalf("%q transliterates to %q", n, got)
						}
					}
					if words := strings.Fields(strings.ReplaceAll(giv, ",", "")); hasRepeat(words) {
						t.Fatalf("given names %q repeat a name", giv)
					}
				}
			})
		}
	}
}

func hasRepeat(words []string) bool {
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			return true
		}
		seen[w] = true
	}
	return false
}

// TestNameFeatures checks that the pools hold the features documents must cope with.
func TestNameFeatures(t *testing.T) {
	var given, surnames []string
	for _, c := range cultures {
		e := entries(c)
		given = append(append(append(given, e["male"]...), e["female"]...), e["middle"]...)
		surnames = append(surnames, e["surnames"]...)
	}
	all := append(append([]string{}, given...), surnames...)
	has := func(names []string, f func(string) bool) bool {
		for _, n := range names {
			if f(n) {
				return true
			}
		}
		return false
	}
	letters := func(set string) func(string) bool {
		return func(n string) bool { return strings.ContainsAny(n, set) }
	}
	for _, tc := range []struct {
		name  string
		names []string
		ok    func(string) bool
	}{
		{"hyphenated given name", given, func(n string) bool { return strings.Contains(n, "-") }},
		{"hyphenated surname", surnames, func(n string) bool { return strings.Contains(n, "-") }},
		{"apostrophe in a surname", surnames, func(n string) bool { return strings.Contains(n, "'") }},
		{"particle", surnames, func(n string) bool { return strings.HasPrefix(n, "van der ") }},
		{"particle de la", surnames, func(n string) bool { return strings.HasPrefix(n, "de la ") }},
		{"O'Brien", surnames, func(n string) bool { return n == "O'Brien" }},
		{"D'Angelo", surnames, func(n string) bool { return n == "D'Angelo" }},
		{"abbreviation with a dot", given, func(n string) bool { return strings.Contains(n, ".") }},
		{"Nordic letters Å", all, letters("Åå")},
		{"Nordic letters Ä", all, letters("Ää")},
		{"Nordic letters Ö", all, letters("Öö")},
		{"Nordic letters Ø", all, letters("Øø")},
		{"Nordic letters Æ", all, letters("Ææ")},
		{"Nordic letters Þ", all, letters("Þþ")},
		{"Nordic letters Ð", all, letters("Ðð")},
		{"Turkish Ç", all, letters("Çç")},
		{"Turkish Ğ", all, letters("Ğğ")},
		{"Turkish İ", all, letters("İ")},
		{"Turkish ı", all, letters("ı")},
		{"Turkish Ş", all, letters("Şş")},
		{"Turkish Ü", all, letters("Üü")},
		{"Romanian Ș", all, letters("Șș")},
		{"Romanian Ț", all, letters("Țț")},
		{"Romanian Ă", all, letters("Ăă")},
		{"Romanian Â", all, letters("Ââ")},
		{"Romanian Î", all, letters("Îî")},
		{"German ß", all, letters("ß")},
		{"Polish Ł", all, letters("Łł")},
		{"Hungarian ő ű", all, letters("őű")},
		{"Vietnamese Nguyễn", surnames, func(n string) bool { return n == "Nguyễn" }},
		{"Vietnamese Thị", given, func(n string) bool { return n == "Thị" }},
		{"Vietnamese Đ", all, letters("Đđ")},
		{"Yoruba dot below", all, letters("ọẹṣỌẸṢ")},
		{"tone mark on a dotted vowel", all, letters("\u0300\u0301")},
		{"Igbo dot below", all, letters("ịụỊỤ")},
		{"Irish Ó", surnames, func(n string) bool { return strings.HasPrefix(n, "Ó ") }},
		{"Icelandic non-binary form", surnames, func(n string) bool { return strings.HasSuffix(n, "bur") }},
		{"name of 15 or more letters", all, func(n string) bool { return len(mrz.Transliterate(n)) >= 15 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !has(tc.names, tc.ok) {
				t.Error("no name in the pools has it")
			}
		})
	}
}

func TestSurnameForms(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		sex  string
		fem  bool
		want string
	}{
		{"one form, male", "Nowak", "M", false, "Nowak"},
		{"one form, female", "Nowak", "F", true, "Nowak"},
		{"gendered, male", "Kowalski/Kowalska", "M", false, "Kowalski"},
		{"gendered, female", "Kowalski/Kowalska", "F", true, "Kowalska"},
		{"gendered, X takes the drawn form", "Kowalski/Kowalska", "X", true, "Kowalska"},
		{"non-binary form", "Jónsson/Jónsdóttir/Jónsbur", "X", false, "Jónsbur"},
		{"non-binary form unused for F", "Jónsson/Jónsdóttir/Jónsbur", "F", true, "Jónsdóttir"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := forms(tc.in)[0].form(tc.sex, tc.fem); got != tc.want {
				t.Errorf("form(%q, %s) = %q, want %q", tc.in, tc.sex, got, tc.want)
			}
		})
	}
}
