package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
)

// Checker checks one document: the engine in process, or a client of the service.
type Checker interface {
	Check(ctx context.Context, in engine.Input) (*engine.Report, int, error) // the report, the HTTP status (0 in process)
}

// StatusCounter is a Checker that counts the HTTP responses it received, retried ones
// included; Execute copies the counts into the run.
type StatusCounter interface {
	Statuses() map[int]int
}

// InProcess checks with an engine.
type InProcess struct{ Engine *engine.Engine }

// Check runs the engine.
func (p InProcess) Check(ctx context.Context, in engine.Input) (*engine.Report, int, error) {
	r, err := p.Engine.Check(ctx, in)
	return r, 0, err
}

// Config says what to benchmark.
type Config struct {
	Samples  string // sample directory with manifest.jsonl
	Workers  int    // documents checked at once
	Checker  Checker
	Progress func(done, total int)
}

// Run is a benchmark's raw results: every sample's outcome and the run's figures.
type Run struct {
	Outcomes   []Outcome
	Valid      map[string]bool // samples whose MRZ was read as valid
	Elapsed    time.Duration
	PeakMemory uint64 // bytes, the process's resident high-water mark
	Workers    int
	HTTPStatus map[int]int // with a StatusCounter: every response by status, retries included
}

// Execute checks every sample of the set. Samples are read from the manifest's id, file, ir and
// uv only; labels are used for scoring alone. Outcomes are sorted by id, whatever order the
// workers finished in. When ctx ends early the run holds the samples checked so far.
func Execute(ctx context.Context, cfg Config) (*Run, error) {
	set, err := samples.ReadManifest(cfg.Samples)
	if err != nil {
		return nil, err
	}
	if len(set) == 0 {
		return nil, errors.New("the sample set is empty")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	run := &Run{Outcomes: make([]Outcome, len(set)), Valid: map[string]bool{}, Workers: cfg.Workers}
	finished := make([]bool, len(set))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	start := time.Now()
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				o, valid := one(ctx, cfg, set[i])
				if o.Error != "" && ctx.Err() != nil {
					continue // stopped, not checked
				}
				mu.Lock()
				run.Outcomes[i] = o
				finished[i] = true
				if valid {
					run.Valid[o.ID] = true
				}
				done++
				if cfg.Progress != nil {
					cfg.Progress(done, len(set))
				}
				mu.Unlock()
			}
		}()
	}
send:
	for i := range set {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	run.Elapsed = time.Since(start)
	run.PeakMemory = peakRSS()
	kept := run.Outcomes[:0]
	for i, o := range run.Outcomes {
		if finished[i] {
			kept = append(kept, o)
		}
	}
	run.Outcomes = kept
	sortOutcomes(run.Outcomes)
	if sc, ok := cfg.Checker.(StatusCounter); ok {
		run.HTTPStatus = sc.Statuses()
	}
	return run, ctx.Err()
}

