// Command linegen renders MRZ text lines in OCR-B, degraded as scans and photos degrade them,
// with their ground truth: the training and evaluation data of docverify's Tesseract model.
//
// What it does: for each image it writes the text of one MRZ line (a line of a random
// document written by mrz.Generate, or random MRZ characters), draws it at a fixed ICAO pitch
// with the project's OCR-B font, and degrades it at one of three levels (clean, moderate,
// heavy): size, stroke weight, skew, slant, perspective, crop margins (clipped ones and ones
// that catch the next line), paper, lighting, background print, ink density, blur, noise,
// JPEG and Otsu binarisation. It writes NAME.png (8-bit grey), NAME.gt.txt (the text),
// NAME.box (Tesseract's line box file, for `tesseract NAME.png NAME lstm.train`) and one
// index.tsv (name, level, kind, cap height, size, text). Image i depends only on the seed
// and i, so a set is reproducible and can be made in parts.
//
// How to run (from the repository root):
//
//	go run ./ocr/training/linegen -out /tmp/ocr-train/gt/train -n 24000 -seed 1
//	go run ./ocr/training/linegen -out /tmp/ocr-train/gt/eval -n 3000 -seed 2 -mix clean=1,moderate=1,heavy=1
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// config is what the flags set.
type config struct {
	font  string   // OCR-B TrueType file
	out   string   // output directory
	n     int      // number of images
	seed  uint64   // random seed of the set
	mix   []weight // share of each degradation level
	jobs  int      // images made at once
	box   bool     // write Tesseract box files
	names string   // file name prefix
	// accents is the share of lines printed with national letters (Ñ, Ä, É, …) where the MRZ
	// has their base letter, as some issuers print them by mistake: the truth is the base letter.
	accents float64
}

type weight struct {
	level string
	w     float64
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "linegen:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "linegen:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("linegen", flag.ContinueOnError)
	cfg := &config{}
	mix := fs.String("mix", "clean=0.25,moderate=0.45,heavy=0.30", "share of each degradation level")
	fs.StringVar(&cfg.font, "font", "templates/fonts/OCRB.ttf", "OCR-B TrueType font")
	fs.StringVar(&cfg.out, "out", "", "output directory (required)")
	fs.IntVar(&cfg.n, "n", 1000, "number of images")
	fs.Uint64Var(&cfg.seed, "seed", 1, "random seed; the evaluation set uses another than the training set")
	fs.IntVar(&cfg.jobs, "j", runtime.GOMAXPROCS(0), "images made at once")
	fs.BoolVar(&cfg.box, "box", true, "write Tesseract line box files")
	fs.StringVar(&cfg.names, "prefix", "mrz", "file name prefix")
	fs.Float64Var(&cfg.accents, "accents", 0, "share of lines printed with national letters for their MRZ base letters")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	var errs []error
	if cfg.out == "" {
		errs = append(errs, errors.New("-out is required"))
	}
	if cfg.n < 1 {
		errs = append(errs, errors.New("-n must be at least 1"))
	}
	if cfg.jobs < 1 {
		errs = append(errs, errors.New("-j must be at least 1"))
	}
	for _, part := range strings.Split(*mix, ",") {
		level, v, _ := strings.Cut(part, "=")
		w, err := strconv.ParseFloat(v, 64)
		if level != Clean && level != Moderate && level != Heavy || err != nil || w < 0 {
			errs = append(errs, fmt.Errorf("-mix: %q is not LEVEL=WEIGHT with a level of clean, moderate, heavy", part))
			continue
		}
		cfg.mix = append(cfg.mix, weight{level, w})
	}
	return cfg, errors.Join(errs...)
}

// item is one image made, for the index.
type item struct {
	name, level, kind, text string
	height                  float64
	w, h                    int
}

