package server

import (
	"io/fs"
	"net/http"

	"github.com/docverify/docverify/samples"
	"github.com/gin-gonic/gin"
)

// demoSet is the demo set embedded in the binary, offered by the web page as "try a sample".
// It is public: fictional documents of the fictional state Utopia, so its routes need no key.
type demoSet struct {
	fsys  fs.FS
	list  []demoSample
	files map[string]map[string]string // sample id → channel (image, ir, uv) → file in fsys
}

// demoSample is a demo sample as listed: its label and where its images are.
type demoSample struct {
	ID       string  `json:"id"`
	Label    string  `json:"label"`    // genuine or forged
	Attack   *string `json:"attack"`   // null for genuine samples
	Strength *string `json:"strength"` // null for genuine samples
	Capture  string  `json:"capture"`  // scan, kiosk or phone
	Specimen string  `json:"specimen"`
	Image    string  `json:"image"` // URL of the visible image
	IR       *string `json:"ir"`    // URL of the infrared image, null without one
	UV       *string `json:"uv"`    // URL of the ultraviolet image, null without one
}

func loadDemo() (*demoSet, error) {
	fsys, set, err := samples.Demo()
	if err != nil {
		return nil, err
	}
	d := &demoSet{fsys: fsys, list: []demoSample{}, files: map[string]map[string]string{}}
	for _, s := range set {
		base := "/v1/demo/" + s.ID + "/"
		ds := demoSample{ID: s.ID, Label: s.Label, Attack: s.Attack, Strength: s.Strength, Capture: s.Capture,
			Specimen: s.Specimen, Image: base + "image"}
		files := map[string]string{"image": s.File}
		if s.IR != nil {
			u := base + "ir"
			ds.IR, files["ir"] = &u, *s.IR
		}
		if s.UV != nil {
			u := base + "uv"
			ds.UV, files["uv"] = &u, *s.UV
		}
		d.list = append(d.list, ds)
		d.files[s.ID] = files
	}
	return d, nil
}

func (s *Server) listDemo(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	writeJSON(c, http.StatusOK, gin.H{"samples": s.demo.list})
}

// demoImage serves a demo sample's image (JPEG) in one light: image, ir or uv.
func (s *Server) demoImage(c *gin.Context) {
	name, ok := s.demo.files[c.Param("id")][c.Param("channel")]
	if !ok {
		s.fail(c, errorf(http.StatusNotFound, CodeNotFound, "no such demo sample or image"))
		return
	}
	b, err := fs.ReadFile(s.demo.fsys, name)
	if err != nil {
		s.fail(c, err)
		return
	}
	serveImage(c, b)
}