func one(ctx context.Context, cfg Config, s samples.Sample) (Outcome, bool) {
	o := Outcome{ID: s.ID, File: s.File, Forged: s.Label == "forged", Capture: s.Capture, Specimen: s.Specimen, TrueMRZ: s.MRZ,
		Truth: map[string]string{"surname": s.Fields.Surname, "given_names": s.Fields.GivenNames, "document_number": s.Fields.DocumentNumber,
			"birth_date": s.Fields.BirthDate, "expiry_date": s.Fields.ExpiryDate}}
	if s.Attack != nil {
		o.Attack, o.Strength = *s.Attack, *s.Strength
	}
	var in engine.Input
	var err error
	read := func(rel string) []byte {
		if err != nil {
			return nil
		}
		var b []byte
		b, err = os.ReadFile(filepath.Join(cfg.Samples, rel))
		return b
	}
	in.Image = read(s.File)
	if s.IR != nil {
		in.IR = read(*s.IR)
	}
	if s.UV != nil {
		in.UV = read(*s.UV)
	}
	if err != nil {
		o.Error, o.Verdict = err.Error(), "error"
		return o, false
	}
	start := time.Now()
	rep, status, err := cfg.Checker.Check(ctx, in)
	wall := math.Round(float64(time.Since(start).Microseconds())/100) / 10
	o.HTTP = status
	if err != nil {
		o.Error, o.Verdict = err.Error(), "error"
		return o, false
	}
	o.Verdict, o.Risk = string(rep.Verdict), float64(rep.RiskScore)
	o.Timings = map[string]float64{"wall": wall}
	for k, v := range rep.TimingsMs {
		o.Timings[k] = v
	}
	o.Checks = map[string]string{}
	for _, f := range rep.Checks {
		o.Checks[f.Name] = string(f.Status)
		if f.Status == detect.StatusFail {
			if o.Regions == nil {
				o.Regions = map[string]*detect.Quad{}
			}
			o.Regions[f.Name] = f.Region
		}
	}
	if rep.Specimen != nil {
		o.Found = rep.Specimen.ID
	}
	for _, r := range rep.TopReasons {
		o.Reasons = append(o.Reasons, r.Check+": "+string(r.Reason))
	}
	if rep.MRZ != nil {
		o.MRZBox = rep.MRZ.Box
	}
	valid := false
	if rep.MRZ != nil && rep.MRZ.Document != nil {
		d := rep.MRZ.Document
		o.MRZ, valid = d.Lines, d.Valid
		o.Fields = map[string]string{"surname": d.Fields.Surname, "given_names": d.Fields.GivenNames, "document_number": d.Fields.DocumentNumber,
			"birth_date": d.Fields.BirthDate.String(), "expiry_date": d.Fields.ExpiryDate.String()}
	}
	return o, valid
}

// sortOutcomes puts outcomes in the order of their ids, which the metrics and every file of
// a run follow.
func sortOutcomes(os []Outcome) {
	sort.SliceStable(os, func(i, j int) bool { return os[i].ID < os[j].ID })
}

// peakRSS reads the process's resident memory high-water mark (Linux), in bytes.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

// Metrics are a run's results, the schema of metrics.json (documented in bench/METRICS.md).
type Metrics struct {
	Samples       string                `json:"samples"`
	Engine        map[string]string     `json:"engine,omitempty"`
	Overall       Rates                 `json:"overall"`
	ByCapture     map[string]Rates      `json:"by_capture"`
	BySpecimen    map[string]Rates      `json:"by_specimen"`
	ByAttack      map[string]Rates      `json:"by_attack"`          // each attack's samples against all genuine ones
	APCERMax      *float64              `json:"apcer_max"`          // the worst attack class's APCER (ISO/IEC 30107-3's APCER_AP)
	APCERMaxClass string                `json:"apcer_max_attack"`   // that attack class
	ByAttackLevel map[string]Rates      `json:"by_attack_strength"` // "attack/strength"
	MRZ           MRZStats              `json:"mrz"`
	FalseAlarms   map[string]float64    `json:"false_alarm_sources"` // check → share of genuine samples it failed
	UnknownDoc    map[string]float64    `json:"unknown_document"`    // share of unknown_document verdicts: fantasy, others
	Latency       map[string][3]float64 `json:"latency_ms"`          // stage → p50, p95, p99
	Throughput    float64               `json:"throughput_per_second"`
	PeakMemoryMB  float64               `json:"peak_memory_mb"`
	Errors        int                   `json:"errors"`
	HTTPStatus    map[string]int        `json:"http_status,omitempty"` // with --url: status → responses, retried 429s included
	Elapsed       float64               `json:"elapsed_seconds"`
	Workers       int                   `json:"workers"`
}

