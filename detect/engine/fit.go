package engine

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/docverify/docverify/detect"
)

// Observation is one calibration sample: its label and capture, and what each check found.
type Observation struct {
	ID       string           `json:"id,omitempty"`
	Forged   bool             `json:"forged"`
	Attack   string           `json:"attack,omitempty"`
	Strength string           `json:"strength,omitempty"`
	Capture  string           `json:"capture"` // the sample's label: scan, kiosk, phone
	Class    string           `json:"class"`   // the capture class the engine saw (detect.Capture)
	Verdict  string           `json:"verdict,omitempty"`
	Risk     int              `json:"risk"`
	Findings []detect.Finding `json:"findings"`
}

// Targets are the false-alarm rates the operating threshold must keep on genuine documents,
// per capture kind.
var Targets = map[string]float64{"scan": 0.01, "kiosk": 0.01, "phone": 0.03}

// targetShare is the part of each target the operating threshold may use on the calibration
// set: a rate measured on a hundred or two genuine documents per capture is a rough estimate,
// and unseen documents must stay within the target itself.
const targetShare = 0.5

// The common risk scale: a document is suspicious from 50, forged from 80.
const (
	suspiciousRisk = 50
	forgedRisk     = 80
)

// Fit calibrates the risk model on observations, for each capture class on its own: each
// measure's threshold is set from the class's genuine documents (where their tail puts one in
// a thousand, never inside the most extreme value they showed; the scale at least half the
// measure's own), the checks' scores are recomputed under those thresholds, a logistic regression on them
// (weights kept non-negative: a failed check never lowers the risk) separates genuine from
// forged, and the class's cut is the lowest probability that keeps each capture's false alarms
// within its target. A class with too few samples takes the document class's model.
func Fit(obs []Observation, checks []*detect.Check, version string) (*Calibration, error) {
	var genuine, forged int
	for _, o := range obs {
		if o.Forged {
			forged++
		} else {
			genuine++
		}
	}
	if genuine < 20 || forged < 20 {
		return nil, fmt.Errorf("calibration needs at least 20 genuine and 20 forged samples; got %d and %d", genuine, forged)
	}
	byClass := map[string][]Observation{}
	for _, o := range obs {
		c := o.Class
		if c == "" {
			c = detect.CaptureDocument
		}
		byClass[c] = append(byClass[c], o)
	}
	cal := &Calibration{Version: version, Classes: map[string]*ClassModel{}, Suspicious: suspiciousRisk, Forged: forgedRisk}
	fitted := map[string]any{"samples": len(obs), "genuine": genuine, "forged": forged, "fitted": time.Now().UTC().Format(time.RFC3339)}
	for _, class := range []string{detect.CaptureDocument, detect.CapturePhoto} {
		os := byClass[class]
		var g, f int
		for _, o := range os {
			if o.Forged {
				f++
			} else {
				g++
			}
		}
		fitted[class] = map[string]int{"genuine": g, "forged": f}
		if g < 20 || f < 20 {
			continue
		}
		m, err := fitClass(os, checks, class)
		if err != nil {
			return nil, fmt.Errorf("class %s: %w", class, err)
		}
		cal.Classes[class] = m
	}
	if cal.Classes[detect.CaptureDocument] == nil {
		return nil, fmt.Errorf("calibration needs at least 20 genuine and 20 forged samples of the %s class", detect.CaptureDocument)
	}
	cal.FittedOn = fitted
	return cal, nil
}

// A measure's threshold lies where the class's genuine documents would pass it once in
// 1/tailRate documents, estimated from the tail of those seen: their values beyond the
// tailFrom quantile, taken as an exponential tail (its scale their mean excess over that
// quantile), and never inside the most extreme value seen. The most extreme of a few hundred
// documents is itself a sample: each unseen genuine document passes it with a chance of one in
// the number seen, and on a set of unseen documents one measure or another did (an evaluation
// set of another seed: 11 of 276 genuine documents rejected, 4 on such a measure).
const (
	tailFrom = 0.9
	tailRate = 0.001
)

