package bench

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/disintegration/imaging"
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Report is report.html: one self-contained page (plots and thumbnails embedded as data:
// URIs, no outside resources) of a benchmark run.
type Report struct {
	Title      string
	Created    time.Time
	Run        *Run
	Metrics    *Metrics
	Deltas     []Delta   // a comparison with an earlier run; nil for none
	Against    string    // the earlier run's metrics.json, for the comparison's heading
	Samples    string    // the sample directory, to draw the worst misses from
	Thresholds []float64 // the risk thresholds of the verdicts (suspicious, forged), drawn on the histogram
	Misses     int       // worst misses shown of each kind; 0 for 6
	ThumbWidth int       // pixels; 0 for 560
}

// view is what the template reads.
type view struct {
	*Report
	Main, ROC, Hist, Attacks, Latency template.URL
	Headline, Attack, AttackLevel     []rateRow
	Specimen                          []rateRow
	Confusion                         confusion
	FalseAlarms                       falseAlarms
	MRZ                               []mrzRow
	MRZFields                         []string
	Stages, CheckStages               []latencyRow
	HTTP                              []statusRow
	Accepted, Rejected                []miss
	Errors                            []Outcome
	Better, Worse                     int
}

type rateRow struct {
	Name string
	R    Rates
}

type confusion struct {
	Verdicts []string
	Rows     []confusionRow
}

type confusionRow struct {
	Name   string
	Forged bool
	Cells  []confusionCell
	Total  int
}

type confusionCell struct {
	N       int
	Share   float64
	Correct bool
}

type falseAlarms struct {
	Captures []string
	Genuine  []int // per capture, all first
	Rows     []falseAlarmRow
}

type falseAlarmRow struct {
	Check  string
	Counts []int // per capture, all first
	Shares []float64
}

type mrzRow struct {
	Name string
	S    MRZStats
}

type latencyRow struct {
	Stage         string
	P50, P95, P99 float64
}

type statusRow struct {
	Status string
	N      int
}

type miss struct {
	O       Outcome
	Failed  []string
	Image   template.URL
	Problem string
}

// WriteHTML renders the report.
func (r *Report) WriteHTML(w io.Writer) error {
	if r.Misses == 0 {
		r.Misses = 6
	}
	if r.ThumbWidth == 0 {
		r.ThumbWidth = 560
	}
	if r.Title == "" {
		r.Title = "docverify benchmark"
	}
	outs, m := r.Run.Outcomes, r.Metrics
	v := &view{Report: r}
	var err error
	png := func(w, h vg.Length, ps ...*plot.Plot) template.URL {
		if err != nil {
			return ""
		}
		var b []byte
		if b, err = renderPNG(w, h, ps...); err != nil {
			return ""
		}
		return dataURI("image/png", b)
	}
	curves := captureCurves(outs)
	v.Main = png(900, 380, rocPlot("ROC per capture", curves), attackBars(outs, "Detection per attack and strength", 380))
	v.ROC = png(900, 400, rocPlot("ROC (overall and per capture)", curves), detPlot("DET (overall and per capture)", curves))
	v.Hist = png(900, 320, scoreHistogram(outs, r.Thresholds))
	barsHeight := max(260, vg.Length(90+40*len(m.ByAttack)))
	v.Attacks = png(900, barsHeight, attackBars(outs, "Detection rate per attack and strength", barsHeight))
	latencyKey := "total"
	if m.HTTPStatus != nil {
		latencyKey = "wall"
	}
	v.Latency = png(900, 300, latencyHistogram(outs, latencyKey))
	if err != nil {
		return fmt.Errorf("bench: plots: %w", err)
	}

	v.Headline = []rateRow{{"all", m.Overall}}
	for _, k := range SortedKeys(m.ByCapture) {
		v.Headline = append(v.Headline, rateRow{"capture: " + k, m.ByCapture[k]})
	}
	for _, k := range SortedKeys(m.ByAttack) {
		v.Attack = append(v.Attack, rateRow{k, m.ByAttack[k]})
	}
	for _, k := range SortedKeys(m.ByAttackLevel) {
		v.AttackLevel = append(v.AttackLevel, rateRow{k, m.ByAttackLevel[k]})
	}
	for _, k := range SortedKeys(m.BySpecimen) {
		v.Specimen = append(v.Specimen, rateRow{k, m.BySpecimen[k]})
	}
	v.Confusion = confusionOf(outs)
	v.FalseAlarms = falseAlarmsOf(outs)
	v.MRZ = []mrzRow{{"all", m.MRZ}}
	caps := byKey(outs, func(o Outcome) string { return o.Capture })
	for _, k := range SortedKeys(caps) {
		v.MRZ = append(v.MRZ, mrzRow{"capture: " + k, ComputeMRZ(caps[k], r.Run.Valid)})
	}
	v.MRZFields = SortedKeys(m.MRZ.FieldAccuracy)
	v.Stages, v.CheckStages = latencyRows(m, outs)
	for _, k := range SortedKeys(m.HTTPStatus) {
		v.HTTP = append(v.HTTP, statusRow{k, m.HTTPStatus[k]})
	}
	v.Accepted, v.Rejected = r.worstMisses(outs)
	for _, o := range outs {
		if o.Error != "" {
			v.Errors = append(v.Errors, o)
		}
	}
	v.Better, v.Worse = Tally(r.Deltas)

	t, err := template.New("report").Funcs(template.FuncMap{
		"pct":  pctOf,
		"pctf": func(v float64) string { return fmt.Sprintf("%.1f%%", v*100) },
		"f3":   f3Of,
		"ms":   func(v float64) string { return fmt.Sprintf("%.0f", v) },
		"mb":   func(v float64) string { return fmt.Sprintf("%.0f", v) },
		"heat": func(share float64) template.CSS {
			return template.CSS(fmt.Sprintf("background: rgba(210, 60, 50, %.2f)", min(0.5, share*1.2)))
		},
		"field": func(m map[string]float64, k string) string {
			if v, ok := m[k]; ok {
				return fmt.Sprintf("%.1f%%", v*100)
			}
			return "—"
		},
		"join": strings.Join,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	}).Parse(reportTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, v)
}

func pctOf(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", *v*100)
}

func f3Of(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *v)
}

