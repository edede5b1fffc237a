package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image/png"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/disintegration/imaging"
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/store"
	"github.com/docverify/docverify/templates"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route with its middleware. Probes, metrics, the OpenAPI document, the
// web page and the demo set are open; the API needs a key (when keys are in use), a role and
// a share of the key's rate.
func (s *Server) routes() (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return nil, err
	}
	r.Use(s.requestID, s.accessLog, s.recover, securityHeaders)
	r.NoRoute(s.static)
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, errorf(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method not allowed"))
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})))
	r.GET("/openapi.json", serveOpenAPI)
	r.GET("/", s.static)

	// The demo set is static public data (fictional documents embedded in the binary): no key.
	r.GET("/v1/demo", s.listDemo)
	r.GET("/v1/demo/:id/:channel", s.demoImage)

	api := r.Group("/v1", s.authenticate, s.rateLimit)
	api.POST("/verify", s.allow(rolesAll...), s.deadline, s.verify)
	api.POST("/mrz", s.allow(rolesAll...), s.checkMRZ)
	api.GET("/specimens", s.allow(rolesAll...), s.listSpecimens)
	api.GET("/specimens/:id", s.allow(rolesAll...), s.getSpecimen)
	api.GET("/specimens/:id/image", s.allow(rolesAll...), s.specimenImage)
	api.GET("/verifications", s.allow(rolesAll...), s.listVerifications)
	api.GET("/verifications/:id", s.allow(rolesAll...), s.getVerification)
	api.GET("/keys", s.allow(rolesOfficer...), s.listKeys)
	return r, nil
}

// Keys of values kept in a gin.Context.
const (
	ctxRequestID = "docverify.request_id"
	ctxPrincipal = "docverify.principal"
	ctxErrorCode = "docverify.error_code"
	ctxRoute     = "docverify.route"
)

// writeJSON answers with v as JSON, without HTML escaping (MRZ fillers stay "<").
func writeJSON(c *gin.Context, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		c.Data(http.StatusInternalServerError, "application/json; charset=utf-8",
			[]byte(`{"error":{"code":"internal","message":"internal error","request_id":"`+requestID(c)+`"}}`+"\n"))
		return
	}
	c.Data(status, "application/json; charset=utf-8", b.Bytes())
}