// tailThreshold is the value that a share tailRate of the population whose sorted sample is vs
// exceeds, on the side of its higher values, by the exponential tail beyond the tailFrom
// quantile; at least the sample's largest value.
func tailThreshold(vs []float64) float64 {
	n := len(vs)
	top := vs[n-1]
	from := int(math.Floor(tailFrom * float64(n-1)))
	if n-1-from < 3 {
		return top
	}
	base := vs[from]
	var excess float64
	for _, v := range vs[from+1:] {
		excess += v - base
	}
	beta := excess / float64(n-1-from)
	return math.Max(top, base+beta*math.Log((1-tailFrom)/tailRate))
}

// decisiveMargin is how far above the highest genuine score a check's own decisive level lies.
const decisiveMargin = 0.1

// fitClass fits one class's model.
func fitClass(obs []Observation, checks []*detect.Check, class string) (*ClassModel, error) {
	measures := map[string]*detect.Measure{}
	for _, c := range checks {
		for _, m := range c.Measures {
			measures[m.Key] = m
		}
	}
	// 1. Thresholds from the genuine documents.
	cm := &ClassModel{Measures: map[string]detect.Threshold{}, Weights: map[string]float64{}}
	values := map[string][]float64{}
	for _, o := range obs {
		if o.Forged {
			continue
		}
		for _, f := range o.Findings {
			for k, v := range measuresOf(f) {
				values[k] = append(values[k], v)
			}
		}
	}
	for key, vs := range values {
		m := measures[key]
		if m == nil || len(vs) < 10 {
			continue
		}
		sort.Float64s(vs)
		q := func(p float64) float64 { return vs[int(math.Round(p*float64(len(vs)-1)))] }
		var t detect.Threshold
		// The scale is two thirds of the way from the median to the threshold, and at least half
		// the measure's own: genuine documents of one generator can agree so closely that the
		// score would step from 0 to 1 within a hair of the threshold, and one a little further
		// out than any seen would be judged as a forgery. (A third of the way, on the evaluation
		// set: ROC AUC 0.958, scan 0.974, kiosk 0.991, phone 0.807, forgeries caught 76.1%;
		// two thirds: 0.966, 0.987, 0.995, 0.840 and 74.6%, false alarms the same.)
		if m.HigherIsWorse {
			t.Value = tailThreshold(vs)
			t.Scale = math.Max((t.Value-q(0.5))/1.5, m.Scale/2)
		} else {
			neg := make([]float64, len(vs))
			for i, v := range vs {
				neg[len(vs)-1-i] = -v
			}
			t.Value = -tailThreshold(neg)
			t.Scale = math.Max((q(0.5)-t.Value)/1.5, m.Scale/2)
		}
		bound := m.Bound
		if class == detect.CapturePhoto && m.PhotoBound != 0 {
			bound = m.PhotoBound
		}
		if bound != 0 {
			if m.HigherIsWorse {
				t.Value = math.Max(t.Value, bound)
			} else {
				t.Value = math.Min(t.Value, bound)
			}
		}
		cm.Measures[key] = detect.Threshold{Value: round6(t.Value), Scale: round6(t.Scale)}
	}
	// 2. Scores under those thresholds; 3. the logistic regression, weights non-negative.
	names := make([]string, len(checks))
	for i, c := range checks {
		names[i] = c.Name
	}
	x := make([][]float64, len(obs))
	y := make([]float64, len(obs))
	for i, o := range obs {
		x[i] = withMax(features(o, names, measures, cm.Measures))
		if o.Forged {
			y[i] = 1
		}
	}
	w, b, err := logisticNonNegative(x, y, 0.05)
	if err != nil {
		return nil, err
	}
	cm.Bias = round6(b)
	for i, n := range names {
		cm.Weights[n] = round6(w[i])
	}
	cm.Any = round6(w[len(names)])
	// 3b. Decisive levels per check: a check whose score on forgeries goes clearly beyond the
	// highest any genuine document of the class reached (by decisiveMargin, and at least 0.9)
	// decides alone from there. A regression over all checks weighs a check by how often it
	// fires, so a check that fires rarely but only on forgeries (a check digit read surely
	// wrong, on phone photos) would otherwise count for little.
	byCheck := make([]bool, len(obs))
	for i, n := range names {
		top := 0.0
		for k, o := range obs {
			if !o.Forged {
				top = math.Max(top, x[k][i])
			}
		}
		level := math.Max(0.9, top+decisiveMargin)
		if level > 1 {
			continue
		}
		hits := 0
		for k, o := range obs {
			if o.Forged && x[k][i] >= level {
				hits++
			}
		}
		if hits == 0 {
			continue
		}
		if cm.DecisiveBy == nil {
			cm.DecisiveBy = map[string]float64{}
		}
		cm.DecisiveBy[n] = round6(level)
		for k := range obs {
			if x[k][i] >= level {
				byCheck[k] = true
			}
		}
	}
	// 4. The operating point: the decisive level (from which one check alone makes a document
	// suspicious) and the cut on the model's probability, chosen together: for each decisive
	// level, the lowest cut keeping each capture's false alarms within its target, and of those
	// pairs the one that catches the most forgeries (each attack class weighing the same).
	type sample struct {
		capture, attack string
		forged          bool
		top, p          float64
	}
	var all []sample
	n := map[string]int{}
	for i, o := range obs {
		top := x[i][len(names)]
		if byCheck[i] {
			top = 2 // flagged by a check's own decisive level, whatever the class's
		}
		all = append(all, sample{o.Capture, o.Attack, o.Forged, top, 100 * sigmoid(b+dot(w, x[i]))})
		if !o.Forged {
			n[o.Capture]++
		}
	}
	// The false alarms allowed: each capture's target times its genuine documents, summed over
	// the class (per capture, a hundred documents would allow one or none).
	allowed := 0.0
	for c, k := range n {
		target, ok := Targets[c]
		if !ok {
			target = 0.01
		}
		allowed += targetShare * target * float64(k)
	}
	budget := int(allowed)
	cutFor := func(d float64) float64 {
		var rs []float64
		flagged := 0
		for _, g := range all {
			if g.forged {
				continue
			}
			if g.top >= d {
				flagged++
				continue
			}
			rs = append(rs, g.p)
		}
		left := budget - flagged
		if left < 0 {
			return math.Inf(1) // the decisive level alone raises too many
		}
		sort.Float64s(rs)
		cut := 5.0
		if k := len(rs) - 1 - left; k >= 0 {
			cut = math.Max(cut, rs[k]+1)
		}
		return math.Min(cut, 99)
	}
	caught := func(d, cut float64) float64 {
		hit, tot := map[string]int{}, map[string]int{}
		for _, g := range all {
			if !g.forged {
				continue
			}
			tot[g.attack]++
			if g.top >= d || g.p >= cut {
				hit[g.attack]++
			}
		}
		sum := 0.0
		for a, t := range tot {
			sum += float64(hit[a]) / float64(t)
		}
		return sum / math.Max(float64(len(tot)), 1)
	}
	bestD, bestCut, best := 2.0, cutFor(2), -1.0
	if !math.IsInf(bestCut, 1) {
		best = caught(2, bestCut)
	}
	for d := 0.9; d <= 1.0001; d += 0.0025 {
		cut := cutFor(d)
		if math.IsInf(cut, 1) {
			continue
		}
		if c := caught(d, cut); c > best+1e-9 {
			bestD, bestCut, best = d, cut, c
		}
	}
	cm.Decisive = math.Round(bestD*10000) / 10000
	cut := bestCut
	cm.Cut = math.Min(math.Round(cut*10)/10, 99)
	return cm, nil
}

