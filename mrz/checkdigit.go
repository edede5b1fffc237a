package mrz

// charValue is the value of an MRZ character in the 7-3-1 check digit: digits their value,
// A–Z 10–35, the filler < zero; -1 for a character outside the MRZ alphabet.
func charValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// CheckAlike says whether a check digit cannot tell characters a and b apart in any place:
// their values are equal modulo 10 (the filler, 0, A, K and U; 1, B, L and V; 8, I and S; …).
// A misreading of one as the other passes every check.
func CheckAlike(a, b byte) bool {
	va, vb := charValue(a), charValue(b)
	return va >= 0 && vb >= 0 && va%10 == vb%10
}

var weights = [3]int{7, 3, 1}

// CheckDigit computes the ICAO Doc 9303 check digit (weights 7, 3, 1, modulus 10) of s.
// ok is false when s holds a character outside A–Z, 0–9 and <.
func CheckDigit(s string) (digit byte, ok bool) {
	sum := 0
	for i := 0; i < len(s); i++ {
		v := charValue(s[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10), true
}

// checkDigitOver computes the check digit of several spans of lines read as one string.
func checkDigitOver(lines []string, spans []span) (byte, bool) {
	sum, i := 0, 0
	for _, s := range spans {
		for p := s.start; p < s.end; p++ {
			v := charValue(lines[s.line][p])
			if v < 0 {
				return 0, false
			}
			sum += v * weights[i%3]
			i++
		}
	}
	return byte('0' + sum%10), true
}
