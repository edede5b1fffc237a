package bench

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/docverify/docverify/detect/suite"
)

// CheckNames are the check columns of samples.csv: the suite's checks in report order, then
// any other check the outcomes name (a service running a newer suite), sorted.
func CheckNames(os []Outcome) []string {
	var names []string
	known := map[string]bool{}
	for _, c := range suite.Checks {
		names = append(names, c.Name)
		known[c.Name] = true
	}
	extra := map[string]bool{}
	for _, o := range os {
		for c := range o.Checks {
			if !known[c] {
				extra[c] = true
			}
		}
	}
	return append(names, SortedKeys(extra)...)
}

// WriteCSV writes samples.csv: one row per outcome, in the outcomes' order. Columns: id,
// label, attack, strength, capture, specimen (the truth), found (the specimen identified),
// verdict, risk, mrz_exact, top_reasons, one "check:<name>" column per check holding its
// status (pass, fail, not_done; empty when absent), total_ms (the engine's), wall_ms (as the
// caller saw it), http_status and error.
func WriteCSV(w io.Writer, os []Outcome) error {
	checks := CheckNames(os)
	cw := csv.NewWriter(w)
	head := []string{"id", "label", "attack", "strength", "capture", "specimen", "found", "verdict", "risk", "mrz_exact", "top_reasons"}
	for _, c := range checks {
		head = append(head, "check:"+c)
	}
	head = append(head, "total_ms", "wall_ms", "http_status", "error")
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(m map[string]float64, k string) string {
		if v, ok := m[k]; ok {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return ""
	}
	for _, o := range os {
		label := "genuine"
		if o.Forged {
			label = "forged"
		}
		row := []string{o.ID, label, o.Attack, o.Strength, o.Capture, o.Specimen, o.Found, o.Verdict, "", mrzExact(o),
			strings.Join(o.Reasons, "; ")}
		if o.Error == "" {
			row[8] = strconv.FormatFloat(o.Risk, 'f', -1, 64)
		}
		for _, c := range checks {
			row = append(row, o.Checks[c])
		}
		http := ""
		if o.HTTP != 0 {
			http = strconv.Itoa(o.HTTP)
		}
		row = append(row, num(o.Timings, "total"), num(o.Timings, "wall"), http, o.Error)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// mrzExact says whether the MRZ was read exactly as printed: "yes", "no", or "" when the
// sample's printed MRZ is unknown or not meant to be read (see ComputeMRZ).
func mrzExact(o Outcome) string {
	if len(o.TrueMRZ) == 0 || o.Attack == "fantasy" || o.Attack == "counterfeit_font" || o.Error != "" {
		return ""
	}
	if slices.Equal(o.MRZ, o.TrueMRZ) {
		return "yes"
	}
	return "no"
}