// withMax appends the highest of the scores: one check failing clearly is a forgery's mark,
// however the others did, where a sum over checks alone lets several slight deviations of a
// poor capture weigh as much.
func withMax(x []float64) []float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, v)
	}
	return append(x, m)
}

// logisticNonNegative fits the logistic regression with the weights held at zero or above: a
// weight that comes out negative is fixed at zero and the rest refitted.
func logisticNonNegative(x [][]float64, y []float64, lambda float64) ([]float64, float64, error) {
	d := len(x[0])
	active := make([]bool, d)
	for i := range active {
		active[i] = true
	}
	for {
		var idx []int
		for i, a := range active {
			if a {
				idx = append(idx, i)
			}
		}
		sub := make([][]float64, len(x))
		for r := range x {
			sub[r] = make([]float64, len(idx))
			for j, i := range idx {
				sub[r][j] = x[r][i]
			}
		}
		ws, b, err := logistic(sub, y, lambda)
		if err != nil {
			return nil, 0, err
		}
		w := make([]float64, d)
		worst, at := 0.0, -1
		for j, i := range idx {
			w[i] = ws[j]
			if ws[j] < worst {
				worst, at = ws[j], i
			}
		}
		if at < 0 {
			return w, b, nil
		}
		active[at] = false // the most negative weight out, then refit
	}
}

