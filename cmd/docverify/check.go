package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
)

// engineFlags are the flags every command that runs the engine takes.
type engineFlags struct {
	specimens, mrzTessdata, mrzLang, calibration string
	workers                                      int
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.specimens, "specimens", os.Getenv("DOCVERIFY_SPECIMENS"), "directory of additional specimens")
	fs.StringVar(&f.mrzTessdata, "mrz-tessdata", "", "directory with another MRZ OCR model (comparisons)")
	fs.StringVar(&f.mrzLang, "mrz-lang", "", "that model's name")
	fs.StringVar(&f.calibration, "calibration", "", "risk model file (default: the one beside the embedded specimens)")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "documents checked at once")
}

func (f *engineFlags) engine() (*engine.Engine, error) {
	return engine.New(engine.Config{Specimens: f.specimens, Workers: f.workers, MRZTessdata: f.mrzTessdata,
		MRZLanguage: f.mrzLang, Calibration: f.calibration})
}

// runCheck checks one document, or every sample of a manifest, and prints JSON reports.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs)
	irFile := fs.String("ir", "", "infrared image of the same capture")
	uvFile := fs.String("uv", "", "ultraviolet image of the same capture")
	overlay := fs.String("overlay", "", "write a PNG of the image with the failed regions outlined")
	jsonl := fs.Bool("jsonl", false, "check every sample of a manifest (--samples) and print one report per line")
	dir := fs.String("samples", "", "with --jsonl: a sample directory with manifest.jsonl")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docverify check [--ir FILE] [--uv FILE] [--overlay OUT.png] IMAGE\n       docverify check --jsonl --samples DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	if (*jsonl && (*dir == "" || fs.NArg() > 0)) || (!*jsonl && fs.NArg() != 1) {
		fs.Usage()
		return exitUnusable
	}
	eng, err := ef.engine()
	if err != nil {
		fmt.Fprintln(stderr, "docverify check:", err)
		return exitUnusable
	}
	defer eng.Close()
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if !*jsonl {
		in, err := readInput(fs.Arg(0), *irFile, *uvFile)
		if err != nil {
			fmt.Fprintln(stderr, "docverify check:", err)
			return exitUnusable
		}
		rep, err := eng.Check(context.Background(), in)
		if err != nil {
			fmt.Fprintln(stderr, "docverify check:", err)
			return exitInvalid
		}
		if *overlay != "" {
			png, err := engine.Overlay(in.Image, rep)
			if err == nil {
				err = os.WriteFile(*overlay, png, 0o644)
			}
			if err != nil {
				fmt.Fprintln(stderr, "docverify check: overlay:", err)
				return exitInvalid
			}
		}
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "docverify check:", err)
			return exitUnusable
		}
		return exitOK
	}
	set, err := samples.ReadManifest(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "docverify check:", err)
		return exitUnusable
	}
	type line struct {
		ID string `json:"id"`
		*engine.Report
		Error string `json:"error,omitempty"`
	}
	out := make([]chan line, len(set))
	for i := range out {
		out[i] = make(chan line, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
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
				if err != nil {
					out[i] <- line{ID: s.ID, Error: err.Error()}
					continue
				}
				rep, err := eng.Check(context.Background(), in)
				if err != nil {
					out[i] <- line{ID: s.ID, Error: err.Error()}
					continue
				}
				out[i] <- line{ID: s.ID, Report: rep}
			}
		}()
	}
	go func() {
		for i := range set {
			jobs <- i
		}
		close(jobs)
	}()
	prog := progress(stderr, "checking")
	for i := range set {
		l := <-out[i]
		if err := enc.Encode(l); err != nil {
			fmt.Fprintf(stderr, "docverify check: %s: %v\n", l.ID, err)
			return exitUnusable
		}
		if prog != nil {
			prog(i+1, len(set))
		}
	}
	wg.Wait()
	return exitOK
}

func readInput(image, ir, uv string) (engine.Input, error) {
	var in engine.Input
	var err error
	if in.Image, err = os.ReadFile(image); err != nil {
		return in, err
	}
	if ir != "" {
		if in.IR, err = os.ReadFile(ir); err != nil {
			return in, err
		}
	}
	if uv != "" {
		if in.UV, err = os.ReadFile(uv); err != nil {
			return in, err
		}
	}
	return in, nil
}