// Compute turns a run into metrics.
func Compute(run *Run, samplesDir string, bootstrap int) *Metrics {
	m := &Metrics{Samples: samplesDir, ByCapture: map[string]Rates{}, BySpecimen: map[string]Rates{}, ByAttack: map[string]Rates{},
		ByAttackLevel: map[string]Rates{}, FalseAlarms: map[string]float64{}, UnknownDoc: map[string]float64{}, Latency: map[string][3]float64{},
		Workers: run.Workers, Elapsed: round(run.Elapsed.Seconds())}
	os := run.Outcomes
	m.Overall = ComputeRates(os, bootstrap)
	group := func(key func(Outcome) string) map[string][]Outcome {
		g := map[string][]Outcome{}
		for _, o := range os {
			if k := key(o); k != "" {
				g[k] = append(g[k], o)
			}
		}
		return g
	}
	for k, g := range group(func(o Outcome) string { return o.Capture }) {
		m.ByCapture[k] = ComputeRates(g, bootstrap)
	}
	for k, g := range group(func(o Outcome) string {
		if strings.HasPrefix(o.Specimen, "fantasy-") {
			return ""
		}
		return o.Specimen
	}) {
		m.BySpecimen[k] = ComputeRates(g, 0)
	}
	var genuine []Outcome
	for _, o := range os {
		if !o.Forged {
			genuine = append(genuine, o)
		}
	}
	for k, g := range group(func(o Outcome) string { return o.Attack }) {
		m.ByAttack[k] = ComputeRates(append(g, genuine...), 0)
	}
	for _, k := range SortedKeys(m.ByAttack) {
		if a := m.ByAttack[k].APCER; a != nil && (m.APCERMax == nil || *a > *m.APCERMax) {
			m.APCERMax, m.APCERMaxClass = a, k
		}
	}
	if m.APCERMax != nil && *m.APCERMax == 0 {
		m.APCERMaxClass = "" // no class is worse than another
	}
	for k, g := range group(func(o Outcome) string {
		if o.Attack == "" {
			return ""
		}
		return o.Attack + "/" + o.Strength
	}) {
		m.ByAttackLevel[k] = ComputeRates(append(g, genuine...), 0)
	}
	m.MRZ = ComputeMRZ(os, run.Valid)
	fails := map[string]int{}
	for _, o := range genuine {
		for c, st := range o.Checks {
			if st == "fail" {
				fails[c]++
			}
		}
	}
	for c, n := range fails {
		m.FalseAlarms[c] = round(float64(n) / float64(max(len(genuine), 1)))
	}
	var fantasy, fantasyUnknown, others, othersUnknown int
	for _, o := range os {
		if o.Attack == "fantasy" {
			fantasy++
			if o.Verdict == "unknown_document" {
				fantasyUnknown++
			}
		} else {
			others++
			if o.Verdict == "unknown_document" {
				othersUnknown++
			}
		}
	}
	if fantasy > 0 {
		m.UnknownDoc["fantasy"] = round(float64(fantasyUnknown) / float64(fantasy))
	}
	m.UnknownDoc["others"] = round(float64(othersUnknown) / float64(max(others, 1)))
	stages := map[string][]float64{}
	for _, o := range os {
		if o.Error != "" {
			m.Errors++
			continue
		}
		for k, v := range o.Timings {
			if !strings.HasPrefix(k, "check:") {
				stages[k] = append(stages[k], v)
			}
		}
	}
	for k, v := range stages {
		a, b, c := Percentiles(v)
		m.Latency[k] = [3]float64{a, b, c}
	}
	if run.Elapsed > 0 {
		m.Throughput = round(float64(len(os)) / run.Elapsed.Seconds())
	}
	m.PeakMemoryMB = round(float64(run.PeakMemory) / (1 << 20))
	for _, o := range os {
		if o.HTTP != 0 && run.HTTPStatus == nil {
			if m.HTTPStatus == nil {
				m.HTTPStatus = map[string]int{}
			}
			m.HTTPStatus[fmt.Sprint(o.HTTP)]++
		}
	}
	for st, n := range run.HTTPStatus {
		if m.HTTPStatus == nil {
			m.HTTPStatus = map[string]int{}
		}
		m.HTTPStatus[fmt.Sprint(st)] += n
	}
	return m
}

func round(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }

// SortedKeys returns a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
