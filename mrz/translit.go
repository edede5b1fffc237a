package mrz

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// latin is ICAO Doc 9303 Part 3's transliteration of Latin letters with diacritics (the
// recommended forms: Ä→AE, Ö→OE, Ü→UE, Å→AA; Ñ→N). Letters not listed lose their diacritics.
var latin = map[rune]string{
	'Ä': "AE", 'Å': "AA", 'Æ': "AE", 'Ö': "OE", 'Ø': "OE", 'Œ': "OE", 'Ü': "UE", 'ß': "SS",
	'Þ': "TH", 'Ð': "D", 'Đ': "D", 'Ħ': "H", 'Ĳ': "IJ", 'ı': "I", 'Ł': "L", 'Ŀ': "L", 'Ŋ': "N",
	'Ŧ': "T", 'Ñ': "N",
}

// simpler are the shorter forms Part 3 also allows (Ä→A, Ö→O, Ü→U, Å→A), which issuers use.
var simpler = map[rune]string{'Ä': "A", 'Å': "A", 'Ö': "O", 'Ü': "U"}

// cyrillic is Part 3's transliteration of Cyrillic (Russian, Ukrainian, Belarusian, Serbian,
// Macedonian, Bulgarian letters).
var cyrillic = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Ґ': "G", 'Ѓ': "G", 'Д': "D", 'Ђ': "D", 'Е': "E", 'Ё': "E",
	'Є': "IE", 'Ж': "ZH", 'З': "Z", 'Ѕ': "DZ", 'И': "I", 'І': "I", 'Ї': "I", 'Й': "I", 'Ј': "J",
	'К': "K", 'Ќ': "K", 'Л': "L", 'Љ': "LJ", 'М': "M", 'Н': "N", 'Њ': "NJ", 'О': "O", 'П': "P",
	'Р': "R", 'С': "S", 'Т': "T", 'Ћ': "C", 'У': "U", 'Ў': "U", 'Ф': "F", 'Х': "KH", 'Ц': "TS",
	'Ч': "CH", 'Џ': "DZ", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "IE", 'Ы': "Y", 'Ь': "", 'Э': "E", 'Ю': "IU",
	'Я': "IA",
}

// Transliterate writes a name as the MRZ does (Doc 9303 Part 3): upper case A–Z, Latin letters
// with diacritics and Cyrillic letters transliterated, spaces and hyphens as fillers, other
// punctuation (apostrophes, commas, dots) left out. "Ågren-Müller" becomes "AAGREN<MUELLER".
func Transliterate(name string) string { return transliterate(name, nil) }

// TransliterateSimple is Transliterate with the shorter forms Part 3 allows (Ä→A, Ö→O, Ü→U,
// Å→A), which some issuers use.
func TransliterateSimple(name string) string { return transliterate(name, simpler) }

func transliterate(name string, prefer map[rune]string) string {
	var b strings.Builder
	lastFiller := true // no filler at the start
	filler := func() {
		if !lastFiller {
			b.WriteByte('<')
			lastFiller = true
		}
	}
	for _, r := range name {
		u := unicode.ToUpper(r)
		if r == 'ß' || r == 'ı' {
			u = r
		}
		switch {
		case u >= 'A' && u <= 'Z':
			b.WriteRune(u)
			lastFiller = false
			continue
		case u == ' ' || u == '-' || u == '<' || u == '\t' || u == '‐' || u == '–':
			filler()
			continue
		}
		if s, ok := prefer[u]; ok {
			b.WriteString(s)
		} else if s, ok := latin[u]; ok {
			b.WriteString(s)
		} else if s, ok := cyrillic[u]; ok {
			b.WriteString(s)
		} else {
			// Any other Latin letter with diacritics: decompose and keep the base letter.
			for _, d := range norm.NFD.String(string(u)) {
				if d >= 'A' && d <= 'Z' {
					b.WriteRune(d)
				}
			}
		}
		lastFiller = b.Len() > 0 && strings.HasSuffix(b.String(), "<")
	}
	return strings.TrimRight(b.String(), "<")
}

// NamesMatch reports whether a name as printed in the visual zone and a name as the MRZ
// writes it (fillers or spaces between components) are the same name under Part 3's
// transliteration, in its recommended or its shorter forms. A truncated MRZ name matches
// when it is a prefix of the printed one.
func NamesMatch(printed, inMRZ string, truncated bool) bool {
	m := strings.TrimRight(strings.ReplaceAll(strings.ToUpper(inMRZ), " ", "<"), "<")
	for _, t := range []string{Transliterate(printed), TransliterateSimple(printed)} {
		if t == m || (truncated && strings.HasPrefix(t, m)) {
			return true
		}
	}
	return false
}
