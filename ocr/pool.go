package ocr

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/otiai10/gosseract/v2"
)

// MRZAlphabet is what an MRZ may hold.
const MRZAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

// Config sets up a pool.
type Config struct {
	Workers     int    // clients in the pool; 0 for GOMAXPROCS
	Language    string // model name; "" for dvmrz, docverify's MRZ model
	TessdataDir string // directory holding <Language>.traineddata; "" for the embedded model
	Whitelist   string // characters Tesseract may return; "" for MRZAlphabet
	PageSegMode int    // Tesseract's page segmentation mode; 0 for 13, a raw line (MRZ lines)
}

// Validate reports what is wrong with a configuration.
func (c *Config) Validate() error {
	var errs []error
	if c.Workers < 0 || c.Workers > 256 {
		errs = append(errs, fmt.Errorf("ocr: workers %d is outside 0–256", c.Workers))
	}
	if c.TessdataDir != "" {
		lang := c.Language
		if lang == "" {
			lang = Model
		}
		if _, err := os.Stat(filepath.Join(c.TessdataDir, lang+".traineddata")); err != nil {
			errs = append(errs, fmt.Errorf("ocr: model %s not found in %s", lang, c.TessdataDir))
		}
	}
	return errors.Join(errs...)
}

// Pool is a fixed set of Tesseract clients. Read borrows one, waiting when all are busy.
type Pool struct {
	clients chan *gosseract.Client
	all     []*gosseract.Client
	tmp     string // where the embedded model was written until the clients have loaded it
}

// Char is a recognised character with Tesseract's confidence (0–100) and its box in the line
// image.
type Char struct {
	Text string
	Conf float64
	Box  image.Rectangle
}

// Line is a recognised line of text.
type Line struct {
	Text  string
	Chars []Char
	Conf  float64 // mean character confidence, 0–100
}

// NewPool makes the clients and warms each one up with a first recognition, so that the
// first requests do not pay for loading the model.
func NewPool(cfg Config) (*Pool, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		return nil, errors.New("ocr: OMP_THREAD_LIMIT is not set: Tesseract would run about 6x slower (start docverify through its binary, or set OMP_THREAD_LIMIT=1)")
	}
	n := cfg.Workers
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	p := &Pool{clients: make(chan *gosseract.Client, n)}
	dir, lang := cfg.TessdataDir, cfg.Language
	if lang == "" {
		lang = Model
	}
	if dir == "" {
		var err error
		if dir, err = writeModel(); err != nil {
			return nil, err
		}
		p.tmp = dir
	}
	psm := cfg.PageSegMode
	if psm == 0 {
		psm = int(gosseract.PSM_RAW_LINE)
	}
	wl := cfg.Whitelist
	if wl == "" {
		wl = MRZAlphabet
	}
	for range n {
		c := gosseract.NewClient()
		p.all = append(p.all, c)
		for _, err := range []error{
			// The mode goes in as a variable: gosseract v2.4.1's SetPageSegMode is undone when
			// the client initialises on its first recognition (otiai10/gosseract#167), while
			// variables are applied after that.
			c.SetTessdataPrefix(dir), c.SetLanguage(lang), c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(psm)),
			c.SetWhitelist(wl), c.SetVariable("load_system_dawg", "0"), c.SetVariable("load_freq_dawg", "0"),
			c.SetVariable("debug_file", "/dev/null"),
		} {
			if err != nil {
				p.Close()
				return nil, fmt.Errorf("ocr: %w", err)
			}
		}
		if _, err := read(c, warmUp); err != nil {
			p.Close()
			return nil, fmt.Errorf("ocr: loading model %s from %s: %w", lang, dir, err)
		}
		p.clients <- c
	}
	// Every client has read the model into memory on its warm-up and never loads it again
	// (nothing changes a client's language or data path after this), so the files go now:
	// a process that is killed, not closed, leaves nothing behind in the temporary directory.
	p.removeModel()
	return p, nil
}

func (p *Pool) removeModel() {
	if p.tmp != "" {
		os.RemoveAll(p.tmp)
		p.tmp = ""
	}
}

// warmUp is a small blank greyscale image (BMP) for the first recognition.
var warmUp = BMP(image.NewGray(image.Rect(0, 0, 64, 24)))

// Size is the number of clients.
func (p *Pool) Size() int { return len(p.all) }

// Close releases the clients and the model files.
func (p *Pool) Close() {
	for _, c := range p.all {
		c.Close()
	}
	p.all = nil
	p.removeModel()
}

// ReadLine recognises one line of text in an encoded image (BMP, PNG or JPEG), waiting for a
// free client until ctx ends.
func (p *Pool) ReadLine(ctx context.Context, img []byte) (Line, error) {
	var c *gosseract.Client
	select {
	case c = <-p.clients:
	case <-ctx.Done():
		return Line{}, ctx.Err()
	}
	defer func() { p.clients <- c }()
	return read(c, img)
}

func read(c *gosseract.Client, img []byte) (Line, error) {
	if err := c.SetImageFromBytes(img); err != nil {
		return Line{}, err
	}
	boxes, err := c.GetBoundingBoxes(gosseract.RIL_SYMBOL)
	if err != nil {
		return Line{}, err
	}
	var l Line
	var b strings.Builder
	for _, bx := range boxes {
		t := strings.TrimSpace(bx.Word)
		if t == "" {
			continue
		}
		b.WriteString(t)
		l.Chars = append(l.Chars, Char{Text: t, Conf: bx.Confidence, Box: bx.Box})
		l.Conf += bx.Confidence
	}
	l.Text = b.String()
	if len(l.Chars) > 0 {
		l.Conf /= float64(len(l.Chars))
	}
	return l, nil
}

// BMP encodes a greyscale image as an uncompressed 8-bit BMP with a grey palette. Leptonica
// reads a BMP from memory in one pass over the buffer, where it reads a PGM byte by byte from
// a stream (2.7 ms of a 30 ms MRZ line on this project's machine); Tesseract turns the grey
// palette back into the same 8-bit pixels, so the readings are the same (TestBMPReadsAsPGM).
func BMP(g *image.Gray) []byte {
	const head, palette = 14 + 40, 256 * 4
	w, h := g.Rect.Dx(), g.Rect.Dy()
	stride := (w + 3) &^ 3 // rows padded to four bytes
	off := head + palette
	out := make([]byte, off+stride*h)
	le := binary.LittleEndian
	out[0], out[1] = 'B', 'M'
	le.PutUint32(out[2:], uint32(len(out)))
	le.PutUint32(out[10:], uint32(off))
	le.PutUint32(out[14:], 40) // BITMAPINFOHEADER
	le.PutUint32(out[18:], uint32(w))
	le.PutUint32(out[22:], uint32(h)) // positive: rows bottom-up
	le.PutUint16(out[26:], 1)         // planes
	le.PutUint16(out[28:], 8)         // bits per pixel
	le.PutUint32(out[34:], uint32(stride*h))
	le.PutUint32(out[46:], 256) // palette entries
	for i := range 256 {
		p := head + 4*i
		out[p], out[p+1], out[p+2] = byte(i), byte(i), byte(i)
	}
	for y := range h {
		copy(out[off+(h-1-y)*stride:], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	return out
}
