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
