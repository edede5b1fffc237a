package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/templates"
)

// ICAO Doc 9303's specimen passport (Utopia, TD3): a model the library holds.
var icaoTD3 = []string{
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
	"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
}

func TestMRZClaim(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{lib: lib}
	swap := func(from, to string) []string {
		return []string{strings.Replace(icaoTD3[0], from, to, 1), strings.Replace(icaoTD3[1], from, to, 1)}
	}
	for _, tc := range []struct {
		name        string
		lines       []string
		known, fake bool
	}{
		{"a model of the library", icaoTD3, true, false},
		{"a state that does not exist", swap("UTO", "ZZQ"), false, true},
		{"a real state the library lacks", swap("UTO", "FRA"), false, false},
		{"a broken check digit claims nothing", []string{icaoTD3[0], icaoTD3[1][:9] + "7" + icaoTD3[1][10:]}, false, false},
		{"a garbled state claims nothing", swap("UTO", "U<O"), false, false},
		{"no MRZ", nil, false, false},
		{"names read unsure still claim the model", icaoTD3, true, false},
		{"a state that does not exist, read unsurely", swap("UTO", "ZZQ"), false, false},
		{"a state that does not exist, on a line read short", swap("UTO", "ZZQ"), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &detect.MRZReading{Raw: tc.lines, NameConfidence: 0.99, DataConfidence: 0.99}
			if tc.lines != nil {
				r.Document = mrz.Parse(tc.lines)
			}
			d := r.Document
			switch {
			case strings.HasPrefix(tc.name, "names read unsure"):
				d.Valid = false
				d.Errors = append(d.Errors, &mrz.Error{Field: "names", Code: mrz.CodeUncertain, Message: "unsure"})
				r.NameConfidence = 0.9
			case strings.HasSuffix(tc.name, "read unsurely"):
				r.NameConfidence = 0.93
			case strings.HasSuffix(tc.name, "read short"):
				// The OCR dropped two characters; the repair padded the line's end.
				r.Raw = []string{tc.lines[0][:2] + tc.lines[0][4:], tc.lines[1]}
			}
			known, fake := e.mrzClaim(r)
			if known != tc.known || fake != tc.fake {
				t.Errorf("mrzClaim = known %v, fake %v; want %v, %v (errors %v)", known, fake, tc.known, tc.fake, d.Errors)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	e := &Engine{cal: &Calibration{Suspicious: 50, Forged: 80}}
	for _, tc := range []struct {
		name string
		in   verdictInput
		want Verdict
		risk float64
	}{
		{"nothing found", verdictInput{risk: 10}, Unreadable, 10},
		{"printing and MRZ tie it to no model", verdictInput{readable: true, risk: 10}, UnknownDocument, 10},
		{"a weak match and an MRZ naming no model", verdictInput{readable: true, found: true, risk: 10}, UnknownDocument, 10},
		{"a state that does not exist, however well printed", verdictInput{readable: true, found: true, matched: true, fake: true, risk: 5}, UnknownDocument, 5},
		{"a model's layout in another design's colours, MRZ naming that model", verdictInput{readable: true, found: true, known: true, foreign: true, risk: 95}, UnknownDocument, 95},
		{"an MRZ naming a model no printing was found of", verdictInput{readable: true, known: true, risk: 20}, Suspicious, 50},
		{"the same, with a high risk", verdictInput{readable: true, known: true, risk: 90}, Forged, 90},
		{"a weak match of the model the MRZ names: the risk decides", verdictInput{readable: true, found: true, aligned: true, known: true, risk: 20}, Genuine, 20},
		{"a weak match, suspicious risk", verdictInput{readable: true, found: true, aligned: true, known: true, risk: 60}, Suspicious, 60},
		{"a page not registered to the model the MRZ names: not verified", verdictInput{readable: true, found: true, known: true, risk: 20}, Suspicious, 50},
		{"the same, with a high risk", verdictInput{readable: true, found: true, known: true, risk: 85}, Forged, 85},
		{"not registered, an MRZ naming no model", verdictInput{readable: true, found: true, risk: 20}, UnknownDocument, 20},
		{"matched by its printing alone, low risk", verdictInput{readable: true, found: true, aligned: true, matched: true, risk: 49}, Genuine, 49},
		{"matched, suspicious", verdictInput{readable: true, found: true, aligned: true, matched: true, known: true, risk: 50}, Suspicious, 50},
		{"matched, forged", verdictInput{readable: true, found: true, aligned: true, matched: true, known: true, risk: 80}, Forged, 80},
		{"matched, low risk, an MRZ read garbled: not verified", verdictInput{readable: true, found: true, aligned: true, matched: true, garbled: true, risk: 30}, Suspicious, 50},
		{"the same, with a high risk", verdictInput{readable: true, found: true, aligned: true, matched: true, garbled: true, risk: 90}, Forged, 90},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, r := e.decide(tc.in)
			if v != tc.want || r != tc.risk {
				t.Errorf("decide = %s, %v; want %s, %v", v, r, tc.want, tc.risk)
			}
		})
	}
}

// TestGarbled checks when an MRZ read counts as garbled: the check digits of the document
// number, birth date and expiry date all failing; not when one of them holds, nor for no MRZ.
func TestGarbled(t *testing.T) {
	digit := func(line string, at int) string { // the digit at at, changed
		return line[:at] + string('0'+(line[at]-'0'+3)%10) + line[at+1:]
	}
	l := icaoTD3[1]
	for _, tc := range []struct {
		name  string
		lines []string
		want  bool
	}{
		{"as printed", icaoTD3, false},
		{"one field misread", []string{icaoTD3[0], digit(l, 14)}, false},
		{"two fields misread", []string{icaoTD3[0], digit(digit(l, 14), 22)}, false},
		{"the three misread", []string{icaoTD3[0], digit(digit(digit(l, 14), 22), 4)}, true},
		{"no MRZ", nil, false},
		// Read with letters in both dates and the number misread: the repair is refused, the
		// dates' letters are taken for digits and their check digits then hold, but as read
		// the three fields failed.
		{"dates read with letters, number misread", []string{icaoTD3[0], digit(l[:13]+"74O8I2"+l[19:21]+"I2O4I5"+l[27:], 4)}, true},
		{"one date read with letters", []string{icaoTD3[0], l[:13] + "74O8I2" + l[19:]}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d *mrz.Document
			if tc.lines != nil {
				d = mrz.RepairAt(tc.lines, time.Date(2011, 6, 1, 0, 0, 0, 0, time.UTC))
			}
			if got := garbled(d); got != tc.want {
				t.Errorf("garbled = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRiskDecisiveByCheck(t *testing.T) {
	c := &Calibration{Version: "t", Suspicious: 50, Forged: 80, Classes: map[string]*ClassModel{
		"document": {Bias: -6, Weights: map[string]float64{"mrz_checksums": 0.5, "emblem": 0.5}, Cut: 50, Decisive: 2,
			DecisiveBy: map[string]float64{"mrz_checksums": 0.9}},
	}}
	if err := c.Validate([]string{"mrz_checksums", "emblem"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		scores        map[string]float64
		minRisk       float64
		maxRisk       float64
		decidedReason bool
	}{
		{"below its level: the regression alone, low", map[string]float64{"mrz_checksums": 0.85, "emblem": 0.9}, 0, 50, false},
		{"at its level: suspicious", map[string]float64{"mrz_checksums": 0.9}, 50, 50.001, true},
		{"beyond: towards forged", map[string]float64{"mrz_checksums": 1}, 80, 80.001, true},
		{"another check as high decides nothing", map[string]float64{"emblem": 1}, 0, 50, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			risk, contrib := c.Risk("document", tc.scores)
			if risk < tc.minRisk || risk >= tc.maxRisk {
				t.Errorf("risk %v, want in [%v, %v)", risk, tc.minRisk, tc.maxRisk)
			}
			if got := contrib["mrz_checksums"] >= decidedContrib; got != tc.decidedReason {
				t.Errorf("mrz_checksums named among the reasons: %v, want %v", got, tc.decidedReason)
			}
		})
	}
	bad := &Calibration{Version: "t", Suspicious: 50, Forged: 80, Classes: map[string]*ClassModel{
		"document": {Cut: 50, DecisiveBy: map[string]float64{"nope": 0.9, "emblem": 1.5}},
	}}
	err := bad.Validate([]string{"emblem"})
	if err == nil || !strings.Contains(err.Error(), `unknown check "nope"`) || !strings.Contains(err.Error(), "outside (0, 1]") {
		t.Errorf("Validate = %v, want both problems", err)
	}
}

// TestDocumentRead checks what makes a document read: its printing found to be a model, or
// an MRZ of a known layout; lines that fit no layout are not a reading (the verdict is then
// unreadable, not unknown_document).
func TestDocumentRead(t *testing.T) {
	garbage := []string{"<<O<0U<<<<0<<0<<<<<<<", "<<<<<<<<<<<<<<<<<<<<<<<<<<<<"}
	for _, tc := range []struct {
		name  string
		found bool
		raw   []string
		want  bool
	}{
		{"nothing", false, nil, false},
		{"lines fitting no layout", false, garbage, false},
		{"an MRZ of a known layout, the printing not found", false, icaoTD3, true},
		{"the printing found, no MRZ", true, nil, true},
		{"the printing found, lines fitting no layout", true, garbage, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scan := &detect.Scan{MRZ: &detect.MRZReading{Raw: tc.raw, Document: mrz.Repair(tc.raw)}}
			if tc.found {
				scan.ID = &detect.Identification{}
			}
			if got := documentRead(scan); got != tc.want {
				t.Errorf("documentRead = %v, want %v (format %s)", got, tc.want, scan.MRZ.Document.Format)
			}
		})
	}
}

// TestTopReasons checks that the reasons name the failed checks among the top contributors,
// and that a rejection with no check failing still names what raised its risk.
func TestTopReasons(t *testing.T) {
	pass := func(n string) detect.Finding { f := detect.Passed("ok", 0.3, nil); f.Name = n; return f }
	fail := func(n string, r detect.Reason) detect.Finding {
		f := detect.Failed(r, 0.9, nil)
		f.Name = n
		return f
	}
	for _, tc := range []struct {
		name     string
		contrib  map[string]float64
		findings []detect.Finding
		verdict  Verdict
		want     []string // check:reason
	}{
		{"failed checks only, largest first",
			map[string]float64{"emblem": 2, "portrait_ghost": 4, "layout": 3},
			[]detect.Finding{fail("emblem", "emblem_mismatch"), pass("portrait_ghost"), fail("layout", "layout_shift")},
			Forged, []string{"layout:layout_shift", "emblem:emblem_mismatch"}},
		{"no check failed, rejected: the contributors near their limits",
			map[string]float64{"portrait_ghost": 4.2, "mrz_print": 0.6, "ovd": 0.2},
			[]detect.Finding{pass("portrait_ghost"), pass("mrz_print"), pass("ovd")},
			Forged, []string{"portrait_ghost:near_threshold", "mrz_print:near_threshold"}},
		{"no check failed, suspicious",
			map[string]float64{"security_pattern": 1.5},
			[]detect.Finding{pass("security_pattern")},
			Suspicious, []string{"security_pattern:near_threshold"}},
		{"genuine: nothing named",
			map[string]float64{"portrait_ghost": 1},
			[]detect.Finding{pass("portrait_ghost")},
			Genuine, nil},
		{"a check not done is never named",
			map[string]float64{"uv": 3},
			[]detect.Finding{func() detect.Finding { f := detect.Skipped("no_image", nil); f.Name = "uv"; return f }()},
			Suspicious, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := topReasons(tc.contrib, tc.findings, tc.verdict)
			var names []string
			for _, r := range got {
				names = append(names, r.Check+":"+string(r.Reason))
				if r.Text == "" || r.Text != detect.Reasons[r.Reason] {
					t.Errorf("%s: text %q, want the vocabulary's words", r.Check, r.Text)
				}
			}
			if strings.Join(names, " ") != strings.Join(tc.want, " ") {
				t.Errorf("reasons %v, want %v", names, tc.want)
			}
			if got == nil {
				t.Error("nil reasons: the report must carry an empty list")
			}
		})
	}
}
