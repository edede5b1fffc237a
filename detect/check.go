package detect

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// A Check is one forgery check: a value with a name, a doc, the checks whose findings it needs,
// and a run function that measures one thing on a scan and returns a finding. Checks never call
// each other; they read the findings of the checks they require from the pass. The list of
// checks lives in package detect/suite; Validate checks it at start.
type Check struct {
	Name     string     // unique, lower_snake_case, e.g. "security_pattern"
	Doc      string     // what it measures and why; the first sentence is a summary
	Requires []*Check   // checks whose findings Run reads from the pass
	Measures []*Measure // the measurements it grades, with their default thresholds
	// Run measures the scan. It returns a finding with status not_done (never pass) when it
	// cannot measure, saying why in the reason.
	Run func(*Pass) (Finding, error)
}

// Pass is what a check's run sees: the scan and the findings of the checks it requires.
type Pass struct {
	Check    *Check
	Scan     *Scan
	ResultOf map[*Check]Finding
}

// Status is a finding's outcome.
type Status string

// The statuses. A check that could not run says not_done, never pass.
const (
	StatusPass    Status = "pass"
	StatusFail    Status = "fail"
	StatusNotDone Status = "not_done"
)

// Reason is why a check decided as it did: a code from a fixed vocabulary (see Reasons).
type Reason string

// Finding is a check's result: its status, a score from 0 (as the genuine model) to 1 (as a
// forgery), a reason code, the evidence (measured values and the thresholds they were held to)
// and the region of the input image it concerns.
type Finding struct {
	Name     string         `json:"name"`
	Status   Status         `json:"status"`
	Score    float64        `json:"score"`
	Reason   Reason         `json:"reason"`
	Evidence map[string]any `json:"evidence"`
	Region   *Quad          `json:"region"`
}

// Passed returns a finding that passed with a score.
func Passed(r Reason, score float64, ev map[string]any) Finding {
	return Finding{Status: StatusPass, Score: clamp01(score), Reason: r, Evidence: ev}
}

// Failed returns a finding that failed with a score.
func Failed(r Reason, score float64, ev map[string]any) Finding {
	return Finding{Status: StatusFail, Score: clamp01(score), Reason: r, Evidence: ev}
}

// Skipped returns a not_done finding: the check could not measure, for the reason given.
func Skipped(r Reason, ev map[string]any) Finding {
	return Finding{Status: StatusNotDone, Reason: r, Evidence: ev}
}

// Finite makes a finding fit to write as JSON, which has no NaN nor infinities: such a value
// in its evidence becomes null, its score 0, and a region with one is dropped. A check's
// arithmetic gone wrong on some input must not cost the report (the service would answer
// 500, the command line nothing).
func Finite(f *Finding) {
	if math.IsNaN(f.Score) || math.IsInf(f.Score, 0) {
		f.Score = 0
	}
	if f.Region != nil {
		for _, p := range f.Region {
			if !finite(p[0]) || !finite(p[1]) {
				f.Region = nil
				break
			}
		}
	}
	for k, v := range f.Evidence {
		f.Evidence[k] = finiteValue(v)
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// finiteValue is v with its non-finite numbers (nested in maps and slices of the kinds
// evidence holds) made nil.
func finiteValue(v any) any {
	switch x := v.(type) {
	case float64:
		if !finite(x) {
			return nil
		}
	case map[string]float64:
		for k, e := range x {
			if !finite(e) {
				delete(x, k)
			}
		}
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = finiteValue(e)
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = finiteValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = finiteValue(e)
		}
	}
	return v
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(1, v))
}

// Measure is one measurement a check grades: its key ("check.measure"), what it is, the
// threshold it is held to and the scale over which its score rises from 0 to 1 around the
// threshold. The defaults here are overridden by the calibrated risk model (docverify calibrate
// sets each threshold from the genuine documents of a calibration set).
type Measure struct {
	Key           string
	Doc           string
	Threshold     float64
	Scale         float64
	HigherIsWorse bool
	Reason        Reason // the reason when the measurement fails
	// Bound, when not 0, is the strictest threshold calibration may set: what genuine
	// documents vary by in ways the calibration set's do not show.
	Bound float64
	// PhotoBound, when not 0, is Bound for the photo class (CapturePhoto) alone: a phone's
	// captures vary in ways a scanner's do not.
	PhotoBound float64
}

