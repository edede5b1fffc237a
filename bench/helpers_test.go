package bench

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
)

var strengthNames = []string{"subtle", "moderate", "obvious"}

// demoFiles are images of the committed demo set, for thumbnails.
var demoFiles = []string{"images/s000000.jpg", "images/s000001.jpg", "images/s000002.jpg", "images/s000003.jpg"}

// synthOutcomes makes n outcomes of a plausible run from a seed: a share of genuine samples,
// every capture, attacks and strengths, risks that separate the labels imperfectly, check
// statuses, timings and MRZ readings. Files point into ../samples/demo.
func synthOutcomes(n int, seed uint64) []Outcome {
	rng := rand.New(rand.NewPCG(seed, 99))
	captures := []string{"kiosk", "phone", "scan"}
	attacks := []string{"mrz_checksum", "viz_altered", "photo_substitution", "counterfeit_print", "fantasy"}
	checks := []string{"specimen_match", "mrz_read", "mrz_checksums", "security_pattern", "layout"}
	mrzLines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	var out []Outcome
	for i := range n {
		o := Outcome{ID: fmt.Sprintf("s%04d", i), File: demoFiles[i%len(demoFiles)], Capture: captures[rng.IntN(3)],
			Specimen: "uto-passport-2019", Found: "uto-passport-2019", TrueMRZ: mrzLines,
			Truth: map[string]string{"surname": "ERIKSSON", "document_number": "L898902C3"}, Checks: map[string]string{}}
		o.Forged = rng.Float64() > 0.4
		mean := 20.0
		if o.Forged {
			o.Attack, o.Strength = attacks[rng.IntN(len(attacks))], string(samples.Strengths[rng.IntN(3)])
			mean = 35 + 15*float64(indexOf(strengthNames, o.Strength))
		}
		o.Risk = math.Round(math.Max(0, math.Min(100, mean+rng.NormFloat64()*15)))
		switch {
		case o.Attack == "fantasy" && rng.Float64() < 0.7:
			o.Verdict = "unknown_document"
			o.Found = ""
		case o.Risk >= 50:
			o.Verdict = "forged"
		case o.Risk >= 30:
			o.Verdict = "suspicious"
		default:
			o.Verdict = "genuine"
		}
		for k, c := range checks {
			st := "pass"
			if rng.Float64()*100 < o.Risk/float64(k+2) {
				st = "fail"
				if o.Regions == nil {
					o.Regions = map[string]*detect.Quad{}
				}
				x := float64(100 + 60*k)
				o.Regions[c] = &detect.Quad{{x, 200}, {x + 300, 200}, {x + 300, 320}, {x, 320}}
			} else if rng.Float64() < 0.05 {
				st = "not_done"
			}
			o.Checks[c] = st
		}
		o.MRZ = mrzLines
		o.Fields = map[string]string{"surname": "ERIKSSON", "document_number": "L898902C3"}
		if rng.Float64() < 0.2 {
			o.MRZ = []string{mrzLines[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<1O"}
			o.Fields = map[string]string{"surname": "ERIKSSON", "document_number": "L8989O2C3"}
		}
		o.MRZBox = &detect.Quad{{60, 900}, {1500, 900}, {1500, 1060}, {60, 1060}}
		total := 600 + rng.ExpFloat64()*300
		o.Timings = map[string]float64{"decode": 80, "mrz": 150, "identify": 300, "align": 60, "checks": total - 590,
			"score": 0, "total": math.Round(total), "wall": math.Round(total + 5), "check:layout": 80, "check:security_pattern": 25}
		if i == 5 {
			o = Outcome{ID: o.ID, File: o.File, Capture: o.Capture, Specimen: o.Specimen, Verdict: "error", Error: "bad input: image: truncated"}
		}
		out = append(out, o)
	}
	return out
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
