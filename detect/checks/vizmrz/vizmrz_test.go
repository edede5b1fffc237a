package vizmrz

import "testing"

// TestAlignedTo checks how an OCR reading is put in the printed form's shape before it is
// drawn: the form's spaces back where OCR dropped them, readings of another length left out.
func TestAlignedTo(t *testing.T) {
	for _, tc := range []struct{ text, form, want string }{
		{"28FEB2032", "28 FEB 2027", "28 FEB 2032"},
		{"28 feb 2032", "28 FEB 2027", "28 FEB 2032"},
		{"PETIT", "DEMIR", "PETIT"},
		{"SOREN", "SØREN", "SOREN"}, // a form printing Ø: five letters either way
		{"20,12.2035", "20.12.2035", "20,12.2035"},
		{"ANNE-LAURE", "ANNE LAURE", ""}, // the hyphen counts: 10 characters against 9
		{"SAAR", "SANCHENKO", ""},        // part of the field
		{"", "DEMIR", ""},
		{"?!", "DEMIR", ""},
	} {
		if got := alignedTo(tc.text, tc.form); got != tc.want {
			t.Errorf("alignedTo(%q, %q) = %q, want %q", tc.text, tc.form, got, tc.want)
		}
	}
}

// TestAlternativeTo checks the texts drawn against a field's printed form from what OCR read
// of it when the reading has another length.
func TestAlternativeTo(t *testing.T) {
	for _, tc := range []struct{ text, form, want string }{
		{"28FEB2032", "28 FEB 2027", "28 FEB 2032"},   // the form's length: alignedTo
		{"202G1950", "20 AUG 1953", "20 AUG 1950"},    // the year read, the rest not
		{"2O AUG 1950", "20 AUG 1953", "2O AUG 1950"}, // the form's length: as read
		{"1O.O9.2O19", "10.09.2019", "1O.O9.2O19"},    // same length: as read
		{"10.09.20199", "10.09.2019", "10.09.2019"},   // the year's length differs: the form
		{"OKAPOR", "OKOYE", "OKAPOR"},                 // one letter more
		{"U7166660", "UT7146700", "UT7166660"},        // the digits read, the letters not
		{"78", "LINDQVIST", ""},                       // part of the field
		{"KEL", "KELLY", ""},                          // two fewer
		{"ABC", "ABCD", "ABC"},                        // one fewer of four
		{"AB", "ABC", ""},                             // a form of three is too short to tell
		{"", "DEMIR", ""},
		{"DACONCEICAOMARTINS", "DA CONCEICAO MARTIN", ""}, // one run against three: nothing to place
		{"OKAPORS", "OKOYE", ""},                          // two more
	} {
		if got := alternativeTo(tc.text, tc.form); got != tc.want {
			t.Errorf("alternativeTo(%q, %q) = %q, want %q", tc.text, tc.form, got, tc.want)
		}
	}
}
