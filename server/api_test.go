package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/store"
	"github.com/gin-gonic/gin"
)

// TestVerify checks a genuine kiosk capture of the demo set on the real engine, as multipart
// (with its IR and UV images) and as JSON with the overlay; both answers match openapi.json,
// carry the ids, and are recorded in the audit log.
func TestVerify(t *testing.T) {
	s := newServer(t, testConfig(t), withRealEngine(t))
	sample, img := pickDemo(t, genuinePassport)
	ir, uv := demoFile(t, *sample.IR), demoFile(t, *sample.UV)

	type answer struct {
		ID         string         `json:"id"`
		RequestID  string         `json:"request_id"`
		Verdict    engine.Verdict `json:"verdict"`
		RiskScore  int            `json:"risk_score"`
		OverlayPNG string         `json:"overlay_png"`
		Specimen   *struct {
			ID string `json:"id"`
		} `json:"specimen"`
		Checks    []map[string]any   `json:"checks"`
		TimingsMs map[string]float64 `json:"timings_ms"`
	}
	for _, c := range []struct {
		name    string
		req     *http.Request
		overlay bool
	}{
		{"multipart with IR and UV", multipartRequest("/v1/verify", map[string][]byte{"image": img, "ir": ir, "uv": uv}), false},
		{"JSON with overlay", jsonRequest("/v1/verify?overlay=true", map[string]any{"image": base64.StdEncoding.EncodeToString(img),
			"ir": "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(ir), "uv": nil}), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.req.Header.Set("X-Request-ID", "kiosk-7.req:42")
			rec := s.do(c.req)
			if rec.Code != http.StatusOK {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			var a answer
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			if a.RequestID != "kiosk-7.req:42" || rec.Header().Get("X-Request-ID") != a.RequestID {
				t.Errorf("request id %q, header %q: want the client's", a.RequestID, rec.Header().Get("X-Request-ID"))
			}
			if a.ID == "" || a.Verdict == "" || len(a.Checks) == 0 || a.TimingsMs["total"] <= 0 {
				t.Errorf("incomplete report: %.300s", rec.Body.String())
			}
			if a.Specimen == nil || a.Specimen.ID != sample.Specimen {
				t.Errorf("specimen %+v, want %s", a.Specimen, sample.Specimen)
			}
			if c.overlay {
				b, err := base64.StdEncoding.DecodeString(a.OverlayPNG)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
					t.Errorf("overlay is not a PNG: %v", err)
				}
			} else if a.OverlayPNG != "" {
				t.Error("overlay without ?overlay=true")
			}
			if strings.Contains(rec.Body.String(), `\u003c`) {
				t.Error("MRZ fillers are HTML-escaped")
			}
			// The audit record.
			v, err := s.store.Get(context.Background(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.RequestID != a.RequestID || v.Verdict != string(a.Verdict) || v.RiskScore != a.RiskScore || v.Specimen != sample.Specimen ||
				len(v.Checks) != len(a.Checks) || v.DocHash == "" || v.TimingsMs["total"] != a.TimingsMs["total"] {
				t.Errorf("audit record %+v does not match the answer", v)
			}
			if v.DocHash != store.DocHash(s.audit.secret, sample.Fields.IssuingState, sample.Fields.DocumentNumber) {
				t.Errorf("doc hash %s is not the keyed hash of the sample's document number", v.DocHash)
			}
			rec2 := s.do(get("/v1/verifications/"+a.ID, ""))
			if rec2.Code != http.StatusOK || !strings.Contains(rec2.Body.String(), a.ID) {
				t.Errorf("GET /v1/verifications/%s: %d %s", a.ID, rec2.Code, rec2.Body.String())
			}
			for _, pd := range []string{sample.Fields.Surname, sample.Fields.DocumentNumber} {
				if strings.Contains(rec2.Body.String(), pd) {
					t.Errorf("the audit record holds personal data %q", pd)
				}
			}
		})
	}
	rec := s.do(get("/v1/verifications?limit=1", ""))
	var list struct{ Verifications []store.Verification }
	json.Unmarshal(rec.Body.Bytes(), &list)
	if rec.Code != http.StatusOK || len(list.Verifications) != 1 {
		t.Errorf("GET /v1/verifications?limit=1: %d %s", rec.Code, rec.Body.String())
	}
	// Metrics saw the verdicts and the stages.
	m := s.do(get("/metrics", "")).Body.String()
	for _, want := range []string{`docverify_verdicts_total{verdict=`, `docverify_stage_duration_seconds_bucket{stage="decode",le="0.001"}`,
		`docverify_http_requests_total{method="POST",route="/v1/verify",status="200"} 2`, "docverify_queue_depth 0",
		"docverify_in_flight 0", "docverify_spool_depth 0"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestMRZ answers the "docverify mrz" object, the same as the command's.
func TestMRZ(t *testing.T) {
	s := newServer(t, testConfig(t), withFakeEngine(t, nil))
	a := "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	b := "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
	for _, c := range []struct {
		name   string
		body   any
		repair bool
		status int
	}{
		{"valid", map[string]any{"lines": []string{a, b}}, false, 200},
		{"repair", map[string]any{"lines": []string{strings.ToLower(a), strings.Replace(b, "740", "74O", 1)}, "repair": true}, true, 200},
		{"invalid is still 200", map[string]any{"lines": []string{a, strings.Replace(b, "C36", "C35", 1)}}, false, 200},
		{"unreadable is still 200", map[string]any{"lines": []string{"ABC"}}, false, 200},
		{"no lines", map[string]any{"lines": []string{}}, false, 400},
		{"four lines", map[string]any{"lines": []string{a, b, a, b}}, false, 400},
		{"unknown field", map[string]any{"lines": []string{a, b}, "x": 1}, false, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := s.do(jsonRequest("/v1/mrz", c.body))
			if rec.Code != c.status {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			if c.status != 200 {
				return
			}
			lines := c.body.(map[string]any)["lines"].([]string)
			d := mrz.Parse(lines)
			if c.repair {
				d = mrz.Repair(lines)
			}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			enc.Encode(d)
			if rec.Body.String() != want.String() {
				t.Errorf("got  %s\nwant %s", rec.Body.String(), want.String())
			}
		})
	}
	r := httptest.NewRequest(http.MethodPost, "/v1/mrz", strings.NewReader("lines=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if rec := s.do(r); rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("form body: %d, want 415", rec.Code)
	}
}

// TestReadRoutes covers the specimens, the demo set, the probes, the OpenAPI document, the web
// page and the error answers of unknown routes and methods.
func TestReadRoutes(t *testing.T) {
	s := newServer(t, testConfig(t), withFakeEngine(t, nil))
	var specs struct {
		Specimens []specimenSummary `json:"specimens"`
	}
	rec := s.do(get("/v1/specimens", ""))
	json.Unmarshal(rec.Body.Bytes(), &specs)
	if rec.Code != 200 || len(specs.Specimens) == 0 {
		t.Fatalf("specimens: %d %s", rec.Code, rec.Body.String())
	}
	id := specs.Specimens[0].ID
	rec = s.do(get("/v1/specimens/"+id, ""))
	var detail struct {
		ID           string `json:"id"`
		ThumbnailPNG string `json:"thumbnail_png"`
	}
	json.Unmarshal(rec.Body.Bytes(), &detail)
	thumb, _ := base64.StdEncoding.DecodeString(detail.ThumbnailPNG)
	cfg, err := png.DecodeConfig(bytes.NewReader(thumb))
	if rec.Code != 200 || detail.ID != id || err != nil || cfg.Width != thumbWidth {
		t.Errorf("specimen %s: %d, thumbnail %dx%d %v", id, rec.Code, cfg.Width, cfg.Height, err)
	}
	for _, c := range []struct {
		path, ctype string
		status      int
	}{
		{"/v1/specimens/" + id + "/image", "image/", 200},
		{"/v1/specimens/" + id + "/image?channel=uv", "image/", 200},
		{"/v1/specimens/" + id + "/image?channel=xray", "application/json", 400},
		{"/v1/specimens/nope", "application/json", 404},
		{"/v1/demo/s000001/image", "image/jpeg", 200},
		{"/v1/demo/s000001/ir", "image/jpeg", 200},
		{"/v1/demo/s000000/ir", "application/json", 404},
		{"/v1/demo/nope/image", "application/json", 404},
		{"/healthz", "application/json", 200},
		{"/readyz", "application/json", 200},
		{"/openapi.json", "application/json", 200},
		{"/metrics", "text/plain", 200},
		{"/", "text/html", 200},
		{"/app.js", "text/javascript", 200},
		{"/style.css", "text/css", 200},
		{"/nope.html", "application/json", 404},
		{"/v1/nope", "application/json", 404},
		{"/../../etc/passwd", "application/json", 404},
	} {
		rec := s.do(get(c.path, ""))
		if rec.Code != c.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), c.ctype) {
			t.Errorf("GET %s: %d %s, want %d %s", c.path, rec.Code, rec.Header().Get("Content-Type"), c.status, c.ctype)
		}
	}
	var demo struct {
		Samples []demoSample `json:"samples"`
	}
	rec = s.do(get("/v1/demo", ""))
	json.Unmarshal(rec.Body.Bytes(), &demo)
	if len(demo.Samples) == 0 || demo.Samples[0].Image != "/v1/demo/"+demo.Samples[0].ID+"/image" {
		t.Errorf("demo list: %.300s", rec.Body.String())
	}
	// The web page's headers.
	rec = s.do(get("/", ""))
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	} {
		if got := rec.Header().Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	etag := rec.Header().Get("ETag")
	r := get("/", "")
	r.Header.Set("If-None-Match", etag)
	if rec := s.do(r); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", rec.Code)
	}
	// A method the route does not take.
	r = httptest.NewRequest(http.MethodDelete, "/v1/specimens", nil)
	if rec := s.do(r); rec.Code != http.StatusMethodNotAllowed || errorCode(t, rec) != CodeMethodNotAllowed {
		t.Errorf("DELETE /v1/specimens: %d %s", rec.Code, rec.Body.String())
	}
	// A request id that is not sane is replaced.
	r = get("/healthz", "")
	r.Header.Set("X-Request-ID", "<script>alert(1)</script>")
	if rec := s.do(r); strings.Contains(rec.Header().Get("X-Request-ID"), "<") {
		t.Errorf("request id %q taken from the client", rec.Header().Get("X-Request-ID"))
	}
}

// TestPanicRecovered: a panic in a handler is a 500 JSON answer and the service goes on.
func TestPanicRecovered(t *testing.T) {
	s := newServer(t, testConfig(t), withFakeEngine(t, func(context.Context, engine.Input) (*engine.Report, error) {
		panic("engine bug")
	}))
	s.router.GET("/v1/panic", func(*gin.Context) { panic(struct{ secret string }{"UT1234567"}) })
	_, img := pickDemo(t, genuinePassport)
	for range 3 { // the worker survives its panics
		rec := s.do(multipartRequest("/v1/verify", map[string][]byte{"image": img}))
		if rec.Code != http.StatusInternalServerError || errorCode(t, rec) != CodeInternal || strings.Contains(rec.Body.String(), "engine bug") {
			t.Errorf("panicking engine: %d %s", rec.Code, rec.Body.String())
		}
	}
	rec := s.do(get("/v1/panic", ""))
	if rec.Code != http.StatusInternalServerError || errorCode(t, rec) != CodeInternal {
		t.Errorf("panicking handler: %d %s", rec.Code, rec.Body.String())
	}
	if rec := s.do(get("/healthz", "")); rec.Code != http.StatusOK {
		t.Errorf("after panics: %d", rec.Code)
	}
	if logs := s.logs.String(); !strings.Contains(logs, `"msg":"panic"`) || strings.Contains(logs, "UT1234567") {
		t.Errorf("panic logs: want the panic without its value:\n%s", logs)
	}
}

// TestOpenAPIDocument: the document is valid OpenAPI 3 and every route of the service is in it
// (so that the response validation of the other tests does not silently skip a route).
func TestOpenAPIDocument(t *testing.T) {
	s := newServer(t, testConfig(t), withFakeEngine(t, nil))
	router := openAPIRouter(t)
	for _, r := range s.router.Routes() {
		if strings.HasPrefix(r.Path, "/v1/panic") {
			continue
		}
		path := strings.NewReplacer(":id", "x", ":channel", "image").Replace(r.Path)
		req := httptest.NewRequest(r.Method, path, nil)
		if _, _, err := router.FindRoute(req); err != nil {
			t.Errorf("%s %s is not in openapi.json: %v", r.Method, r.Path, err)
		}
	}
}
