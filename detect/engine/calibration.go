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

// Calibration is the risk model: a logistic regression over the checks' scores, and the risk
// thresholds of the verdicts. docverify calibrate fits it on a generated sample set whose seed
// is never used for evaluation; it is stored beside the specimens (templates/calibration.json).
type Calibration struct {
	Version    string                      `json:"version"`
	FittedOn   map[string]any              `json:"fitted_on,omitempty"` // what it was fitted on
	Bias       float64                     `json:"bias"`
	Weights    map[string]float64          `json:"weights"`    // check name → weight of its score
	Measures   map[string]detect.Threshold `json:"measures"`   // measure key → calibrated threshold and scale
	Suspicious float64                     `json:"suspicious"` // risk (0–100) from which a document is suspicious
	Forged     float64                     `json:"forged"`     // risk from which it is forged
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
	known := map[string]bool{}
	for _, n := range checks {
		known[n] = true
	}
	for n, w := range c.Weights {
		if !known[n] {
			errs = append(errs, fmt.Errorf("calibration: weight for unknown check %q", n))
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			errs = append(errs, fmt.Errorf("calibration: weight of %s is %v", n, w))
		}
	}
	return errors.Join(errs...)
}

// Risk is the probability of forgery, 0–100, from the checks' scores (name → score; checks
// not done are left out), and each check's contribution to the log-odds.
func (c *Calibration) Risk(scores map[string]float64) (risk float64, contrib map[string]float64) {
	z := c.Bias
	contrib = map[string]float64{}
	for n, s := range scores {
		if w, ok := c.Weights[n]; ok {
			contrib[n] = w * s
			z += w * s
		}
	}
	return 100 / (1 + math.Exp(-z)), contrib
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
