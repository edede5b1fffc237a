package samples

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/docverify/docverify/templates"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// DejaVuDir is where Debian's fonts-dejavu-core puts DejaVu.
const DejaVuDir = "/usr/share/fonts/truetype/dejavu"

var fontFiles = map[string]string{
	"sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf", "mono": "DejaVuSansMono.ttf",
	"mono-bold": "DejaVuSansMono-Bold.ttf", "serif": "DejaVuSerif.ttf", "serif-bold": "DejaVuSerif-Bold.ttf",
}

// fontBook parses fonts once and makes faces at any size, shared by all renderers.
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
		data = templates.OCRBFont()
	} else {
		file, ok := fontFiles[name]
		if !ok {
			return nil, fmt.Errorf("samples: unknown font %q", name)
		}
		var err error
		if data, err = os.ReadFile(filepath.Join(DejaVuDir, file)); err != nil {
			return nil, fmt.Errorf("samples: font %s (install fonts-dejavu-core): %w", name, err)
		}
	}
	f, err := truetype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("samples: font %s: %w", name, err)
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
