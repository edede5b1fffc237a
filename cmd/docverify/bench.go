// docverify bench: the trainers' benchmark.
//
// What it does: checks every sample of a labelled set, with the engine in process or with a
// running service (--url, N concurrent clients as a fleet of kiosks), and writes into --out:
// metrics.json (documented in bench/METRICS.md), samples.csv, report.html (self-contained),
// report.png (the main plot) and summary.md (the headline table for the README). The set is a
// directory in the manifest format of samples/MANIFEST.md (--samples), so trainers can bring
// their own labelled scans, or one generated into OUT/samples (--generate N --seed S). With
// --compare it prints and marks the changes against an earlier run's metrics.json.
//
// How to run:
//
//	docverify bench --generate 200 --seed 3003 --workers 2 --out out/bench
//	docverify bench --samples my-scans --out out/mine --compare out/bench/metrics.json
//	docverify bench --samples samples/demo --url http://localhost:8080 --api-key KEY --workers 8 --out out/service
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/docverify/docverify/bench"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/templates"
)

// benchFlags are bench's own flags; the engine's come from engineFlags.
type benchFlags struct {
	samples, out, url, apiKey, compare, title string
	generate, bootstrap, misses               int
	seed                                      uint64
	timeout                                   time.Duration
}

func (f *benchFlags) validate(workers int) error {
	var errs []error
	if f.out == "" {
		errs = append(errs, errors.New("--out is required"))
	}
	if (f.samples == "") == (f.generate == 0) {
		errs = append(errs, errors.New("give either --samples DIR or --generate N"))
	}
	if f.generate < 0 || f.generate > 1_000_000 {
		errs = append(errs, fmt.Errorf("--generate %d is outside 1–1000000", f.generate))
	}
	if f.bootstrap < 0 || f.bootstrap > 100_000 {
		errs = append(errs, fmt.Errorf("--bootstrap %d is outside 0–100000", f.bootstrap))
	}
	if workers < 1 || workers > 256 {
		errs = append(errs, fmt.Errorf("--workers %d is outside 1–256", workers))
	}
	if f.misses < 0 || f.misses > 100 {
		errs = append(errs, fmt.Errorf("--misses %d is outside 0–100", f.misses))
	}
	return errors.Join(errs...)
}

