package server

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// The officers' web page: plain HTML, CSS and JavaScript embedded in the binary and served at
// "/" (index.html) and "/<file>"; it loads nothing from elsewhere (see securityHeaders).
//
//go:embed web
var webFS embed.FS

// webFiles are the page's files, read once.
type webFiles struct {
	files map[string]webFile // by path under web/, e.g. "app.js"
}

type webFile struct {
	body  []byte
	ctype string
	etag  string
}

func loadWeb() (*webFiles, error) {
	w := &webFiles{files: map[string]webFile{}}
	err := fs.WalkDir(webFS, "web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := webFS.ReadFile(p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = http.DetectContentType(b)
		}
		sum := sha256.Sum256(b)
		w.files[strings.TrimPrefix(p, "web/")] = webFile{body: b, ctype: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	return w, err
}

// static serves the web page's files, and answers 404 (JSON) for anything else no route
// matched.
func (s *Server) static(c *gin.Context) {
	p := c.Request.URL.Path
	if (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) || strings.HasPrefix(p, "/v1/") {
		s.fail(c, errorf(http.StatusNotFound, CodeNotFound, "no such route"))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" {
		name = "index.html"
	}
	f, ok := s.web.files[name]
	if !ok {
		s.fail(c, errorf(http.StatusNotFound, CodeNotFound, "not found"))
		return
	}
	c.Set(ctxRoute, "static")
	c.Header("ETag", f.etag)
	c.Header("Cache-Control", "no-cache")
	if c.GetHeader("If-None-Match") == f.etag {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return
	}
	c.Data(http.StatusOK, f.ctype, f.body)
}