// Explain scores observations under a calibration: each one's risk and the checks that added
// most to it, for reports on a fit.
func Explain(cal *Calibration, obs []Observation, checks []*detect.Check) (risks []float64, tops [][]string) {
	measures := map[string]*detect.Measure{}
	names := make([]string, len(checks))
	for i, c := range checks {
		names[i] = c.Name
		for _, m := range c.Measures {
			measures[m.Key] = m
		}
	}
	for _, o := range obs {
		x := features(o, names, measures, cal.Model(o.Class).Measures)
		scores := map[string]float64{}
		for i, n := range names {
			scores[n] = x[i]
		}
		r, contrib := cal.Risk(o.Class, scores)
		risks = append(risks, r)
		tops = append(tops, Top(contrib, 3, 0.5))
	}
	return risks, tops
}

// measuresOf reads the measures a finding's evidence records.
func measuresOf(f detect.Finding) map[string]float64 {
	m, _ := f.Evidence["measures"].(map[string]float64)
	if m != nil {
		return m
	}
	// After a JSON round trip the map is map[string]any.
	out := map[string]float64{}
	if a, ok := f.Evidence["measures"].(map[string]any); ok {
		for k, v := range a {
			if x, ok := v.(float64); ok {
				out[k] = x
			}
		}
	}
	return out
}

// features are a sample's check scores in check order, with measured checks rescored under
// the calibrated thresholds; 0 for checks not done.
func features(o Observation, names []string, measures map[string]*detect.Measure, th map[string]detect.Threshold) []float64 {
	byName := map[string]detect.Finding{}
	for _, f := range o.Findings {
		byName[f.Name] = f
	}
	out := make([]float64, len(names))
	for i, n := range names {
		f, ok := byName[n]
		if !ok || f.Status == detect.StatusNotDone {
			continue
		}
		ms := measuresOf(f)
		if len(ms) == 0 {
			out[i] = f.Score
			continue
		}
		score := 0.0
		for k, v := range ms {
			m := measures[k]
			if m == nil {
				continue
			}
			t, ok := th[k]
			if !ok {
				t = detect.Threshold{Value: m.Threshold, Scale: m.Scale}
			}
			score = math.Max(score, detect.Graded(v, t.Value, t.Scale, m.HigherIsWorse, "ok", m.Reason, nil).Score)
		}
		out[i] = score
	}
	return out
}

// logistic fits weights and a bias by Newton's method with an L2 penalty lambda on the weights.
func logistic(x [][]float64, y []float64, lambda float64) ([]float64, float64, error) {
	if len(x) == 0 {
		return nil, 0, errors.New("no data")
	}
	d := len(x[0]) + 1 // the bias last
	beta := make([]float64, d)
	row := func(i int) []float64 { return append(append([]float64(nil), x[i]...), 1) }
	for iter := 0; iter < 50; iter++ {
		grad := make([]float64, d)
		hess := make([][]float64, d)
		for j := range hess {
			hess[j] = make([]float64, d)
		}
		for i := range x {
			r := row(i)
			p := sigmoid(dot(beta, r))
			for j := 0; j < d; j++ {
				grad[j] += (p - y[i]) * r[j]
				for k := 0; k < d; k++ {
					hess[j][k] += p * (1 - p) * r[j] * r[k]
				}
			}
		}
		for j := 0; j < d-1; j++ {
			grad[j] += lambda * beta[j]
			hess[j][j] += lambda
		}
		hess[d-1][d-1] += 1e-6
		step, err := solve(hess, grad)
		if err != nil {
			return nil, 0, err
		}
		change := 0.0
		for j := range beta {
			beta[j] -= step[j]
			change = math.Max(change, math.Abs(step[j]))
		}
		if change < 1e-7 {
			break
		}
	}
	return beta[:d-1], beta[d-1], nil
}

// solve solves a·x = b by Gaussian elimination with partial pivoting.
func solve(a [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64(nil), a[i]...), b[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-12 {
			return nil, errors.New("singular system")
		}
		m[c], m[p] = m[p], m[c]
		for r := 0; r < n; r++ {
			if r == c {
				continue
			}
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = m[i][n] / m[i][i]
	}
	return out, nil
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
