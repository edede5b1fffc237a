package templates

import (
	"math"
	"strings"
	"time"

	"fmt"
	"github.com/docverify/docverify/mrz"
	"os"
	"path/filepath"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// DejaVuDir is where Debian's fonts-dejavu-core puts DejaVu.
const DejaVuDir = "/usr/share/fonts/truetype/dejavu"

var fontFiles = map[string]string{
	"sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf", "mono": "DejaVuSansMono.ttf",
	"mono-bold": "DejaVuSansMono-Bold.ttf", "serif": "DejaVuSerif.ttf", "serif-bold": "DejaVuSerif-Bold.ttf",
}

// fontBook parses the fonts specimens print with once and makes faces at any size, shared by
// the sample renderer and the checks that draw what a genuine document prints.
type fontBook struct {
	mu    sync.Mutex
	fonts map[string]*truetype.Font
	faces map[faceKey]*sync.Pool // faces keep a glyph cache: reuse them, one user at a time
}

type faceKey struct {
	name string
	px   float64
}

var book = &fontBook{fonts: map[string]*truetype.Font{}, faces: map[faceKey]*sync.Pool{}}

func (b *fontBook) font(name string) (*truetype.Font, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f, ok := b.fonts[name]; ok {
		return f, nil
	}
	var data []byte
	if name == "ocrb" {
		data = OCRBFont()
	} else {
		file, ok := fontFiles[name]
		if !ok {
			return nil, fmt.Errorf("templates: unknown font %q", name)
		}
		var err error
		if data, err = os.ReadFile(filepath.Join(DejaVuDir, file)); err != nil {
			return nil, fmt.Errorf("templates: font %s (install fonts-dejavu-core): %w", name, err)
		}
	}
	f, err := truetype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("templates: font %s: %w", name, err)
	}
	b.fonts[name] = f
	return f, nil
}

// face returns a face whose em is px pixels, for the caller's use alone until it calls done.
// Faces are not safe for concurrent use and expensive to make (each caches its glyphs), so
// they are pooled per font and size.
func (b *fontBook) face(name string, px float64) (f font.Face, done func(), err error) {
	tt, err := b.font(name)
	if err != nil {
		return nil, nil, err
	}
	key := faceKey{name, px}
	b.mu.Lock()
	pool, ok := b.faces[key]
	if !ok {
		pool = &sync.Pool{New: func() any {
			return truetype.NewFace(tt, &truetype.Options{Size: px, DPI: 72, Hinting: font.HintingNone})
		}}
		b.faces[key] = pool
	}
	b.mu.Unlock()
	f = pool.Get().(font.Face)
	return f, func() { pool.Put(f) }, nil
}

// Face returns a face of one of the specs' fonts (sans, sans-bold, mono, mono-bold, serif,
// serif-bold, ocrb) whose em is px pixels, for the caller's use alone until it calls done.
func Face(name string, px float64) (font.Face, func(), error) { return book.face(name, px) }

// TextBaseline is where a region's text starts: left-aligned at the region's left edge, the
// baseline an ascent below its top (at most 85% of its height down).
func TextBaseline(r Region, dpi, ascent float64) (x, baseline float64) {
	k := dpi / 25.4
	return r.Rect[0] * k, r.Rect[1]*k + math.Min(ascent, r.Rect[3]*k*0.85)
}

// FontPx is a region's text size in pixels at dpi (8 pt when the spec gives none).
func (r Region) FontPx(dpi float64) float64 {
	size := r.SizePt
	if size == 0 {
		size = 8
	}
	return size * dpi / 72
}

// FormatDate prints a date in a model's layout (a Go time layout such as "02 Jan 2006"), in
// upper case as documents print it.
func FormatDate(layout string, d mrz.Date) string {
	if d.IsZero() {
		return ""
	}
	t := time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
	return strings.ToUpper(t.Format(layout))
}
