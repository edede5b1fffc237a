package templates

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // reference images may be JPEG
	_ "image/png"
	"io/fs"
	"os"
	"path"
	"sort"
	"sync"
)

//go:embed specimens fonts/OCRB.ttf calibration.json
var embedded embed.FS

// Channel is a lighting condition of an image.
type Channel string

// The channels a reference image can be in.
const (
	Visible     Channel = "visible"
	Infrared    Channel = "ir"
	Ultraviolet Channel = "uv"
)

// Specimen is a loaded document model: its spec and where its images are.
type Specimen struct {
	Spec   Spec
	Source string // "embedded" or the directory it was loaded from
	fsys   fs.FS
	dir    string

	mu     sync.Mutex
	images map[Channel]image.Image
}

// Image returns the reference image of a channel, decoded once and kept.
func (s *Specimen) Image(ch Channel) (image.Image, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if img, ok := s.images[ch]; ok {
		return img, nil
	}
	name := map[Channel]string{Visible: s.Spec.Images.Visible, Infrared: s.Spec.Images.IR, Ultraviolet: s.Spec.Images.UV}[ch]
	if name == "" {
		return nil, fmt.Errorf("specimen %s has no %s image", s.Spec.ID, ch)
	}
	b, err := fs.ReadFile(s.fsys, path.Join(s.dir, name))
	if err != nil {
		return nil, fmt.Errorf("specimen %s: %w", s.Spec.ID, err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("specimen %s: %s: %w", s.Spec.ID, name, err)
	}
	if s.images == nil {
		s.images = map[Channel]image.Image{}
	}
	s.images[ch] = img
	return img, nil
}

// ImageBytes returns the encoded reference image of a channel as stored.
func (s *Specimen) ImageBytes(ch Channel) ([]byte, error) {
	name := map[Channel]string{Visible: s.Spec.Images.Visible, Infrared: s.Spec.Images.IR, Ultraviolet: s.Spec.Images.UV}[ch]
	if name == "" {
		return nil, fmt.Errorf("specimen %s has no %s image", s.Spec.ID, ch)
	}
	return fs.ReadFile(s.fsys, path.Join(s.dir, name))
}

// Library holds the specimens: the embedded ones and those of an extension directory.
type Library struct {
	specimens map[string]*Specimen
	ids       []string
	version   string
}

// Load reads the embedded specimens and, when dir is not empty, those in dir (one folder per
// specimen, each with a spec.json and its images). Every problem is reported at once.
func Load(dir string) (*Library, error) {
	lib := &Library{specimens: map[string]*Specimen{}}
	h := sha256.New()
	var errs []error
	sub, _ := fs.Sub(embedded, "specimens")
	errs = append(errs, lib.loadFS(sub, "embedded", h)...)
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("specimen directory %s: not a directory", dir))
		} else {
			errs = append(errs, lib.loadFS(os.DirFS(dir), dir, h)...)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.Strings(lib.ids)
	lib.version = hex.EncodeToString(h.Sum(nil))[:12]
	return lib, nil
}

func (lib *Library) loadFS(fsys fs.FS, source string, h interface{ Write([]byte) (int, error) }) []error {
	var errs []error
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return []error{fmt.Errorf("%s: %w", source, err)}
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		specPath := path.Join(e.Name(), "spec.json")
		b, err := fs.ReadFile(fsys, specPath)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s/%s: %w", source, specPath, err))
			continue
		}
		var s Spec
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			errs = append(errs, fmt.Errorf("%s/%s: %w", source, specPath, err))
			continue
		}
		if err := s.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s/%s: %w", source, specPath, err))
			continue
		}
		for _, name := range []string{s.Images.Visible, s.Images.IR, s.Images.UV} {
			if name == "" {
				continue
			}
			img, err := fs.ReadFile(fsys, path.Join(e.Name(), name))
			if err != nil {
				errs = append(errs, fmt.Errorf("%s/%s: image %s is missing", source, e.Name(), name))
				continue
			}
			h.Write(img)
		}
		if _, dup := lib.specimens[s.ID]; dup {
			errs = append(errs, fmt.Errorf("%s/%s: specimen id %q is already loaded", source, specPath, s.ID))
			continue
		}
		h.Write(b)
		lib.specimens[s.ID] = &Specimen{Spec: s, Source: source, fsys: fsys, dir: e.Name()}
		lib.ids = append(lib.ids, s.ID)
	}
	return errs
}

// Get returns a specimen by id.
func (lib *Library) Get(id string) (*Specimen, bool) {
	s, ok := lib.specimens[id]
	return s, ok
}

// All returns the specimens in id order.
func (lib *Library) All() []*Specimen {
	out := make([]*Specimen, len(lib.ids))
	for i, id := range lib.ids {
		out[i] = lib.specimens[id]
	}
	return out
}

// Version identifies the library's content (a hash of every spec and image), for reports.
func (lib *Library) Version() string { return lib.version }

// OCRBFont returns the OCR-B font (TrueType) the MRZ is printed in.
func OCRBFont() []byte {
	b, err := embedded.ReadFile("fonts/OCRB.ttf")
	if err != nil {
		panic("templates: OCR-B font not embedded: " + err.Error())
	}
	return b
}

// ReadSpec reads and validates a spec.json file on its own, without its images.
func ReadSpec(file string) (*Spec, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var s Spec
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &s, nil
}

// CalibrationFile returns the risk model fitted on the embedded specimens (calibration.json).
func CalibrationFile() ([]byte, error) { return embedded.ReadFile("calibration.json") }