// runBench runs the benchmark and writes its files.
func runBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs)
	var f benchFlags
	fs.StringVar(&f.samples, "samples", "", "sample directory with manifest.jsonl (samples/MANIFEST.md)")
	fs.IntVar(&f.generate, "generate", 0, "generate a set of N samples into OUT/samples and run on it")
	fs.Uint64Var(&f.seed, "seed", 3003, "with --generate: the seed (calibrate on another one)")
	fs.StringVar(&f.out, "out", "", "directory for metrics.json, samples.csv, report.html, report.png and summary.md")
	fs.StringVar(&f.url, "url", "", "check with the service at this base URL (POST URL/v1/verify) instead of in process")
	fs.StringVar(&f.apiKey, "api-key", "", "with --url: the API key, sent as a bearer token (default $DOCVERIFY_API_KEY)")
	fs.DurationVar(&f.timeout, "timeout", 60*time.Second, "with --url: the timeout of one request")
	fs.StringVar(&f.compare, "compare", "", "an earlier run's metrics.json: print and mark the changes")
	fs.IntVar(&f.bootstrap, "bootstrap", 1000, "bootstrap resamples for the ROC AUC's 95% interval (0: none)")
	fs.IntVar(&f.misses, "misses", 6, "worst misses shown in the report, of each kind")
	fs.StringVar(&f.title, "title", "", "the report's title")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docverify bench [--samples DIR | --generate N --seed S] [--workers N] [--url URL --api-key KEY]\n"+
			"                       --out DIR [--compare OLD/metrics.json] [--bootstrap N] [engine flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitUnusable
	}
	if f.apiKey == "" {
		f.apiKey = os.Getenv("DOCVERIFY_API_KEY") // not the flag's default: usage would print it
	}
	if err := f.validate(ef.workers); err != nil {
		fmt.Fprintln(stderr, "docverify bench:", err)
		return exitUnusable
	}
	var old *bench.Metrics
	if f.compare != "" {
		var err error
		if old, err = bench.ReadMetrics(f.compare); err != nil {
			fmt.Fprintln(stderr, "docverify bench: --compare:", err)
			return exitUnusable
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// The checker: a client of the service, or the engine.
	var checker bench.Checker
	var client *bench.Client
	info := map[string]string{}
	var thresholds []float64
	if f.url != "" {
		var err error
		if client, err = bench.NewClient(bench.ClientConfig{URL: f.url, APIKey: f.apiKey, Timeout: f.timeout}); err != nil {
			fmt.Fprintln(stderr, "docverify bench:", err)
			return exitUnusable
		}
		checker = client
		info["mode"] = fmt.Sprintf("service, %d clients", ef.workers)
		info["url"] = f.url
	} else {
		eng, err := ef.engine()
		if err != nil {
			fmt.Fprintln(stderr, "docverify bench:", err)
			return exitUnusable
		}
		defer eng.Close()
		checker = bench.InProcess{Engine: eng}
		cal := eng.Calibration()
		thresholds = []float64{cal.Suspicious, cal.Forged}
		info["mode"] = "in process"
		info["version"], info["specimens_version"], info["calibration_version"] = engine.Version, eng.Library().Version(), cal.Version
		info["mrz_model"] = ocr.Model + " (embedded)"
		if ef.mrzTessdata != "" {
			info["mrz_model"] = ef.mrzLang + " from " + ef.mrzTessdata
		}
	}

	dir := f.samples
	if f.generate > 0 {
		dir = filepath.Join(f.out, "samples")
		if err := generate(ctx, dir, f, ef, stdout, stderr); err != nil {
			fmt.Fprintln(stderr, "docverify bench: generating the samples:", err)
			return exitInvalid
		}
	}

	run, err := bench.Execute(ctx, bench.Config{Samples: dir, Workers: ef.workers, Checker: checker, Progress: progressBar(stderr, "checking")})
	interrupted := errors.Is(err, context.Canceled)
	if err != nil && !interrupted {
		fmt.Fprintln(stderr, "docverify bench:", err)
		return exitUnusable
	}
	if interrupted {
		fmt.Fprintf(stderr, "\ndocverify bench: interrupted after %d samples: the files hold those\n", len(run.Outcomes))
		if len(run.Outcomes) == 0 {
			return exitInvalid
		}
	}
	if client != nil {
		if e := client.Engine(); e != nil {
			info["version"], info["specimens_version"], info["calibration_version"] = e.Version, e.SpecimensVersion, e.CalibrationVersion
			// The thresholds are the service's if it runs the calibration we have.
			if cal, err := engine.LoadCalibration(ef.calibration); err == nil && cal.Version == e.CalibrationVersion {
				thresholds = []float64{cal.Suspicious, cal.Forged}
			}
		}
		info["http_retries"] = fmt.Sprint(client.Retries())
	}
	m := bench.Compute(run, dir, f.bootstrap)
	m.Engine = info
	rep := &bench.Report{Title: f.title, Created: time.Now(), Run: run, Metrics: m, Samples: dir, Thresholds: thresholds, Misses: f.misses}
	if rep.Title == "" {
		rep.Title = "docverify benchmark: " + filepath.Base(filepath.Clean(dir))
	}
	if old != nil {
		rep.Deltas, rep.Against = bench.Compare(old, m), f.compare
	}
	written, err := rep.WriteFiles(f.out)
	if err != nil {
		fmt.Fprintln(stderr, "docverify bench:", err)
		return exitInvalid
	}
	printHeadline(stdout, m)
	if rep.Deltas != nil {
		better, worse := bench.Tally(rep.Deltas)
		fmt.Fprintf(stdout, "\nagainst %s: %d better (▲), %d worse (▼)\n", f.compare, better, worse)
		bench.WriteDeltas(stdout, rep.Deltas)
	}
	fmt.Fprintf(stdout, "\nwrote %s\n", strings.Join(written, ", "))
	if interrupted {
		return exitInvalid
	}
	return exitOK
}

// generate writes a sample set of every capture and attack into dir.
func generate(ctx context.Context, dir string, f benchFlags, ef engineFlags, stdout, stderr io.Writer) error {
	lib, err := templates.Load(ef.specimens)
	if err != nil {
		return err
	}
	cfg := samples.Config{Out: dir, Seed: f.seed, Count: f.generate, Captures: []capture.Kind{capture.Scan, capture.Kiosk, capture.Phone},
		Attacks: samples.Attacks, GenuineShare: 0.4, Workers: ef.workers, Library: lib, Progress: progressBar(stderr, "generating")}
	rep, err := samples.Generate(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d samples (%d genuine, %d forged) with seed %d into %s\n", rep.Samples, rep.Genuine, rep.Forged, f.seed, dir)
	return nil
}

// printHeadline prints the run's headline figures.
func printHeadline(w io.Writer, m *bench.Metrics) {
	pct := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", *v*100)
	}
	o := m.Overall
	fmt.Fprintf(w, "checked %d samples (%d genuine, %d forged) in %.1f s: %.2f/s with %d %s, %d errors\n",
		o.Samples, o.Genuine, o.Forged, m.Elapsed, m.Throughput, m.Workers, plural(m.Workers, "worker", "workers"), m.Errors)
	auc := "—"
	if o.AUC != nil {
		auc = fmt.Sprintf("%.3f", *o.AUC)
		if o.AUCLow != nil {
			auc += fmt.Sprintf(" [%.3f, %.3f]", *o.AUCLow, *o.AUCHigh)
		}
	}
	fmt.Fprintf(w, "APCER %s  BPCER %s  ROC AUC %s  EER %s  BPCER@APCER5%% %s  BPCER@APCER10%% %s\n",
		pct(o.APCER), pct(o.BPCER), auc, pct(o.EER), pct(o.BPCERAt5), pct(o.BPCERAt10))
	for _, k := range bench.SortedKeys(m.ByCapture) {
		r := m.ByCapture[k]
		fmt.Fprintf(w, "  %-6s %4d %-7s  APCER %s  BPCER %s\n", k, r.Samples, plural(r.Samples, "sample", "samples"), pct(r.APCER), pct(r.BPCER))
	}
	if m.APCERMaxClass != "" {
		fmt.Fprintf(w, "worst attack class: %s (APCER %s)\n", m.APCERMaxClass, pct(m.APCERMax))
	}
	if m.MRZ.Samples > 0 {
		fmt.Fprintf(w, "MRZ read exactly %.1f%% of %d, character error rate %.2f%%, wrong but valid %d\n",
			m.MRZ.Exact*100, m.MRZ.Samples, m.MRZ.CER*100, m.MRZ.WrongValid)
	}
	for _, k := range []string{"total", "wall"} {
		if l, ok := m.Latency[k]; ok {
			fmt.Fprintf(w, "latency %-5s p50 %.0f ms  p95 %.0f ms  p99 %.0f ms\n", k, l[0], l[1], l[2])
		}
	}
	if len(m.HTTPStatus) > 0 {
		var s []string
		for _, k := range bench.SortedKeys(m.HTTPStatus) {
			s = append(s, fmt.Sprintf("%s × %d", k, m.HTTPStatus[k]))
		}
		fmt.Fprintf(w, "HTTP responses: %s\n", strings.Join(s, ", "))
	}
}

// progressBar draws a progress bar with the rate and the time left on a terminal, and returns
// nil (stays quiet) when w is not one.
func progressBar(w io.Writer, what string) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	start := time.Now()
	var last time.Time
	return func(done, total int) {
		now := time.Now()
		if done < total && now.Sub(last) < 100*time.Millisecond {
			return
		}
		last = now
		const width = 30
		filled := width * done / max(total, 1)
		rate := float64(done) / max(now.Sub(start).Seconds(), 1e-9)
		eta := "—"
		if done > 0 && done < total {
			eta = time.Duration(float64(total-done)/rate*float64(time.Second)).Round(time.Second).String() + " left"
		} else if done == total {
			eta = "in " + now.Sub(start).Round(time.Second).String()
		}
		fmt.Fprintf(w, "\r%-10s [%s%s] %d/%d %3d%%  %.2f/s  %s ", what, strings.Repeat("█", filled), strings.Repeat("░", width-filled),
			done, total, 100*done/max(total, 1), rate, eta)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
