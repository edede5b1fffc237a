// Command eval measures Tesseract models on held-out MRZ line images: character accuracy,
// exact lines and milliseconds per line, by degradation level.
//
// What it does: reads the index.tsv of a set made by linegen (name, level, …, text), runs each
// model on every image the way docverify will (gosseract, page segmentation mode 7 "single
// line" or 13 "raw line" with -psm, a whitelist of the 37 MRZ characters, one Tesseract
// thread), compares the text with the ground truth and prints a markdown table. The models
// take turns line by line, so changes in the machine's load weigh on all alike. The time of a
// line is SetImageFromBytes (decoding the PNG, or with -encode pgm an uncompressed image) plus
// Text, after one warm-up call. Whitespace in the output is dropped before comparing: MRZ text
// has none, and mrz.Repair drops it too.
//
// How to run (from the repository root; the baseline is copied to a tessdata directory
// outside the repository):
//
//	go run ./ocr/training/eval -data /tmp/ocr-train/gt/eval \
//	    -model dvmrz=ocr/tessdata -model mrz=/tmp/ocr-eval/tessdata \
//	    -model eng=/usr/share/tesseract-ocr/5/tessdata -lines /tmp/ocr-eval/lines.tsv
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/otiai10/gosseract/v2"
)

// Whitelist is the MRZ character set.
const Whitelist = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

// levels in the order the table shows them.
var levels = []string{"clean", "moderate", "heavy"}

// model is a language in a tessdata directory.
type model struct{ lang, dir string }

type models []model

func (m *models) String() string { return fmt.Sprint(*m) }
func (m *models) Set(s string) error {
	lang, dir, ok := strings.Cut(s, "=")
	if !ok || lang == "" || dir == "" {
		return fmt.Errorf("%q is not LANG=TESSDATA_DIR", s)
	}
	*m = append(*m, model{lang, dir})
	return nil
}

type vars [][2]string

func (v *vars) String() string { return fmt.Sprint(*v) }
func (v *vars) Set(s string) error {
	k, val, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q is not NAME=VALUE", s)
	}
	*v = append(*v, [2]string{k, val})
	return nil
}

// line is one image of the set.
type line struct{ name, level, text string }

// result is what a model read on one line.
type result struct {
	line
	model, got string
	dist       int
	ms         float64
}

func main() {
	ensureThreadLimit()
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	data := fs.String("data", "", "directory of the evaluation set (with index.tsv)")
	n := fs.Int("n", 0, "use only the first n lines (0: all)")
	linesOut := fs.String("lines", "", "write every line's reading to this TSV file")
	encode := fs.String("encode", "png", "how the image reaches Tesseract: png (the file as is) or pgm (uncompressed, decoded before timing)")
	psm := fs.Int("psm", int(gosseract.PSM_SINGLE_LINE), "page segmentation mode: 7 single line, 13 raw line")
	config := fs.String("config", "", "Tesseract config file read at init (init-only variables such as load_system_dawg)")
	var ms models
	var vs vars
	fs.Var(&ms, "model", "LANG=TESSDATA_DIR, once per model")
	fs.Var(&vs, "var", "NAME=VALUE: a Tesseract variable set on every model (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" || len(ms) == 0 {
		return errors.New("-data and at least one -model are required")
	}
	if *encode != "png" && *encode != "pgm" {
		return fmt.Errorf("-encode %q: want png or pgm", *encode)
	}
	if os.Getenv("OMP_THREAD_LIMIT") != "1" {
		return errors.New("OMP_THREAD_LIMIT=1 must be set (Tesseract runs about 6× slower with OpenMP threads)")
	}
	lines, err := readIndex(filepath.Join(*data, "index.tsv"))
	if err != nil {
		return err
	}
	if *n > 0 && *n < len(lines) {
		lines = lines[:*n]
	}
	all, err := evaluate(ms, *data, lines, *encode == "pgm", gosseract.PageSegMode(*psm), vs, *config)
	if err != nil {
		return err
	}
	if *linesOut != "" {
		if err := writeLines(*linesOut, all); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%d lines from %s; page segmentation mode %d; images as %s; variables %v\n\n", len(lines), *data, *psm, *encode, vs)
	writeTable(stdout, ms, all)
	return nil
}

func readIndex(path string) ([]line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 7 || fields[0] == "name" {
			continue
		}
		lines = append(lines, line{name: fields[0], level: fields[1], text: fields[6]})
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%s: no lines", path)
	}
	return lines, sc.Err()
}

// reader is one model on one gosseract client, set up as the project will.
type reader struct {
	model
	c   *gosseract.Client
	pgm bool
}

func newReader(m model, pgm bool, psm gosseract.PageSegMode, vs vars, config string) (*reader, error) {
	c := gosseract.NewClient()
	r := &reader{model: m, c: c, pgm: pgm}
	err := errors.Join(c.SetTessdataPrefix(m.dir), c.SetLanguage(m.lang))
	if config != "" {
		err = errors.Join(err, c.SetConfigFile(config))
	}
	// Not SetPageSegMode: gosseract v2.4.1 calls it before Tesseract's Init, which resets the
	// mode to 6 (otiai10/gosseract#167). A variable is set after Init and holds.
	err = errors.Join(err,
		c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(psm))),
		c.SetVariable(gosseract.TESSEDIT_CHAR_WHITELIST, Whitelist))
	for _, v := range vs {
		err = errors.Join(err, c.SetVariable(gosseract.SettableVariable(v[0]), v[1]))
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return r, nil
}

