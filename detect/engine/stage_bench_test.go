package engine

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/ocr"
	"gocv.io/x/gocv"
)

// The stage benchmarks time each step of the pipeline on committed demo samples:
//
//	go test -run '^$' -bench Stages -benchtime 5x ./detect/engine
//
// They need docverify's MRZ model (ocr/tessdata/dvmrz.traineddata); until it lands, set
// DOCVERIFY_TEST_MRZ_TESSDATA and DOCVERIFY_TEST_MRZ_LANG to another model to run them.

// demoSample is a committed demo sample: the kiosk capture has infrared and ultraviolet images,
// so that every check runs.
var demoSamples = map[string][3]string{
	"scan":  {"s000000.jpg", "", ""},
	"kiosk": {"s000001.jpg", "s000001.ir.jpg", "s000001.uv.jpg"},
	"phone": {"s000002.jpg", "", ""},
}

func demoInput(b *testing.B, capture string) Input {
	b.Helper()
	var in Input
	for i, dst := range []*[]byte{&in.Image, &in.IR, &in.UV} {
		name := demoSamples[capture][i]
		if name == "" {
			continue
		}
		var err error
		if *dst, err = os.ReadFile(filepath.Join("..", "..", "samples", "demo", "images", name)); err != nil {
			b.Fatal(err)
		}
	}
	return in
}

// benchEngine builds an engine with one OCR client, or skips when the MRZ model is missing.
func benchEngine(b *testing.B) *Engine {
	b.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		b.Skip("needs OMP_THREAD_LIMIT=1 in the environment: Tesseract reads it when it loads")
	}
	cfg := Config{Workers: 1, MRZTessdata: os.Getenv("DOCVERIFY_TEST_MRZ_TESSDATA"), MRZLanguage: os.Getenv("DOCVERIFY_TEST_MRZ_LANG")}
	e, err := New(cfg)
	if err != nil && cfg.MRZTessdata == "" && errors.Is(err, fs.ErrNotExist) {
		b.Skipf("the MRZ model ocr/tessdata/dvmrz.traineddata has not landed (%v); set DOCVERIFY_TEST_MRZ_TESSDATA and DOCVERIFY_TEST_MRZ_LANG to run with another", err)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(e.Close)
	return e
}

// prepared is a scan taken through the pipeline as Check takes it, up to the checks, with the
// findings of a full run (what each check's pass reads of the checks it requires).
type prepared struct {
	scan    *detect.Scan
	results map[*detect.Check]detect.Finding
	cands   map[string]bool
}

// prepare repeats Check's steps (decode, read the MRZ, identify, align) on an input. It follows
// engine.go: keep the two in step.
func prepare(b *testing.B, e *Engine, in Input) *prepared {
	b.Helper()
	ctx := context.Background()
	s := &detect.Scan{}
	var err error
	if s.Image, err = detect.Decode(in.Image, e.cfg.Limits); err != nil {
		b.Fatal(err)
	}
	s.IR, s.UV = gocv.NewMat(), gocv.NewMat()
	if len(in.IR) > 0 {
		s.IR.Close()
		if s.IR, err = detect.Decode(in.IR, e.cfg.Limits); err != nil {
			b.Fatal(err)
		}
	}
	if len(in.UV) > 0 {
		s.UV.Close()
		if s.UV, err = detect.Decode(in.UV, e.cfg.Limits); err != nil {
			b.Fatal(err)
		}
	}
	s.Page, s.PageIR, s.PageUV, s.RefBlurred = gocv.NewMat(), gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	s.MRZ = e.reader.Read(ctx, s.Image, s.IR)
	p := &prepared{scan: s, cands: e.identifyAmong(s.MRZ.Document), results: map[*detect.Check]detect.Finding{}}
	ids := e.matcher.Identify(s.Image, p.cands)
	if len(ids) == 0 {
		ids = e.matcher.Identify(s.Image, nil)
	}
	if len(ids) == 0 {
		b.Fatal("the demo sample was not identified")
	}
	e.align(s, &ids[0])
	s.RefBlurred.Close()
	s.MatchBlur()
	s.Fields = e.viz
	s.Thresholds = e.cal.Model(detect.CaptureOf(s.ID).Class).Measures
	for _, c := range e.checks {
		f, err := c.Run(p.pass(c))
		if err != nil {
			f = detect.Skipped("not_identified", nil)
		}
		p.results[c] = f
	}
	b.Cleanup(s.Close)
	return p
}