// deadline bounds the request's time, the wait in the queue included; the engine checks the
// context between its stages.
func (s *Server) deadline(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.Timeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// verifyResponse is the answer to POST /v1/verify: the report with the verification's id, the
// request's id and, when asked, the overlay.
type verifyResponse struct {
	ID        string `json:"id"`
	RequestID string `json:"request_id"`
	*engine.Report
	OverlayPNG string `json:"overlay_png,omitempty"`
}

// verify checks a document, records the verification and returns the report.
func (s *Server) verify(c *gin.Context) {
	w := s.ready()
	if w == nil || s.draining.Load() {
		s.fail(c, errNotReady)
		return
	}
	if err := w.pool.overloaded(); err != nil { // refuse before reading the body
		s.fail(c, err)
		return
	}
	overlay, err := boolQuery(c, "overlay")
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.readInput(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var rep *engine.Report
	var ovl []byte
	err = w.pool.Do(c.Request.Context(), func(ctx context.Context) error {
		start := time.Now()
		defer func() { s.metrics.checksSec.Observe(time.Since(start).Seconds()) }()
		var err error
		if rep, err = w.engine.Check(ctx, in); err != nil {
			return err
		}
		if overlay {
			if ovl, err = engine.Overlay(in.Image, rep); err != nil {
				s.log.Warn("overlay failed", "request_id", requestID(c), "error", err.Error())
				ovl = nil
			}
		}
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.metrics.observeReport(rep)
	id, err := uuid.NewV7()
	if err != nil {
		s.fail(c, err)
		return
	}
	rid := requestID(c)
	v := s.audit.verification(id.String(), rid, caller(c), rep, time.Now())
	if err := s.audit.record(c.Request.Context(), v); err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("verification", "request_id", rid, "verification", v)
	resp := verifyResponse{ID: v.ID, RequestID: rid, Report: rep}
	if ovl != nil {
		resp.OverlayPNG = base64.StdEncoding.EncodeToString(ovl)
	}
	writeJSON(c, http.StatusOK, resp)
}

// boolQuery reads an optional boolean query parameter.
func boolQuery(c *gin.Context, name string) (bool, error) {
	v := c.Query(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, errorf(http.StatusBadRequest, CodeBadRequest, "%s must be true or false", name)
	}
	return b, nil
}

// mrzRequest is the body of POST /v1/mrz.
type mrzRequest struct {
	Lines  []string `json:"lines"`
	Repair bool     `json:"repair"`
}

// checkMRZ checks an MRZ given as its lines: the "docverify mrz" object.
func (s *Server) checkMRZ(c *gin.Context) {
	if err := limitBody(c, 64<<10); err != nil {
		s.fail(c, err)
		return
	}
	if !isJSON(c) {
		s.fail(c, errorf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "send application/json"))
		return
	}
	var req mrzRequest
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.fail(c, readError(err, `the JSON body cannot be read: want {"lines": ["…", "…"], "repair": false}`))
		return
	}
	if len(req.Lines) == 0 || len(req.Lines) > 3 {
		s.fail(c, errorf(http.StatusBadRequest, CodeBadRequest, "lines: give the 2 or 3 lines of the MRZ"))
		return
	}
	for _, l := range req.Lines {
		if len(l) > 100 {
			s.fail(c, errorf(http.StatusBadRequest, CodeBadRequest, "lines: a line has more than 100 characters"))
			return
		}
	}
	writeJSON(c, http.StatusOK, checkMRZLines(req.Lines, req.Repair))
}

// checkMRZLines is what "docverify mrz [--repair]" computes for one MRZ.
func checkMRZLines(lines []string, repair bool) *mrz.Document {
	if repair {
		return mrz.Repair(lines)
	}
	return mrz.Parse(lines)
}

func isJSON(c *gin.Context) bool {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(c.GetHeader("Content-Type"), ";")[0]))
	return ct == "application/json"
}

// specimenSummary is a specimen in the list.
type specimenSummary struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	DocumentType string     `json:"document_type"`
	IssuingState string     `json:"issuing_state"`
	DocumentCode string     `json:"document_code"`
	MRZFormat    mrz.Format `json:"mrz_format"`
	Series       string     `json:"series"`
	ValidFrom    string     `json:"valid_from"`
	ValidTo      string     `json:"valid_to"`
	SizeMM       [2]float64 `json:"size_mm"`
	Fictional    bool       `json:"fictional"`
	Channels     []string   `json:"channels"` // the lights it has reference images in: visible, ir, uv
}

func summary(sp *templates.Specimen) specimenSummary {
	s := sp.Spec
	out := specimenSummary{ID: s.ID, Name: s.Name, DocumentType: s.DocumentType, IssuingState: s.IssuingState,
		DocumentCode: s.DocumentCode, MRZFormat: s.MRZFormat, Series: s.Series, ValidFrom: s.ValidFrom, ValidTo: s.ValidTo,
		SizeMM: s.SizeMM, Fictional: s.Fictional, Channels: []string{string(templates.Visible)}}
	if s.Images.IR != "" {
		out.Channels = append(out.Channels, string(templates.Infrared))
	}
	if s.Images.UV != "" {
		out.Channels = append(out.Channels, string(templates.Ultraviolet))
	}
	return out
}

func (s *Server) library(c *gin.Context) *templates.Library {
	w := s.ready()
	if w == nil {
		s.fail(c, errNotReady)
		return nil
	}
	return w.lib
}

func (s *Server) listSpecimens(c *gin.Context) {
	lib := s.library(c)
	if lib == nil {
		return
	}
	out := []specimenSummary{}
	for _, sp := range lib.All() {
		out = append(out, summary(sp))
	}
	writeJSON(c, http.StatusOK, gin.H{"specimens": out})
}

// specimenDetail is a specimen's spec with the list's fields and a thumbnail.
type specimenDetail struct {
	templates.Spec
	Channels     []string `json:"channels"`
	ThumbnailPNG string   `json:"thumbnail_png"` // base64 PNG of the visible reference image, 400 px wide
}

