package bench

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// Kind says how a figure is shown and which way is better.
type Kind int

// The kinds of figures a comparison holds.
const (
	KindRate       Kind = iota // a share 0–1, lower is better (APCER, BPCER, EER, CER); deltas in percentage points
	KindScore                  // a share 0–1, higher is better (MRZ read exactly); deltas in percentage points
	KindAUC                    // ROC AUC, higher is better
	KindMs                     // milliseconds, lower is better; deltas relative
	KindThroughput             // per second, higher is better; deltas relative
	KindMB                     // megabytes, lower is better; deltas relative
)

// Delta is one headline figure in an earlier run and in this one.
type Delta struct {
	Group  string   `json:"group"`  // "overall", "capture kiosk", "attack viz_altered", "mrz", "speed"
	Figure string   `json:"figure"` // "APCER", "p95 total", …
	Kind   Kind     `json:"kind"`
	Old    *float64 `json:"old"` // nil when the earlier run does not have it
	New    *float64 `json:"new"`
	Change int      `json:"change"` // +1 better, −1 worse, 0 unchanged, within noise or not comparable
}

// Noise bounds: rate changes smaller than this many percentage points, and timing changes
// smaller than this share, are not marked.
const (
	rateNoise   = 0.0005
	timingNoise = 0.05
)

// Compare lists the headline figures of an earlier run (old) and this one (cur), overall, per
// capture and per attack class, with MRZ reading and speed, and marks what improved or
// regressed. Groups present in only one run are listed with the other side nil.
func Compare(old, cur *Metrics) []Delta {
	var out []Delta
	add := func(group, figure string, k Kind, o, n *float64) {
		d := Delta{Group: group, Figure: figure, Kind: k, Old: o, New: n}
		d.Change = change(k, o, n)
		out = append(out, d)
	}
	num := func(v float64) *float64 { return &v }
	rates := func(group string, o, n Rates, bpcer bool) {
		add(group, "APCER", KindRate, o.APCER, n.APCER)
		if bpcer {
			add(group, "BPCER", KindRate, o.BPCER, n.BPCER)
		}
		add(group, "ROC AUC", KindAUC, o.AUC, n.AUC)
		add(group, "EER", KindRate, o.EER, n.EER)
	}
	rates("overall", old.Overall, cur.Overall, true)
	add("overall", "BPCER@APCER 5%", KindRate, old.Overall.BPCERAt5, cur.Overall.BPCERAt5)
	add("overall", "BPCER@APCER 10%", KindRate, old.Overall.BPCERAt10, cur.Overall.BPCERAt10)
	add("overall", "APCER worst attack", KindRate, old.APCERMax, cur.APCERMax)
	for _, k := range unionKeys(old.ByCapture, cur.ByCapture) {
		rates("capture "+k, old.ByCapture[k], cur.ByCapture[k], true)
	}
	for _, k := range unionKeys(old.ByAttack, cur.ByAttack) {
		rates("attack "+k, old.ByAttack[k], cur.ByAttack[k], false)
	}
	mrzOf := func(m *Metrics) (exact, cer *float64) {
		if m.MRZ.Samples == 0 {
			return nil, nil
		}
		return num(m.MRZ.Exact), num(m.MRZ.CER)
	}
	oe, oc := mrzOf(old)
	ne, nc := mrzOf(cur)
	add("mrz", "read exactly", KindScore, oe, ne)
	add("mrz", "character error rate", KindRate, oc, nc)
	for _, stage := range []string{"total", "wall"} {
		ol, okO := old.Latency[stage]
		nl, okN := cur.Latency[stage]
		if !okO && !okN {
			continue
		}
		for i, p := range []string{"p50", "p95"} {
			var o, n *float64
			if okO {
				o = num(ol[i])
			}
			if okN {
				n = num(nl[i])
			}
			add("speed", p+" "+stage, KindMs, o, n)
		}
	}
	add("speed", "throughput", KindThroughput, positive(old.Throughput), positive(cur.Throughput))
	add("speed", "peak memory", KindMB, positive(old.PeakMemoryMB), positive(cur.PeakMemoryMB))
	return out
}

func positive(v float64) *float64 {
	if v <= 0 {
		return nil
	}
	return &v
}

func unionKeys(a, b map[string]Rates) []string {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return SortedKeys(u)
}

// change is +1 when n is better than o, −1 when worse, 0 when equal within noise or either is
// missing.
func change(k Kind, o, n *float64) int {
	if o == nil || n == nil {
		return 0
	}
	d := *n - *o
	switch k {
	case KindMs, KindThroughput, KindMB:
		if *o == 0 || math.Abs(d / *o) < timingNoise {
			return 0
		}
	default:
		if math.Abs(d) < rateNoise {
			return 0
		}
	}
	lowerBetter := k == KindRate || k == KindMs || k == KindMB
	if (d < 0) == lowerBetter {
		return 1
	}
	return -1
}

// Marker is the sign a comparison shows: ▲ better, ▼ worse, nothing otherwise.
func (d Delta) Marker() string {
	switch d.Change {
	case 1:
		return "▲ better"
	case -1:
		return "▼ worse"
	}
	return ""
}

// Format writes a value of the delta's kind.
func (d Delta) Format(v *float64) string {
	if v == nil {
		return "—"
	}
	switch d.Kind {
	case KindRate, KindScore:
		return fmt.Sprintf("%.1f%%", *v*100)
	case KindAUC:
		return fmt.Sprintf("%.3f", *v)
	case KindMs:
		return fmt.Sprintf("%.0f ms", *v)
	case KindThroughput:
		return fmt.Sprintf("%.2f/s", *v)
	case KindMB:
		return fmt.Sprintf("%.0f MB", *v)
	}
	return fmt.Sprint(*v)
}

// Difference writes the change: percentage points for rates, plain for AUC, relative for
// timings and sizes.
func (d Delta) Difference() string {
	if d.Old == nil || d.New == nil {
		return ""
	}
	diff := *d.New - *d.Old
	sign := func(v float64, format string) string {
		s := fmt.Sprintf(format, math.Abs(v))
		switch {
		case strings.Trim(s, "0.%pt ") == "":
			return "±" + s
		case v < 0:
			return "−" + s
		}
		return "+" + s
	}
	switch d.Kind {
	case KindRate, KindScore:
		return sign(diff*100, "%.1f pt")
	case KindAUC:
		return sign(diff, "%.3f")
	default:
		if *d.Old == 0 {
			return ""
		}
		return sign(diff / *d.Old * 100, "%.1f%%")
	}
}

// WriteDeltas prints a comparison as a text table.
func WriteDeltas(w io.Writer, ds []Delta) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "group\tfigure\tbefore\tnow\tchange\t")
	group := ""
	for _, d := range ds {
		g := d.Group
		if g == group {
			g = ""
		}
		group = d.Group
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", g, d.Figure, d.Format(d.Old), d.Format(d.New), d.Difference(), d.Marker())
	}
	return tw.Flush()
}

// Tally counts the improvements and regressions of a comparison.
func Tally(ds []Delta) (better, worse int) {
	for _, d := range ds {
		switch d.Change {
		case 1:
			better++
		case -1:
			worse++
		}
	}
	return
}