func dataURI(mime string, b []byte) template.URL {
	return template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b))
}

// verdictOrder is the confusion matrix's columns.
var verdictOrder = []string{"genuine", "suspicious", "forged", "unknown_document", "unreadable", "error"}

// confusionOf counts verdicts per label and attack class.
func confusionOf(outs []Outcome) confusion {
	verdicts := slices.Clone(verdictOrder)
	for _, o := range outs {
		if !slices.Contains(verdicts, o.Verdict) {
			verdicts = append(verdicts, o.Verdict)
		}
	}
	c := confusion{Verdicts: verdicts}
	rows := byKey(outs, func(o Outcome) string {
		if !o.Forged {
			return "genuine"
		}
		return "forged: " + cmp.Or(o.Attack, "unlabelled")
	})
	names := SortedKeys(rows)
	if i := slices.Index(names, "genuine"); i > 0 {
		names = append([]string{"genuine"}, slices.Delete(names, i, i+1)...)
	}
	for _, name := range names {
		row := confusionRow{Name: name, Forged: name != "genuine", Total: len(rows[name])}
		for _, verdict := range verdicts {
			n := 0
			for _, o := range rows[name] {
				if o.Verdict == verdict {
					n++
				}
			}
			correct := (verdict == "genuine") != row.Forged && verdict != "error"
			row.Cells = append(row.Cells, confusionCell{N: n, Share: float64(n) / float64(row.Total), Correct: correct})
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// falseAlarmsOf counts, for each check, the genuine samples it failed, overall and per capture.
func falseAlarmsOf(outs []Outcome) falseAlarms {
	var gen []Outcome
	for _, o := range outs {
		if !o.Forged && o.Error == "" {
			gen = append(gen, o)
		}
	}
	caps := byKey(gen, func(o Outcome) string { return o.Capture })
	fa := falseAlarms{Captures: append([]string{"all"}, SortedKeys(caps)...)}
	groups := [][]Outcome{gen}
	for _, k := range fa.Captures[1:] {
		groups = append(groups, caps[k])
	}
	for _, g := range groups {
		fa.Genuine = append(fa.Genuine, len(g))
	}
	for _, check := range CheckNames(outs) {
		row := falseAlarmRow{Check: check}
		total := 0
		for _, g := range groups {
			n := 0
			for _, o := range g {
				if o.Checks[check] == string(detect.StatusFail) {
					n++
				}
			}
			row.Counts = append(row.Counts, n)
			row.Shares = append(row.Shares, float64(n)/float64(max(1, len(g))))
			total += n
		}
		if total > 0 {
			fa.Rows = append(fa.Rows, row)
		}
	}
	sort.SliceStable(fa.Rows, func(i, j int) bool { return fa.Rows[i].Counts[0] > fa.Rows[j].Counts[0] })
	return fa
}

// stageOrder is the pipeline's order of stages in the latency table.
var stageOrder = []string{"decode", "mrz", "identify", "align", "mrz_page", "checks", "score", "total", "wall"}

func latencyRows(m *Metrics, outs []Outcome) (stages, checks []latencyRow) {
	keys := SortedKeys(m.Latency)
	sort.SliceStable(keys, func(i, j int) bool { return stageRank(keys[i]) < stageRank(keys[j]) })
	for _, k := range keys {
		p := m.Latency[k]
		stages = append(stages, latencyRow{k, p[0], p[1], p[2]})
	}
	per := map[string][]float64{}
	for _, o := range outs {
		if o.Error != "" {
			continue
		}
		for k, v := range o.Timings {
			if name, ok := strings.CutPrefix(k, "check:"); ok {
				per[name] = append(per[name], v)
			}
		}
	}
	for _, k := range SortedKeys(per) {
		a, b, c := Percentiles(per[k])
		checks = append(checks, latencyRow{k, a, b, c})
	}
	sort.SliceStable(checks, func(i, j int) bool { return checks[i].P95 > checks[j].P95 })
	return stages, checks
}

func stageRank(s string) int {
	if i := slices.Index(stageOrder, s); i >= 0 {
		return i
	}
	return len(stageOrder)
}

// worstMisses are the forged samples accepted with the lowest risk and the genuine ones
// rejected with the highest, with their images and the failed regions outlined.
func (r *Report) worstMisses(outs []Outcome) (accepted, rejected []miss) {
	var fa, gr []Outcome
	for _, o := range outs {
		switch {
		case o.Error != "":
		case o.Forged && !o.Rejected():
			fa = append(fa, o)
		case !o.Forged && o.Rejected():
			gr = append(gr, o)
		}
	}
	sort.SliceStable(fa, func(i, j int) bool { return fa[i].RejectScore() < fa[j].RejectScore() })
	sort.SliceStable(gr, func(i, j int) bool { return gr[i].RejectScore() > gr[j].RejectScore() })
	mk := func(outs []Outcome) []miss {
		var out []miss
		for _, o := range outs[:min(len(outs), r.Misses)] {
			ms := miss{O: o, Failed: SortedKeys(o.Regions)}
			img, err := r.thumbnail(o)
			if err != nil {
				ms.Problem = err.Error()
			} else {
				ms.Image = img
			}
			out = append(out, ms)
		}
		return out
	}
	return mk(fa), mk(gr)
}

// thumbnail draws a sample's image scaled down to ThumbWidth with its failed regions in red
// and its MRZ in blue, as a JPEG data URI. The image is scaled before engine.Overlay draws on
// it, so that the check names stay legible.
func (r *Report) thumbnail(o Outcome) (template.URL, error) {
	if r.Samples == "" || o.File == "" {
		return "", fmt.Errorf("no image")
	}
	b, err := os.ReadFile(filepath.Join(r.Samples, o.File))
	if err != nil {
		return "", err
	}
	m, err := detect.Decode(b, detect.DefaultLimits) // upright, as the engine saw it
	if err != nil {
		return "", err
	}
	src, err := m.ToImage()
	m.Close()
	if err != nil {
		return "", err
	}
	sb := src.Bounds()
	w := min(r.ThumbWidth, sb.Dx())
	h := max(1, sb.Dy()*w/max(1, sb.Dx()))
	small := imaging.Resize(src, w, h, imaging.Lanczos)
	var pb bytes.Buffer
	if err := png.Encode(&pb, small); err != nil {
		return "", err
	}
	k := float64(w) / float64(sb.Dx())
	scale := func(q *detect.Quad) *detect.Quad {
		if q == nil {
			return nil
		}
		var s detect.Quad
		for i, p := range q {
			s[i] = [2]float64{p[0] * k, p[1] * k}
		}
		return &s
	}
	rep := &engine.Report{MRZ: &detect.MRZReading{Box: scale(o.MRZBox)}}
	for _, name := range SortedKeys(o.Regions) {
		rep.Checks = append(rep.Checks, detect.Finding{Name: name, Status: detect.StatusFail, Region: scale(o.Regions[name])})
	}
	over, err := engine.Overlay(pb.Bytes(), rep)
	if err != nil {
		return "", err
	}
	img, err := png.Decode(bytes.NewReader(over))
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		return "", err
	}
	return dataURI("image/jpeg", out.Bytes()), nil
}