func (s *Server) specimen(c *gin.Context) *templates.Specimen {
	lib := s.library(c)
	if lib == nil {
		return nil
	}
	sp, ok := lib.Get(c.Param("id"))
	if !ok {
		s.fail(c, errorf(http.StatusNotFound, CodeNotFound, "no such specimen"))
		return nil
	}
	return sp
}

func (s *Server) getSpecimen(c *gin.Context) {
	sp := s.specimen(c)
	if sp == nil {
		return
	}
	thumb, err := s.thumbnail(sp)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, specimenDetail{Spec: sp.Spec, Channels: summary(sp).Channels,
		ThumbnailPNG: base64.StdEncoding.EncodeToString(thumb)})
}

// thumbWidth is the width of specimen thumbnails.
const thumbWidth = 400

// thumbnail is the specimen's visible reference image scaled to thumbWidth, made once.
func (s *Server) thumbnail(sp *templates.Specimen) ([]byte, error) {
	if b, ok := s.thumbs.Load(sp.Spec.ID); ok {
		return b.([]byte), nil
	}
	img, err := sp.Image(templates.Visible)
	if err != nil {
		return nil, err
	}
	dst := imaging.Resize(img, thumbWidth, 0, imaging.Lanczos)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	s.thumbs.Store(sp.Spec.ID, buf.Bytes())
	return buf.Bytes(), nil
}

// specimenImage serves a reference image as stored (PNG or JPEG).
func (s *Server) specimenImage(c *gin.Context) {
	sp := s.specimen(c)
	if sp == nil {
		return
	}
	ch := templates.Channel(c.DefaultQuery("channel", string(templates.Visible)))
	if ch != templates.Visible && ch != templates.Infrared && ch != templates.Ultraviolet {
		s.fail(c, errorf(http.StatusBadRequest, CodeBadRequest, "channel must be visible, ir or uv"))
		return
	}
	b, err := sp.ImageBytes(ch)
	if err != nil {
		s.fail(c, errorf(http.StatusNotFound, CodeNotFound, "this specimen has no %s image", ch))
		return
	}
	serveImage(c, b)
}

// serveImage answers with image bytes, their type judged by content.
func serveImage(c *gin.Context, b []byte) {
	ct := "application/octet-stream"
	switch detect.Sniff(b) {
	case "jpeg":
		ct = "image/jpeg"
	case "png":
		ct = "image/png"
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, ct, b)
}

// listVerifications lists recent verifications, newest first: a kiosk's own, or (officers,
// trainers) everybody's, optionally of one key.
func (s *Server) listVerifications(c *gin.Context) {
	p := caller(c)
	n := 20
	if v := c.Query("limit"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 100 {
			s.fail(c, errorf(http.StatusBadRequest, CodeBadRequest, "limit must be 1–100"))
			return
		}
	}
	key := c.Query("key_id")
	if !p.seesAll() {
		if key != "" && key != p.KeyID {
			s.fail(c, errorf(http.StatusForbidden, CodeForbidden, "a kiosk key sees its own verifications only"))
			return
		}
		key = p.KeyID
	}
	list, err := s.store.Recent(c.Request.Context(), key, n)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	if list == nil {
		list = []store.Verification{}
	}
	writeJSON(c, http.StatusOK, gin.H{"verifications": list})
}

// getVerification returns an audit record to the key that made it, or to officers; to others
// it does not exist.
func (s *Server) getVerification(c *gin.Context) {
	p := caller(c)
	v, err := s.store.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	if !p.seesAll() && v.KeyID != p.KeyID {
		s.fail(c, errorf(http.StatusNotFound, CodeNotFound, "not found"))
		return
	}
	writeJSON(c, http.StatusOK, v)
}

// listKeys lists the API keys (never their hashes).
func (s *Server) listKeys(c *gin.Context) {
	ks, err := s.store.Keys(c.Request.Context())
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	if ks == nil {
		ks = []store.Key{}
	}
	writeJSON(c, http.StatusOK, gin.H{"keys": ks})
}