// PrintBound bounds the calibrated thresholds of the correlations of a document's printing
// with its specimen's (the page, the guilloches, the emblem, the MRZ's font). Registered to a
// tenth of a pixel, the generator's genuine documents agree with their specimens to 0.98–0.99
// on scans and kiosk captures, and calibration would hold every document to that; real ones
// vary more (ink spread, the print runs' registration to each other, wear, other scanners'
// optics). On the evaluation set the verdicts were the same with these thresholds bounded at
// 0.90 or 0.95 as without (offline refits on saved observations).
const PrintBound = 0.95

// Threshold is a calibrated threshold and scale.
type Threshold struct {
	Value float64 `json:"threshold"`
	Scale float64 `json:"scale"`
}

// Threshold is a measure's threshold, calibrated when the scan has one.
func (p *Pass) Threshold(m *Measure) float64 {
	if c, ok := p.Scan.Thresholds[m.Key]; ok && c.Scale > 0 {
		return c.Value
	}
	return m.Threshold
}

// Grade turns a measurement into a finding, with the calibrated threshold when the scan has
// one. The evidence records the measurement and its threshold under the measure's key. A
// measurement that is not a number (a measure's arithmetic gone wrong on some input) is
// not_done, never a pass: NaN compares false with every threshold.
func (p *Pass) Grade(m *Measure, value float64) Finding {
	t := Threshold{m.Threshold, m.Scale}
	if c, ok := p.Scan.Thresholds[m.Key]; ok && c.Scale > 0 {
		t = c
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		f := Skipped("not_measured", nil)
		f.Evidence = map[string]any{"measures": map[string]float64{}, "thresholds": map[string]float64{m.Key: round4(t.Value)}, "not_measured": m.Key}
		return f
	}
	f := Graded(value, t.Value, t.Scale, m.HigherIsWorse, "ok", m.Reason, nil)
	f.Evidence = map[string]any{"measures": map[string]float64{m.Key: round4(value)}, "thresholds": map[string]float64{m.Key: round4(t.Value)}}
	return f
}

// Worst combines the grades of a check's measurements: the one with the highest score decides,
// and the evidence holds all of them. extra is added to the evidence.
func Worst(extra map[string]any, fs ...Finding) Finding {
	out := fs[0]
	measures, thresholds := map[string]float64{}, map[string]float64{}
	for _, f := range fs {
		if f.Score > out.Score {
			out = f
		}
		for k, v := range f.Evidence["measures"].(map[string]float64) {
			measures[k] = v
		}
		for k, v := range f.Evidence["thresholds"].(map[string]float64) {
			thresholds[k] = v
		}
	}
	ev := map[string]any{"measures": measures, "thresholds": thresholds}
	for k, v := range extra {
		ev[k] = v
	}
	out.Evidence = ev
	return out
}

