package bench

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/docverify/docverify/detect"
)

// Outcome is one sample's result, as the metrics need it.
type Outcome struct {
	ID       string             `json:"id"`
	Forged   bool               `json:"forged"`
	Attack   string             `json:"attack,omitempty"`
	Strength string             `json:"strength,omitempty"`
	Capture  string             `json:"capture"`
	Specimen string             `json:"specimen"`
	Verdict  string             `json:"verdict"`
	Risk     float64            `json:"risk"`
	Checks   map[string]string  `json:"checks"` // check name → status
	MRZ      []string           `json:"mrz"`    // as read
	TrueMRZ  []string           `json:"true_mrz"`
	Fields   map[string]string  `json:"fields"` // as read: surname, document_number, …
	Truth    map[string]string  `json:"truth"`
	Timings  map[string]float64 `json:"timings_ms"` // the engine's stages, and "wall": the call as the caller saw it
	Error    string             `json:"error,omitempty"`
	HTTP     int                `json:"http_status,omitempty"`

	// For the report's worst misses.
	File    string                  `json:"file"`                  // the image, relative to the sample directory
	Found   string                  `json:"found,omitempty"`       // the specimen the engine identified
	Reasons []string                `json:"top_reasons,omitempty"` // "check: reason" of the top reasons
	Regions map[string]*detect.Quad `json:"regions,omitempty"`     // failed check → its region in the image
	MRZBox  *detect.Quad            `json:"mrz_box,omitempty"`
}

// Rejected reports whether the document was not accepted as genuine.
func (o Outcome) Rejected() bool { return o.Verdict != "genuine" }

// RejectScore orders documents by how strongly they were rejected: the risk, and 100 for
// documents rejected outright (unknown to the library, unreadable).
func (o Outcome) RejectScore() float64 {
	if o.Verdict == "unknown_document" || o.Verdict == "unreadable" || o.Error != "" {
		return 100 + o.Risk/100
	}
	return o.Risk
}

// Rates are the error rates of a group of samples.
type Rates struct {
	Samples   int      `json:"samples"`
	Genuine   int      `json:"genuine"`
	Forged    int      `json:"forged"`
	BPCER     *float64 `json:"bpcer"`     // genuine rejected, at the operating threshold
	APCER     *float64 `json:"apcer"`     // forged accepted, at the operating threshold
	Detection *float64 `json:"detection"` // 1 − APCER
	AUC       *float64 `json:"roc_auc"`   // area under the ROC curve of the reject score
	AUCLow    *float64 `json:"roc_auc_ci_low,omitempty"`
	AUCHigh   *float64 `json:"roc_auc_ci_high,omitempty"`
	EER       *float64 `json:"eer"` // equal error rate
	BPCERAt5  *float64 `json:"bpcer_at_apcer_5"`
	BPCERAt10 *float64 `json:"bpcer_at_apcer_10"`
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	v = math.Round(v*1e5) / 1e5
	return &v
}

// ComputeRates measures a group. bootstrap resamples the AUC that many times for its 95%
// interval (0: none), deterministically.
func ComputeRates(os []Outcome, bootstrap int) Rates {
	var r Rates
	r.Samples = len(os)
	var gen, forg []float64
	var rejG, accF int
	for _, o := range os {
		if o.Forged {
			r.Forged++
			forg = append(forg, o.RejectScore())
			if !o.Rejected() {
				accF++
			}
		} else {
			r.Genuine++
			gen = append(gen, o.RejectScore())
			if o.Rejected() {
				rejG++
			}
		}
	}
	if r.Genuine > 0 {
		r.BPCER = ptr(float64(rejG) / float64(r.Genuine))
	}
	if r.Forged > 0 {
		r.APCER = ptr(float64(accF) / float64(r.Forged))
		r.Detection = ptr(1 - float64(accF)/float64(r.Forged))
	}
	if r.Genuine > 0 && r.Forged > 0 {
		r.AUC = ptr(AUC(gen, forg))
		r.EER = ptr(EER(gen, forg))
		r.BPCERAt5 = ptr(BPCERAtAPCER(gen, forg, 0.05))
		r.BPCERAt10 = ptr(BPCERAtAPCER(gen, forg, 0.10))
		if bootstrap > 0 {
			lo, hi := bootstrapAUC(gen, forg, bootstrap)
			r.AUCLow, r.AUCHigh = ptr(lo), ptr(hi)
		}
	}
	return r
}

// AUC is the probability that a forged sample scores above a genuine one (ties count half).
func AUC(gen, forg []float64) float64 {
	if len(gen) == 0 || len(forg) == 0 {
		return math.NaN()
	}
	g := append([]float64(nil), gen...)
	sort.Float64s(g)
	var s float64
	for _, f := range forg {
		lo := sort.SearchFloat64s(g, f)
		hi := sort.Search(len(g), func(i int) bool { return g[i] > f })
		s += float64(lo) + 0.5*float64(hi-lo)
	}
	return s / float64(len(gen)*len(forg))
}

