package bench

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"

	"github.com/docverify/docverify/samples"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// colours: genuine, forged, and a palette for groups.
var (
	genuineColour = color.RGBA{40, 120, 200, 255}
	forgedColour  = color.RGBA{210, 60, 50, 255}
	strengthTones = []color.Color{color.RGBA{250, 190, 80, 255}, color.RGBA{235, 120, 50, 255}, color.RGBA{180, 40, 40, 255}}
)

// scores splits outcomes into the reject scores of genuine and forged samples, as ComputeRates
// does (a sample that could not be checked counts as rejected).
func scores(os []Outcome) (gen, forg []float64) {
	for _, o := range os {
		if o.Forged {
			forg = append(forg, o.RejectScore())
		} else {
			gen = append(gen, o.RejectScore())
		}
	}
	return gen, forg
}

// byKey groups outcomes by a key, leaving out the empty key.
func byKey(os []Outcome, key func(Outcome) string) map[string][]Outcome {
	g := map[string][]Outcome{}
	for _, o := range os {
		if k := key(o); k != "" {
			g[k] = append(g[k], o)
		}
	}
	return g
}

// curve is a named group of outcomes drawn as one line.
type curve struct {
	name string
	os   []Outcome
}

// captureCurves are "all" and one curve per capture kind that has both labels.
func captureCurves(os []Outcome) []curve {
	out := []curve{{"all", os}}
	g := byKey(os, func(o Outcome) string { return o.Capture })
	for _, k := range SortedKeys(g) {
		out = append(out, curve{k, g[k]})
	}
	return out
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	p.Legend.Top = false
	p.Legend.Left = false
	return p
}

func lineStyle(i int) draw.LineStyle {
	ls := draw.LineStyle{Color: plotutil.Color(i), Width: vg.Points(1.6)}
	if i == 0 {
		ls.Color, ls.Width = color.Black, vg.Points(2.2)
	}
	return ls
}

// rocPlot draws detection rate (1 − APCER) against BPCER for every threshold of the reject
// score, one line per curve with its AUC in the legend.
func rocPlot(title string, cs []curve) *plot.Plot {
	p := newPlot(title, "BPCER (genuine rejected)", "detection rate (1 − APCER)")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	diag, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	diag.LineStyle = draw.LineStyle{Color: color.Gray{170}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(3), vg.Points(3)}}
	p.Add(diag)
	for i, c := range cs {
		gen, forg := scores(c.os)
		if len(gen) == 0 || len(forg) == 0 {
			continue
		}
		b, d := ROC(gen, forg)
		xy := make(plotter.XYs, len(b))
		for k := range b {
			// thresholds run low to high: reversed, the line runs from (0, 0) to (1, 1).
			xy[len(b)-1-k] = plotter.XY{X: b[k], Y: d[k]}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			continue
		}
		l.LineStyle = lineStyle(i)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (AUC %.3f, n=%d)", c.name, AUC(gen, forg), len(c.os)), l)
	}
	return p
}

// probit is the normal deviate scale of DET curves (NIST, Martin et al. 1997): error rates
// near 0 are spread out.
type probit struct{}

func probitOf(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

func (probit) Normalize(lo, hi, x float64) float64 {
	a, b := probitOf(lo), probitOf(hi)
	return (probitOf(clampRate(x)) - a) / (b - a)
}

const detMin, detMax = 0.001, 0.8

func clampRate(x float64) float64 { return math.Max(detMin, math.Min(detMax, x)) }

func probitTicks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, v := range []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8} {
		if v >= lo-1e-12 && v <= hi+1e-12 {
			t := plot.Tick{Value: v, Label: pct(v)}
			if v == 0.002 {
				t.Label = "" // crowded at the edge
			}
			out = append(out, t)
		}
	}
	return out
}

func pct(v float64) string {
	s := fmt.Sprintf("%.1f%%", v*100)
	if v >= 0.01 {
		s = fmt.Sprintf("%.0f%%", v*100)
	}
	return s
}

// detPlot draws BPCER against APCER on normal deviate scales; rates of 0 sit on the axes'
// lower edge (0.1%).
func detPlot(title string, cs []curve) *plot.Plot {
	p := newPlot(title, "APCER (forgeries accepted)", "BPCER (genuine rejected)")
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Min, ax.Max = detMin, detMax
		ax.Scale = probit{}
		ax.Tick.Marker = plot.TickerFunc(probitTicks)
	}
	for i, c := range cs {
		gen, forg := scores(c.os)
		if len(gen) == 0 || len(forg) == 0 {
			continue
		}
		b, d := ROC(gen, forg)
		var xy plotter.XYs
		for k := range b {
			xy = append(xy, plotter.XY{X: clampRate(1 - d[k]), Y: clampRate(b[k])})
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			continue
		}
		l.LineStyle = lineStyle(i)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (EER %s)", c.name, pct(EER(gen, forg))), l)
	}
	p.Legend.Top = true
	return p
}

