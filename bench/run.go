package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
)

// Checker checks one document: the engine in process, or a client of the service.
type Checker interface {
	Check(ctx context.Context, in engine.Input) (*engine.Report, int, error) // the report, the HTTP status (0 in process)
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
}

// Execute checks every sample of the set. Samples are read from the manifest's id, file, ir and
// uv only; labels are used for scoring alone.
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
				mu.Lock()
				run.Outcomes[i] = o
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
	for i := range set {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	run.Elapsed = time.Since(start)
	run.PeakMemory = peakRSS()
	return run, ctx.Err()
}

func one(ctx context.Context, cfg Config, s samples.Sample) (Outcome, bool) {
	o := Outcome{ID: s.ID, Forged: s.Label == "forged", Capture: s.Capture, Specimen: s.Specimen, TrueMRZ: s.MRZ,
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
	rep, status, err := cfg.Checker.Check(ctx, in)
	o.HTTP = status
	if err != nil {
		o.Error, o.Verdict = err.Error(), "error"
		return o, false
	}
	o.Verdict, o.Risk, o.Timings = string(rep.Verdict), float64(rep.RiskScore), rep.TimingsMs
	o.Checks = map[string]string{}
	for _, f := range rep.Checks {
		o.Checks[f.Name] = string(f.Status)
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
	ByAttackLevel map[string]Rates      `json:"by_attack_strength"` // "attack/strength"
	MRZ           MRZStats              `json:"mrz"`
	FalseAlarms   map[string]float64    `json:"false_alarm_sources"` // check → share of genuine samples it failed
	UnknownDoc    map[string]float64    `json:"unknown_document"`    // share of unknown_document verdicts: fantasy, others
	Latency       map[string][3]float64 `json:"latency_ms"`          // stage → p50, p95, p99
	Throughput    float64               `json:"throughput_per_second"`
	PeakMemoryMB  float64               `json:"peak_memory_mb"`
	Errors        int                   `json:"errors"`
	HTTPStatus    map[string]int        `json:"http_status,omitempty"` // with --url: status → count
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
		if o.HTTP != 0 {
			if m.HTTPStatus == nil {
				m.HTTPStatus = map[string]int{}
			}
			m.HTTPStatus[fmt.Sprint(o.HTTP)]++
		}
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
