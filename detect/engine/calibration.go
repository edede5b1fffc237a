package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Calibration is the risk model: for each capture class (detect.CaptureDocument, CapturePhoto),
// the measures' thresholds and a logistic regression over the checks' scores, and the verdicts'
// risk thresholds. Each class's probability is mapped onto one risk scale on which Suspicious
// means the same false-alarm rate for every class. docverify calibrate fits it on a generated
// sample set whose seed is never used for evaluation; it is stored beside the specimens
// (templates/calibration.json).
type Calibration struct {
	Version    string                 `json:"version"`
	FittedOn   map[string]any         `json:"fitted_on,omitempty"` // what it was fitted on
	Classes    map[string]*ClassModel `json:"classes"`             // capture class → its model
	Suspicious float64                `json:"suspicious"`          // risk (0–100) from which a document is suspicious
	Forged     float64                `json:"forged"`              // risk from which it is forged
}

// ClassModel is the risk model of one capture class.
type ClassModel struct {
	Bias     float64                     `json:"bias"`
	Weights  map[string]float64          `json:"weights"`  // check name → weight of its score (never negative)
	Measures map[string]detect.Threshold `json:"measures"` // measure key → calibrated threshold and scale
	Any      float64                     `json:"any"`      // weight of the highest check score
	// Decisive is the check score from which one check alone makes a document suspicious,
	// whatever the others say; above 1 when no level is rare enough on genuine documents.
	Decisive float64 `json:"decisive"`
	// DecisiveBy holds, for some checks, a score of their own from which they alone make a
	// document suspicious: beyond what any genuine document of the class showed on that check.
	DecisiveBy map[string]float64 `json:"decisive_by,omitempty"`
	Cut        float64            `json:"cut"` // the model's probability (0–100) that is the Suspicious risk
}

// Validate reports what is wrong with a calibration.
func (c *Calibration) Validate(checks []string) error {
	var errs []error
	if c.Version == "" {
		errs = append(errs, errors.New("calibration: no version"))
	}
	if !(c.Suspicious > 0 && c.Suspicious <= c.Forged && c.Forged < 100) {
		errs = append(errs, fmt.Errorf("calibration: thresholds %v (suspicious) and %v (forged) must satisfy 0 < suspicious ≤ forged < 100", c.Suspicious, c.Forged))
	}
	if c.Classes[detect.CaptureDocument] == nil {
		errs = append(errs, fmt.Errorf("calibration: no model for the %q class", detect.CaptureDocument))
	}
	known := map[string]bool{}
	for _, n := range checks {
		known[n] = true
	}
	for class, m := range c.Classes {
		if m == nil {
			errs = append(errs, fmt.Errorf("calibration: class %s has no model", class))
			continue
		}
		if !(m.Cut > 0 && m.Cut < 100) {
			errs = append(errs, fmt.Errorf("calibration: class %s: cut %v outside (0, 100)", class, m.Cut))
		}
		if m.Any < 0 || math.IsNaN(m.Any) {
			errs = append(errs, fmt.Errorf("calibration: class %s: weight of the highest score is %v", class, m.Any))
		}
		for n, w := range m.Weights {
			if !known[n] {
				errs = append(errs, fmt.Errorf("calibration: class %s: weight for unknown check %q", class, n))
			}
			if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				errs = append(errs, fmt.Errorf("calibration: class %s: weight of %s is %v", class, n, w))
			}
		}
		for n, level := range m.DecisiveBy {
			if !known[n] {
				errs = append(errs, fmt.Errorf("calibration: class %s: decisive level for unknown check %q", class, n))
			}
			if !(level > 0 && level <= 1) {
				errs = append(errs, fmt.Errorf("calibration: class %s: decisive level of %s is %v, outside (0, 1]", class, n, level))
			}
		}
	}
	return errors.Join(errs...)
}

// Model is the model of a capture class, or the document class's when the class has none.
func (c *Calibration) Model(class string) *ClassModel {
	if m := c.Classes[class]; m != nil {
		return m
	}
	return c.Classes[detect.CaptureDocument]
}

// Risk is the risk of forgery, 0–100, from the checks' scores (name → score; checks not done
// are left out) under the class's model, and each check's contribution to the log-odds.
func (c *Calibration) Risk(class string, scores map[string]float64) (risk float64, contrib map[string]float64) {
	m := c.Model(class)
	z := m.Bias
	contrib = map[string]float64{}
	top, topName := 0.0, ""
	for n, s := range scores {
		if w, ok := m.Weights[n]; ok {
			contrib[n] = w * s
			z += w * s
		}
		if s > top || (s == top && n < topName) {
			top, topName = s, n
		}
	}
	if topName != "" && m.Any > 0 {
		z += m.Any * top
		contrib[topName] += m.Any * top
	}
	risk = c.scale(m, 100/(1+math.Exp(-z)))
	if m.Decisive > 0 && m.Decisive <= 1 && top >= m.Decisive {
		// One check failed beyond what genuine documents of the class ever show.
		risk = math.Max(risk, c.Suspicious+(c.Forged-c.Suspicious)*(top-m.Decisive)/math.Max(1-m.Decisive, 1e-6))
	}
	for n, level := range m.DecisiveBy {
		if s, ok := scores[n]; ok && level > 0 && level <= 1 && s >= level {
			risk = math.Max(risk, c.Suspicious+(c.Forged-c.Suspicious)*(s-level)/math.Max(1-level, 1e-6))
			contrib[n] = math.Max(contrib[n], decidedContrib) // it decided: among the reasons named
		}
	}
	return risk, contrib
}

// decidedContrib is the contribution reported for a check that decided alone by its own level.
const decidedContrib = 5

// scale maps a class model's probability (0–100) onto the common risk scale: its cut onto
// Suspicious, linearly on either side.
func (c *Calibration) scale(m *ClassModel, p float64) float64 {
	if p <= m.Cut {
		return c.Suspicious * p / m.Cut
	}
	return c.Suspicious + (100-c.Suspicious)*(p-m.Cut)/(100-m.Cut)
}

// Top returns the names of the checks that contributed most to the risk, largest first, those
// that added at least minContrib to the log-odds.
func Top(contrib map[string]float64, n int, minContrib float64) []string {
	var names []string
	for k, v := range contrib {
		if v >= minContrib {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if contrib[names[i]] != contrib[names[j]] {
			return contrib[names[i]] > contrib[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	return names
}

// LoadCalibration reads a calibration file, or the one beside the embedded specimens when path
// is empty.
func LoadCalibration(path string) (*Calibration, error) {
	var b []byte
	var err error
	if path == "" {
		b, err = templates.CalibrationFile()
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	var c Calibration
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("calibration %s: %w", path, err)
	}
	return &c, nil
}