// storeError maps a store failure: not found stays 404, anything else is the store being
// unreachable (503), logged.
func storeError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, CodeNotFound, "not found").withCause(err)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return err
	}
	return errorf(http.StatusServiceUnavailable, CodeUnavailable, "the audit store cannot be reached; try again shortly").withCause(err)
}

// healthz says the process is alive.
func (s *Server) healthz(c *gin.Context) {
	writeJSON(c, http.StatusOK, gin.H{"status": "ok"})
}

// readiness is the body of /readyz.
type readiness struct {
	Status  string            `json:"status"`  // ready or not_ready
	Checks  map[string]string `json:"checks"`  // specimens, ocr, store, shutdown → ok or what is wrong
	Missing []string          `json:"missing"` // the checks that are not ok
}

// readyz says whether the service takes work: specimens loaded, OCR pool warm, store
// reachable, not shutting down.
func (s *Server) readyz(c *gin.Context) {
	r := readiness{Checks: map[string]string{}, Missing: []string{}}
	set := func(name string, ok bool, why string) {
		if ok {
			r.Checks[name] = "ok"
			return
		}
		r.Checks[name] = why
		r.Missing = append(r.Missing, name)
	}
	w := s.ready()
	why := "warming_up"
	if w == nil && isClosed(s.warmDone) && s.warmErr != nil {
		why = "failed"
	}
	set("specimens", w != nil && len(w.lib.All()) > 0, why)
	set("ocr", w != nil, why)
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	defer cancel()
	set("store", s.store.Ping(ctx) == nil, "unreachable")
	set("shutdown", !s.draining.Load(), "stopping")
	status := http.StatusOK
	r.Status = "ready"
	if len(r.Missing) > 0 {
		status, r.Status = http.StatusServiceUnavailable, "not_ready"
		c.Header("Retry-After", "2")
	}
	writeJSON(c, status, r)
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// requestIDHeader carries the request id both ways.
const requestIDHeader = "X-Request-ID"

// requestID takes the client's X-Request-ID when it is sane (1–64 letters, digits and
// ._:-), otherwise makes one, and echoes it.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if !saneID(id) {
		u, err := uuid.NewV7()
		if err != nil {
			u = uuid.New()
		}
		id = u.String()
	}
	c.Set(ctxRequestID, id)
	c.Header(requestIDHeader, id)
}

func saneID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':') {
			return false
		}
	}
	return true
}

// requestID is the request's id.
func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// accessLog logs every request (method, route, status, duration, request id; never a body, a
// query or a client address) and counts it in the metrics. Probes and scrapes log at debug.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	d := time.Since(start)
	route := c.FullPath()
	if route == "" {
		route = c.GetString(ctxRoute)
	}
	if route == "" {
		route = "unmatched"
	}
	method := c.Request.Method
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions:
	default:
		method = "other"
	}
	status := c.Writer.Status()
	s.metrics.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	s.metrics.latency.WithLabelValues(method, route).Observe(d.Seconds())
	level := slog.LevelInfo
	switch route {
	case "/healthz", "/readyz", "/metrics":
		level = slog.LevelDebug
	}
	attrs := []slog.Attr{
		slog.String("request_id", requestID(c)),
		slog.String("method", method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
	}
	if p := caller(c); p.KeyID != "" {
		attrs = append(attrs, slog.String("key_id", p.KeyID))
	}
	if code := c.GetString(ctxErrorCode); code != "" {
		attrs = append(attrs, slog.String("error_code", code))
	}
	s.log.LogAttrs(context.Background(), level, "request", attrs...)
}

// recover turns a panic in a handler into a 500 JSON answer; the service keeps serving.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.log.Error("panic", "request_id", requestID(c), "panic", panicText(v), "stack", stack())
		if !c.Writer.Written() {
			s.fail(c, errors.New("panic"))
		}
		c.Abort()
	}()
	c.Next()
}

// securityHeaders are set on every answer: the web page may load only its own files, no
// inline script or style, no framing, no referrer, no type sniffing; API answers are not
// cached.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "no-store") // reports hold personal data; static files and images override it
}

// stack is the panicking goroutine's stack, for the log.
func stack() string { return string(debug.Stack()) }