// Graded turns a measurement into a finding: fail when the measurement is on the wrong side of
// its threshold, with a score that rises smoothly through 0.5 at the threshold (scale sets how
// fast). higherIsWorse says which side is wrong.
func Graded(value, threshold, scale float64, higherIsWorse bool, ok, bad Reason, ev map[string]any) Finding {
	if ev == nil {
		ev = map[string]any{}
	}
	ev["value"] = round4(value)
	ev["threshold"] = round4(threshold)
	d := (value - threshold) / scale
	if !higherIsWorse {
		d = -d
	}
	score := 1 / (1 + math.Exp(-d*4))
	if d >= 0 {
		return Failed(bad, score, ev)
	}
	return Passed(ok, score, ev)
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// Validate checks a list of checks: names unique and set, docs present, requirements in the
// list and no cycles. It returns the checks in an order that runs requirements first.
func Validate(checks []*Check) ([]*Check, error) {
	var errs []error
	byName := map[string]*Check{}
	in := map[*Check]bool{}
	for _, c := range checks {
		switch {
		case c.Name == "":
			errs = append(errs, errors.New("a check has no name"))
		case byName[c.Name] != nil:
			errs = append(errs, fmt.Errorf("check %s: duplicate name", c.Name))
		case c.Doc == "":
			errs = append(errs, fmt.Errorf("check %s: no doc", c.Name))
		case c.Run == nil:
			errs = append(errs, fmt.Errorf("check %s: no run function", c.Name))
		}
		byName[c.Name] = c
		in[c] = true
	}
	for _, c := range checks {
		for _, r := range c.Requires {
			if !in[r] {
				errs = append(errs, fmt.Errorf("check %s requires %s, which is not in the list", c.Name, r.Name))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// Topological order, stable by list order.
	var order []*Check
	state := map[*Check]int{} // 1 visiting, 2 done
	var visit func(c *Check) error
	visit = func(c *Check) error {
		switch state[c] {
		case 1:
			return fmt.Errorf("check %s: requirements form a cycle", c.Name)
		case 2:
			return nil
		}
		state[c] = 1
		for _, r := range c.Requires {
			if err := visit(r); err != nil {
				return err
			}
		}
		state[c] = 2
		order = append(order, c)
		return nil
	}
	for _, c := range checks {
		if err := visit(c); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// Reasons is the fixed vocabulary of reason codes, with what each means in plain words (for the
// officers' page).
var Reasons = map[Reason]string{
	"ok":                    "as the genuine model",
	"not_identified":        "the document was not recognised as any specimen, so this check could not run",
	"no_image":              "the image this check needs (infrared or ultraviolet) was not given",
	"no_region":             "the specimen has no such region",
	"not_registered":        "the page could not be aligned with its specimen, so its printing was not compared with it region by region (retake the image: flat, sharp, the whole page)",
	"no_mrz":                "no machine readable zone was read",
	"not_measured":          "a measurement of this check could not be made on this image",
	"mrz_unsure":            "the machine readable zone was not read surely enough for this check to judge it (its print, or its fields)",
	"glare":                 "a reflection on the laminate covers too much of the region to compare it (retake the image, tilted away from the light)",
	"specimen_weak":         "the document matches its specimen only weakly",
	"specimen_colours":      "the document's printing is in other colours than its specimen's",
	"unknown_specimen":      "no specimen in the library matches this document",
	"mrz_unreadable":        "the machine readable zone could not be read",
	"mrz_low_confidence":    "the machine readable zone was read with low confidence",
	"check_digit":           "a check digit of the machine readable zone is wrong",
	"mrz_field":             "a field of the machine readable zone breaks the rules (date, code)",
	"mrz_specimen_mismatch": "the machine readable zone does not fit the specimen (document code, state, number format)",
	"mrz_font":              "the machine readable zone is not printed in OCR-B as ICAO requires",
	"mrz_pitch":             "the machine readable zone's character spacing is not ICAO's 2.54 mm",
	"viz_mismatch":          "a printed field differs from the machine readable zone",
	"viz_unreadable":        "the printed fields could not be read",
	"ghost_mismatch":        "the ghost image does not show the same person as the portrait",
	"portrait_edges":        "the portrait's edges or position are not as printed on genuine documents",
	"pattern_mismatch":      "the security background differs from the specimen",
	"fine_detail_lost":      "fine lines and microprint are blurred or lost, as in a copy",
	"emblem_mismatch":       "the national emblem is missing or differs from the specimen",
	"ovd_missing":           "the hologram is missing or flat",
	"layout_shift":          "printed fields or the portrait are not where the specimen puts them",
	"halftone":              "a printer's halftone pattern or colour shift shows",
	"moire":                 "a screen's pixel grid or moiré shows: a photo of a screen",
	"uv_bright_paper":       "the paper glows under ultraviolet light (office paper)",
	"uv_pattern_missing":    "the ultraviolet pattern is missing",
	"ir_mrz_missing":        "the machine readable zone is not visible in infrared",
	"ir_unexpected_ink":     "print that infrared should not see is visible",
	"expired":               "the document has expired (not a sign of forgery)",
	"near_threshold":        "passed, but nearer its limit than genuine documents usually are: no check failed, and this with the others named raised the risk",
}

// ReasonsSorted lists the vocabulary, sorted (for documentation).
func ReasonsSorted() []Reason {
	out := make([]Reason, 0, len(Reasons))
	for r := range Reasons {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