// scoreHistogram draws the risk scores of genuine and forged samples as shares of each label,
// in bins of 5, with the operating thresholds as dashed lines. Documents rejected outright
// (unknown, unreadable, not checked) are counted in the last bin.
func scoreHistogram(os []Outcome, thresholds []float64) *plot.Plot {
	p := newPlot("Risk score: genuine vs forged", "risk score (documents rejected outright in the last bin)", "share of the label's samples")
	const bins, width = 20, 5.0
	ymax := 0.0
	for _, side := range []struct {
		name   string
		forged bool
		c      color.RGBA
	}{{"genuine", false, genuineColour}, {"forged", true, forgedColour}} {
		h := &plotter.Histogram{Width: width, FillColor: color.NRGBA{side.c.R, side.c.G, side.c.B, 140},
			LineStyle: draw.LineStyle{Color: side.c, Width: vg.Points(0.8)}}
		n := 0
		for i := range bins {
			h.Bins = append(h.Bins, plotter.HistogramBin{Min: float64(i) * width, Max: float64(i+1) * width})
		}
		for _, o := range os {
			if o.Forged != side.forged {
				continue
			}
			n++
			h.Bins[min(bins-1, int(o.RejectScore()/width))].Weight++
		}
		if n == 0 {
			continue
		}
		for i := range h.Bins {
			h.Bins[i].Weight /= float64(n)
			ymax = math.Max(ymax, h.Bins[i].Weight)
		}
		p.Add(h)
		p.Legend.Add(fmt.Sprintf("%s (n=%d)", side.name, n), h)
	}
	ymax = math.Min(1, math.Ceil(ymax*10+0.5)/10)
	for _, t := range thresholds {
		l, _ := plotter.NewLine(plotter.XYs{{X: t, Y: 0}, {X: t, Y: ymax}})
		l.LineStyle = draw.LineStyle{Color: color.Gray{60}, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		p.Add(l)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 100, 0, ymax
	var ticks []plot.Tick
	for v := 0; v <= 100; v += 5 {
		t := plot.Tick{Value: float64(v)}
		if v%10 == 0 {
			t.Label = fmt.Sprint(v)
		}
		ticks = append(ticks, t)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Legend.Top = true
	return p
}

// attackBars draws the detection rate (1 − APCER) of each attack class, one bar per strength,
// horizontally so that the class names read; height is the plot's, to size the bars.
func attackBars(os []Outcome, title string, height vg.Length) *plot.Plot {
	p := newPlot(title, "detection rate (1 − APCER)", "")
	g := byKey(os, func(o Outcome) string { return o.Attack })
	attacks := SortedKeys(g)
	slices.Reverse(attacks) // the first at the top
	if len(attacks) == 0 {
		return p
	}
	w := max(vg.Points(3), min(vg.Points(14), (height-vg.Points(90))/vg.Length(len(attacks))/4))
	for si, strength := range samples.Strengths {
		s := string(strength)
		vals := make(plotter.Values, len(attacks))
		has := false
		for i, a := range attacks {
			var det, n float64
			for _, o := range g[a] {
				if o.Strength == s {
					n++
					if o.Rejected() {
						det++
					}
				}
			}
			if n > 0 {
				vals[i], has = det/n, true
			}
		}
		if !has {
			continue
		}
		bc, err := plotter.NewBarChart(vals, w)
		if err != nil {
			continue
		}
		bc.Horizontal = true
		bc.Color, bc.LineStyle.Width, bc.Offset = strengthTones[si], 0, vg.Length(1-si)*w // subtle on top, as in the legend
		p.Add(bc)
		p.Legend.Add(s, bc)
	}
	p.NominalY(attacks...)
	// Room on the right for the legend, with ticks up to 100% only.
	p.X.Min, p.X.Max = 0, 1.32
	p.X.Tick.Marker = plot.TickerFunc(func(_, _ float64) []plot.Tick {
		var t []plot.Tick
		for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
			t = append(t, plot.Tick{Value: v, Label: pct(v)})
		}
		return t
	})
	p.Legend.Top = true
	return p
}

// latencyHistogram draws the distribution of one timing (ms) over the samples.
func latencyHistogram(os []Outcome, key string) *plot.Plot {
	p := newPlot("Latency per document ("+key+")", "milliseconds", "documents")
	var v plotter.Values
	for _, o := range os {
		if t, ok := o.Timings[key]; ok {
			v = append(v, t)
		}
	}
	if len(v) == 0 {
		return p
	}
	h, err := plotter.NewHist(v, min(30, max(5, len(v)/4)))
	if err != nil {
		return p
	}
	h.FillColor, h.LineStyle.Color = color.RGBA{90, 140, 190, 255}, color.White
	p.Add(h)
	sorted := append([]float64(nil), v...)
	sort.Float64s(sorted)
	p50, p95, _ := Percentiles(sorted)
	_, _, _, ymax := h.DataRange()
	for _, q := range []struct {
		name string
		v    float64
	}{{"p50", p50}, {"p95", p95}} {
		l, _ := plotter.NewLine(plotter.XYs{{X: q.v, Y: 0}, {X: q.v, Y: ymax}})
		l.LineStyle = draw.LineStyle{Color: forgedColour, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s %.0f ms", q.name, q.v), l)
	}
	p.Legend.Top = true
	return p
}

// renderPNG draws plots side by side (one row) into a PNG.
func renderPNG(w, h vg.Length, plots ...*plot.Plot) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	row := [][]*plot.Plot{plots}
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Points(12), PadY: vg.Points(6), PadLeft: vg.Points(6),
		PadRight: vg.Points(10), PadTop: vg.Points(6), PadBottom: vg.Points(6)}
	canvases := plot.Align(row, tiles, dc)
	for i, p := range plots {
		p.Draw(canvases[0][i])
	}
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MainPlot is the report's main figure, for the README: the ROC curves overall and per
// capture beside the detection rate per attack class and strength. A PNG.
func MainPlot(run *Run) ([]byte, error) {
	const w, h = 900, 380
	return renderPNG(w, h, rocPlot("ROC per capture", captureCurves(run.Outcomes)),
		attackBars(run.Outcomes, "Detection per attack and strength", h))
}