// read OCRs one image file and times SetImageFromBytes and Text.
func (r *reader) read(path string) (string, time.Duration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", 0, err
	}
	if r.pgm {
		if b, err = toPGM(b); err != nil {
			return "", 0, err
		}
	}
	start := time.Now()
	if err := r.c.SetImageFromBytes(b); err != nil {
		return "", 0, err
	}
	text, err := r.c.Text()
	return text, time.Since(start), err
}

// evaluate reads every line with every model. The models take turns line by line, so a change
// in the machine's load during the run weighs on all of them alike.
func evaluate(ms models, dir string, lines []line, pgm bool, psm gosseract.PageSegMode, vs vars, config string) ([]result, error) {
	var rs []*reader
	defer func() {
		for _, r := range rs {
			r.c.Close()
		}
	}()
	for _, m := range ms {
		r, err := newReader(m, pgm, psm, vs, config)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.lang, err)
		}
		rs = append(rs, r)
		// Warm up: the first call initialises Tesseract.
		if _, _, err := r.read(filepath.Join(dir, lines[0].name+".png")); err != nil {
			return nil, fmt.Errorf("%s: %w", m.lang, err)
		}
	}
	out := make([]result, 0, len(lines)*len(rs))
	for _, l := range lines {
		for _, r := range rs {
			text, d, err := r.read(filepath.Join(dir, l.name+".png"))
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", r.lang, l.name, err)
			}
			got := strings.Join(strings.Fields(text), "")
			out = append(out, result{line: l, model: r.lang, got: got, dist: distance(l.text, got), ms: float64(d.Microseconds()) / 1000})
		}
	}
	return out, nil
}

// toPGM re-encodes a PNG as binary PGM (P5): 8-bit grey without compression, which Leptonica
// reads without inflating anything.
func toPGM(b []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	r := img.Bounds()
	out := fmt.Appendf(nil, "P5\n%d %d\n255\n", r.Dx(), r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			out = append(out, color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
		}
	}
	return out, nil
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// stats sums results.
type stats struct {
	lines, exact, chars, errs int
	ms                        []float64
}

func (s *stats) add(r result) {
	s.lines++
	s.chars += len(r.text)
	s.errs += r.dist
	if r.dist == 0 {
		s.exact++
	}
	s.ms = append(s.ms, r.ms)
}

func (s *stats) cell() string {
	if s.lines == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f%% / %.1f%%", 100*(1-float64(s.errs)/float64(s.chars)), 100*float64(s.exact)/float64(s.lines))
}

func (s *stats) speed() string {
	slices.Sort(s.ms)
	var sum float64
	for _, v := range s.ms {
		sum += v
	}
	return fmt.Sprintf("%.1f / %.1f", sum/float64(len(s.ms)), s.ms[len(s.ms)*95/100])
}

func writeTable(w io.Writer, ms models, rs []result) {
	fmt.Fprint(w, "| model |")
	for _, l := range levels {
		fmt.Fprintf(w, " %s: chars / lines |", l)
	}
	fmt.Fprintln(w, " all: chars / lines | ms per line, mean / p95 |")
	fmt.Fprintln(w, "| --- |"+strings.Repeat(" --- |", len(levels)+2))
	for _, m := range ms {
		by := map[string]*stats{}
		total := &stats{}
		for _, r := range rs {
			if r.model != m.lang {
				continue
			}
			if by[r.level] == nil {
				by[r.level] = &stats{}
			}
			by[r.level].add(r)
			total.add(r)
		}
		fmt.Fprintf(w, "| %s |", m.lang)
		for _, l := range levels {
			s := by[l]
			if s == nil {
				s = &stats{}
			}
			fmt.Fprintf(w, " %s |", s.cell())
		}
		fmt.Fprintf(w, " %s | %s |\n", total.cell(), total.speed())
	}
	for _, l := range levels {
		var n int
		for _, r := range rs {
			if r.model == ms[0].lang && r.level == l {
				n++
			}
		}
		fmt.Fprintf(w, "\n%s: %d lines", l, n)
	}
	fmt.Fprintln(w)
}

func writeLines(path string, rs []result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(f)
	fmt.Fprintln(b, "model\tname\tlevel\tdistance\tms\ttruth\tread")
	for _, r := range rs {
		fmt.Fprintf(b, "%s\t%s\t%s\t%d\t%.2f\t%s\t%s\n", r.model, r.name, r.level, r.dist, r.ms, r.text, r.got)
	}
	if err := b.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ensureThreadLimit re-executes the program once with OMP_THREAD_LIMIT=1 when the variable is
// not set: Tesseract reads it when the library loads, too late to set it from Go.
func ensureThreadLimit() {
	if os.Getenv("OMP_THREAD_LIMIT") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	_ = syscall.Exec(exe, os.Args, append(os.Environ(), "OMP_THREAD_LIMIT=1"))
}
