package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/templates"
)

// runSamples generates sample sets and draws contact sheets.
func runSamples(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: docverify samples generate --out DIR --seed N --count N [--captures scan,kiosk,phone] [--attacks ...] [--genuine-share 0.4]\n       docverify samples sheet --samples DIR --out sheet.png")
		return exitUnusable
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("samples "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch sub {
	case "generate":
		out := fs.String("out", "", "directory to write the samples and manifest.jsonl into")
		seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same bytes")
		count := fs.Int("count", 100, "number of samples")
		captures := fs.String("captures", "scan,kiosk,phone", "capture kinds, comma-separated")
		attacks := fs.String("attacks", "all", "forgery classes, comma-separated, or all")
		share := fs.Float64("genuine-share", 0.4, "share of genuine samples")
		workers := fs.Int("workers", 0, "parallel workers (default: one per CPU)")
		demo := fs.Bool("demo", false, "the demo set: a genuine sample of every specimen and capture, and one of each attack")
		dir := fs.String("specimens", os.Getenv("DOCVERIFY_SPECIMENS"), "directory of additional specimens")
		if err := fs.Parse(args); err != nil {
			return exitUnusable
		}
		lib, err := templates.Load(*dir)
		if err != nil {
			fmt.Fprintln(stderr, "docverify samples:", err)
			return exitInvalid
		}
		cfg := samples.Config{Out: *out, Seed: *seed, Count: *count, GenuineShare: *share, Workers: *workers, Demo: *demo, Library: lib}
		for _, k := range strings.Split(*captures, ",") {
			cfg.Captures = append(cfg.Captures, capture.Kind(strings.TrimSpace(k)))
		}
		if *attacks == "all" {
			cfg.Attacks = samples.Attacks
		} else if *attacks != "" {
			for _, a := range strings.Split(*attacks, ",") {
				cfg.Attacks = append(cfg.Attacks, samples.Attack(strings.TrimSpace(a)))
			}
		}
		if err := cfg.Validate(); err != nil {
			fmt.Fprintln(stderr, "docverify samples generate:", err)
			return exitUnusable
		}
		cfg.Progress = progress(stderr, "generating")
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		rep, err := samples.Generate(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "docverify samples generate:", err)
			return exitInvalid
		}
		fmt.Fprintf(stdout, "wrote %d samples (%d genuine, %d forged, %.1f MB) to %s in %.1f s: %.1f samples/s with %d workers\n",
			rep.Samples, rep.Genuine, rep.Forged, float64(rep.Bytes)/1e6, rep.Manifest, rep.Elapsed.Seconds(), rep.PerSec, rep.Workers)
		return exitOK
	case "sheet":
		dir := fs.String("samples", "", "sample directory (with manifest.jsonl)")
		out := fs.String("out", "sheet.png", "PNG to write")
		if err := fs.Parse(args); err != nil {
			return exitUnusable
		}
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "docverify samples sheet:", err)
			return exitInvalid
		}
		defer f.Close()
		if err := samples.ContactSheet(*dir, f); err != nil {
			fmt.Fprintln(stderr, "docverify samples sheet:", err)
			return exitInvalid
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "docverify samples: unknown subcommand %q\n", sub)
	return exitUnusable
}

// progress returns a progress reporter that draws on a terminal and stays quiet otherwise.
func progress(w io.Writer, what string) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(w, "\r%s %d/%d", what, done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