func run(cfg *config) error {
	face, err := loadTypeface(cfg.font)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	items := make([]item, cfg.n)
	errs := make([]error, cfg.n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range cfg.jobs {
		wg.Go(func() {
			for i := range next {
				items[i], errs[i] = makeImage(face, cfg, i)
			}
		})
	}
	for i := range cfg.n {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(cfg.out, "index.tsv"))
	if err != nil {
		return err
	}
	b := bufio.NewWriter(f)
	fmt.Fprintln(b, "name\tlevel\tkind\tcap_height\twidth\theight\ttext")
	for _, it := range items {
		fmt.Fprintf(b, "%s\t%s\t%s\t%.1f\t%d\t%d\t%s\n", it.name, it.level, it.kind, it.height, it.w, it.h, it.text)
	}
	if err := b.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rngFor is image i's own random source: the set's seed and i, nothing else.
func rngFor(seed uint64, i int) *rand.Rand { return rand.New(rand.NewPCG(seed, uint64(i))) }

func chooseLevel(r *rand.Rand, mix []weight) string {
	var total float64
	for _, m := range mix {
		total += m.w
	}
	x := r.Float64() * total
	for _, m := range mix {
		if x < m.w {
			return m.level
		}
		x -= m.w
	}
	return mix[len(mix)-1].level
}

// render makes image i of a set: its text, its parameters, the image and the box of the line.
func render(face *typeface, seed uint64, mix []weight, accents float64, i int) (sample, *params, *image.Gray, image.Rectangle, error) {
	r := rngFor(seed, i)
	s := newSample(r)
	if accents > 0 {
		// A stream of its own, so that sets made without accents stay as they were.
		if ra := rngFor(seed^0xacce, i); ra.Float64() < accents {
			s.shown = accentuate(ra, s.text)
		}
	}
	p := newParams(r, chooseLevel(r, mix))
	c, err := face.draw(s, p)
	if err != nil {
		return s, p, nil, image.Rectangle{}, err
	}
	cov, w, h, ink := warp(c, p)
	img := paint(cov, w, h, p)
	box := image.Rect(0, 0, w, h)
	if !p.fullBox {
		pad := func() float64 { return uniform(r, -0.02, p.boxPad) * p.height }
		box = image.Rect(int(math.Floor(ink.x0-pad())), int(math.Floor(ink.y0-pad())),
			int(math.Ceil(ink.x1+pad())), int(math.Ceil(ink.y1+pad()))).Intersect(box)
	}
	return s, p, img, box, nil
}

func makeImage(face *typeface, cfg *config, i int) (item, error) {
	s, p, img, box, err := render(face, cfg.seed, cfg.mix, cfg.accents, i)
	if err != nil {
		return item{}, err
	}
	name := fmt.Sprintf("%s-%d-%06d", cfg.names, cfg.seed, i)
	base := filepath.Join(cfg.out, name)
	it := item{name: name, level: p.level, kind: s.kind, text: s.text, height: p.height, w: img.Bounds().Dx(), h: img.Bounds().Dy()}
	var buf strings.Builder
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	f, err := os.Create(base + ".png")
	if err != nil {
		return it, err
	}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return it, err
	}
	if err := f.Close(); err != nil {
		return it, err
	}
	if err := os.WriteFile(base+".gt.txt", []byte(s.text+"\n"), 0o644); err != nil {
		return it, err
	}
	if cfg.box {
		buf.WriteString(boxFile(s.text, box, img.Bounds().Dy()))
		if err := os.WriteFile(base+".box", []byte(buf.String()), 0o644); err != nil {
			return it, err
		}
	}
	return it, nil
}

// boxFile is Tesseract's box file for a single line: every character with the line's box
// (left, bottom, right, top, from the image's bottom-left corner), then a tab for its end.
func boxFile(text string, box image.Rectangle, imgHeight int) string {
	coords := fmt.Sprintf(" %d %d %d %d 0\n", box.Min.X, imgHeight-box.Max.Y, box.Max.X, imgHeight-box.Min.Y)
	var b strings.Builder
	for _, c := range text {
		b.WriteRune(c)
		b.WriteString(coords)
	}
	b.WriteString("\t")
	b.WriteString(coords)
	return b.String()
}