// thresholds are the distinct scores, as candidate thresholds (reject when score ≥ t).
func thresholds(gen, forg []float64) []float64 {
	all := append(append([]float64(nil), gen...), forg...)
	sort.Float64s(all)
	out := []float64{all[0] - 1}
	for i, v := range all {
		if i == 0 || v != all[i-1] {
			out = append(out, v)
		}
	}
	return append(out, all[len(all)-1]+1)
}

func rates(gen, forg []float64, t float64) (bpcer, apcer float64) {
	var rg, af int
	for _, g := range gen {
		if g >= t {
			rg++
		}
	}
	for _, f := range forg {
		if f < t {
			af++
		}
	}
	return float64(rg) / float64(len(gen)), float64(af) / float64(len(forg))
}

// EER is the error rate where BPCER and APCER are closest.
func EER(gen, forg []float64) float64 {
	best, eer := math.Inf(1), 0.0
	for _, t := range thresholds(gen, forg) {
		b, a := rates(gen, forg, t)
		if d := math.Abs(b - a); d < best {
			best, eer = d, (a+b)/2
		}
	}
	return eer
}

// BPCERAtAPCER is the lowest BPCER at a threshold where APCER is at most target.
func BPCERAtAPCER(gen, forg []float64, target float64) float64 {
	best := 1.0
	for _, t := range thresholds(gen, forg) {
		if b, a := rates(gen, forg, t); a <= target && b < best {
			best = b
		}
	}
	return best
}

// ROC returns the curve's points: (BPCER, 1 − APCER) for every threshold.
func ROC(gen, forg []float64) (bpcer, detect []float64) {
	for _, t := range thresholds(gen, forg) {
		b, a := rates(gen, forg, t)
		bpcer = append(bpcer, b)
		detect = append(detect, 1-a)
	}
	return
}

func bootstrapAUC(gen, forg []float64, n int) (lo, hi float64) {
	rng := rand.New(rand.NewPCG(30107, 3))
	aucs := make([]float64, n)
	g := make([]float64, len(gen))
	f := make([]float64, len(forg))
	for i := range aucs {
		for k := range g {
			g[k] = gen[rng.IntN(len(gen))]
		}
		for k := range f {
			f[k] = forg[rng.IntN(len(forg))]
		}
		aucs[i] = AUC(g, f)
	}
	sort.Float64s(aucs)
	return aucs[int(0.025*float64(n))], aucs[int(0.975*float64(n-1))]
}

// MRZStats measure MRZ reading against the printed MRZ.
type MRZStats struct {
	Samples       int                `json:"samples"`
	Exact         float64            `json:"exact"`       // documents whose MRZ was read exactly
	WrongValid    int                `json:"wrong_valid"` // read as valid but wrong: the worst outcome
	CER           float64            `json:"cer"`         // character error rate over all lines
	FieldAccuracy map[string]float64 `json:"field_accuracy"`
}

// ComputeMRZ measures reading over outcomes that know their printed MRZ, leaving out fantasy
// documents, counterfeit fonts (not meant to be read as printed) and samples not checked.
func ComputeMRZ(os []Outcome, valid map[string]bool) MRZStats {
	var st MRZStats
	st.FieldAccuracy = map[string]float64{}
	fieldN := map[string]int{}
	var errs, chars int
	for _, o := range os {
		if len(o.TrueMRZ) == 0 || o.Attack == "fantasy" || o.Attack == "counterfeit_font" || o.Error != "" {
			continue
		}
		st.Samples++
		got, want := strings.Join(o.MRZ, "\n"), strings.Join(o.TrueMRZ, "\n")
		if got == want {
			st.Exact++
		} else if valid[o.ID] {
			st.WrongValid++
		}
		errs += levenshtein(got, want)
		chars += len(want)
		for k, v := range o.Truth {
			fieldN[k]++
			if o.Fields[k] == v {
				st.FieldAccuracy[k]++
			}
		}
	}
	if st.Samples > 0 {
		st.Exact /= float64(st.Samples)
	}
	if chars > 0 {
		st.CER = math.Round(float64(errs)/float64(chars)*1e5) / 1e5
	}
	for k, n := range fieldN {
		st.FieldAccuracy[k] = math.Round(st.FieldAccuracy[k]/float64(n)*1e4) / 1e4
	}
	st.Exact = math.Round(st.Exact*1e4) / 1e4
	return st
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Percentiles returns p50, p95 and p99 of values.
func Percentiles(v []float64) (p50, p95, p99 float64) {
	if len(v) == 0 {
		return 0, 0, 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	at := func(p float64) float64 { return math.Round(s[int(math.Ceil(p*float64(len(s))))-1]*10) / 10 }
	return at(0.5), at(0.95), at(0.99)
}
