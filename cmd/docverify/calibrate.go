package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
)

// runCalibrate fits the risk model on a labelled sample set and writes it.
func runCalibrate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs)
	dir := fs.String("samples", "", "labelled sample set (manifest.jsonl); its seed must never be used for evaluation")
	out := fs.String("out", "templates/calibration.json", "where to write the risk model")
	version := fs.String("version", "", "the model's version (default: from the set)")
	saveObs := fs.String("save-observations", "", "also write every sample's findings to this JSON-lines file")
	fromObs := fs.String("from-observations", "", "fit on findings saved earlier instead of running the engine")
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	if *dir == "" && *fromObs == "" {
		fmt.Fprintln(stderr, "usage: docverify calibrate --samples DIR [--out FILE]")
		return exitUnusable
	}
	if *fromObs != "" {
		return fitSaved(*fromObs, *out, *version, ef, stdout, stderr)
	}
	set, err := samples.ReadManifest(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "docverify calibrate:", err)
		return exitUnusable
	}
	eng, err := ef.engine()
	if err != nil {
		fmt.Fprintln(stderr, "docverify calibrate:", err)
		return exitUnusable
	}
	defer eng.Close()
	obs := make([]engine.Observation, len(set))
	ok := make([]bool, len(set))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	prog := progress(stderr, "calibrating")
	for range ef.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				s := set[i]
				ir, uv := "", ""
				if s.IR != nil {
					ir = filepath.Join(*dir, *s.IR)
				}
				if s.UV != nil {
					uv = filepath.Join(*dir, *s.UV)
				}
				in, err := readInput(filepath.Join(*dir, s.File), ir, uv)
				if err == nil {
					var rep *engine.Report
					if rep, err = eng.Check(context.Background(), in); err == nil {
						o := engine.Observation{ID: s.ID, Forged: s.Label == "forged", Capture: s.Capture, Class: rep.Capture.Class, Findings: rep.Checks,
							Verdict: string(rep.Verdict), Risk: rep.RiskScore}
						if s.Attack != nil {
							o.Attack, o.Strength = *s.Attack, *s.Strength
						}
						obs[i], ok[i] = o, true
					}
				}
				mu.Lock()
				done++
				if prog != nil {
					prog(done, len(set))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range set {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var used []engine.Observation
	for i := range obs {
		if ok[i] {
			used = append(used, obs[i])
		}
	}
	if *saveObs != "" {
		f, err := os.Create(*saveObs)
		if err != nil {
			fmt.Fprintln(stderr, "docverify calibrate:", err)
			return exitInvalid
		}
		enc := json.NewEncoder(f)
		for _, o := range used {
			if err := enc.Encode(o); err != nil {
				f.Close()
				fmt.Fprintf(stderr, "docverify calibrate: saving the observation of %s: %v\n", o.ID, err)
				return exitInvalid
			}
		}
		if err := f.Close(); err != nil {
			fmt.Fprintln(stderr, "docverify calibrate:", err)
			return exitInvalid
		}
	}
	return writeFit(used, eng, *out, *version, *dir, stdout, stderr)
}

// fitSaved fits on observations saved by an earlier run.
func fitSaved(file, out, version string, ef engineFlags, stdout, stderr io.Writer) int {
	b, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "docverify calibrate:", err)
		return exitUnusable
	}
	var obs []engine.Observation
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var o engine.Observation
		if err := dec.Decode(&o); err != nil {
			fmt.Fprintln(stderr, "docverify calibrate:", err)
			return exitUnusable
		}
		obs = append(obs, o)
	}
	eng, err := ef.engine()
	if err != nil {
		fmt.Fprintln(stderr, "docverify calibrate:", err)
		return exitUnusable
	}
	defer eng.Close()
	return writeFit(obs, eng, out, version, file, stdout, stderr)
}

func writeFit(used []engine.Observation, eng *engine.Engine, out, version, source string, stdout, stderr io.Writer) int {
	v := version
	if v == "" {
		v = "fitted-on-" + filepath.Base(filepath.Clean(source))
	}
	cal, err := engine.Fit(used, eng.Checks(), v)
	if err != nil {
		fmt.Fprintln(stderr, "docverify calibrate:", err)
		return exitInvalid
	}
	b, _ := json.MarshalIndent(cal, "", " ")
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(stderr, "docverify calibrate:", err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "calibrated on %d samples: suspicious from risk %.1f, forged from %.1f; written to %s\n", len(used), cal.Suspicious, cal.Forged, out)
	// How the fit does on its own set: false alarms per capture, and the genuine documents it
	// finds riskiest (a fit is only as good as its worst false alarms).
	risks, tops := engine.Explain(cal, used, eng.Checks())
	type row struct {
		i    int
		risk float64
	}
	var gen []row
	perCap := map[string][2]int{}
	perAtt := map[string][2]int{}
	for i, o := range used {
		rej := risks[i] >= cal.Suspicious
		if !o.Forged {
			gen = append(gen, row{i, risks[i]})
			c := perCap[o.Capture]
			c[1]++
			if rej {
				c[0]++
			}
			perCap[o.Capture] = c
		} else {
			c := perAtt[o.Attack]
			c[1]++
			if rej || o.Verdict == "unknown_document" {
				c[0]++
			}
			perAtt[o.Attack] = c
		}
	}
	for _, k := range sortedKeys(perCap) {
		fmt.Fprintf(stdout, "  genuine %-6s rejected %d of %d\n", k, perCap[k][0], perCap[k][1])
	}
	for _, k := range sortedKeys(perAtt) {
		fmt.Fprintf(stdout, "  %-20s caught %d of %d\n", k, perAtt[k][0], perAtt[k][1])
	}
	sort.Slice(gen, func(a, b int) bool { return gen[a].risk > gen[b].risk })
	for _, g := range gen[:min(8, len(gen))] {
		fmt.Fprintf(stdout, "  riskiest genuine %s (%s): %.1f from %v\n", used[g.i].ID, used[g.i].Capture, g.risk, tops[g.i])
	}
	for _, class := range sortedKeys(cal.Classes) {
		m := cal.Classes[class]
		fmt.Fprintf(stdout, "  class %s: cut %.1f, decisive %.4g, bias %.2f, highest score %.2f\n", class, m.Cut, m.Decisive, m.Bias, m.Any)
		for _, k := range sortedKeys(m.Weights) {
			fmt.Fprintf(stdout, "    %-20s %7.2f\n", k, m.Weights[k])
		}
	}
	return exitOK
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