func (p *prepared) pass(c *detect.Check) *detect.Pass {
	pass := &detect.Pass{Check: c, Scan: p.scan, ResultOf: map[*detect.Check]detect.Finding{}}
	for _, r := range c.Requires {
		pass.ResultOf[r] = p.results[r]
	}
	return pass
}

// replayOCR gives back, call by call, what the real OCR read for the same lines: with it the
// MRZ reader takes the path it takes for real (the same candidates, valid at the same one) and
// times finding and cutting out the lines and the repair, without the OCR.
type replayOCR struct {
	mu    sync.Mutex
	reads []ocr.Line
	next  int
}

func (r *replayOCR) ReadLine(context.Context, []byte) (ocr.Line, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reads) == 0 {
		return ocr.Line{}, nil
	}
	l := r.reads[r.next%len(r.reads)]
	r.next++
	return l, nil
}

// recordingOCR reads with the engine's pool and keeps the line images it was given and what
// it read.
type recordingOCR struct {
	pool  *ocr.Pool
	mu    sync.Mutex
	lines [][]byte
	reads []ocr.Line
}

func (r *recordingOCR) ReadLine(ctx context.Context, img []byte) (ocr.Line, error) {
	l, err := r.pool.ReadLine(ctx, img)
	r.mu.Lock()
	r.lines = append(r.lines, img)
	r.reads = append(r.reads, l)
	r.mu.Unlock()
	return l, err
}

// BenchmarkStages times each stage on the kiosk demo sample (a passport with infrared and
// ultraviolet images), then the whole engine on a scan, a kiosk and a phone capture.
func BenchmarkStages(b *testing.B) {
	e := benchEngine(b)
	ctx := context.Background()
	in := demoInput(b, "kiosk")
	p := prepare(b, e, in)
	s := p.scan

	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(in.Image)))
		for b.Loop() {
			m, err := detect.Decode(in.Image, e.cfg.Limits)
			if err != nil {
				b.Fatal(err)
			}
			m.Close()
		}
	})
	rec := &recordingOCR{pool: e.mrzOCR}
	(&detect.MRZReader{OCR: rec, Now: e.cfg.Now}).Read(ctx, s.Image, s.IR)
	b.Run("mrz/locate", func(b *testing.B) {
		replay := &replayOCR{reads: rec.reads}
		r := &detect.MRZReader{OCR: replay, Now: e.cfg.Now}
		for b.Loop() {
			replay.next = 0
			r.Read(ctx, s.Image, s.IR)
		}
	})
	b.Run("mrz/ocr-line", func(b *testing.B) {
		if len(rec.lines) == 0 {
			b.Skip("no MRZ line was found to read")
		}
		for b.Loop() {
			if _, err := e.mrzOCR.ReadLine(ctx, rec.lines[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mrz/read", func(b *testing.B) {
		for b.Loop() {
			e.reader.Read(ctx, s.Image, s.IR)
		}
	})
	b.Run("identify", func(b *testing.B) {
		for b.Loop() {
			e.matcher.Identify(s.Image, p.cands)
		}
	})
	b.Run("identify/all-models", func(b *testing.B) {
		for b.Loop() {
			e.matcher.Identify(s.Image, nil)
		}
	})
	b.Run("align", func(b *testing.B) {
		for b.Loop() {
			a := &detect.Scan{ID: s.ID, Page: detect.Align(s.Image, s.ID), Ref: s.Ref}
			a.MatchBlur()
			a.Page.Close()
			a.RefBlurred.Close()
		}
	})
	for _, c := range e.checks {
		b.Run("check/"+c.Name, func(b *testing.B) {
			for b.Loop() {
				if _, err := c.Run(p.pass(c)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, capture := range []string{"scan", "kiosk", "phone"} {
		in := demoInput(b, capture)
		b.Run("engine/"+capture, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Check(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
