package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/samples"
)

var td3 = []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}

// cannedReport is an engine report as the engine builds it, for a canned service to send.
func cannedReport(v engine.Verdict, risk int) *engine.Report {
	d := mrz.ParseAt(td3, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	q := func(x float64) *detect.Quad { return &detect.Quad{{x, 100}, {x + 200, 100}, {x + 200, 180}, {x, 180}} }
	return &engine.Report{Verdict: v, RiskScore: risk, Specimen: &engine.SpecimenRef{ID: "uto-passport-2019", Confidence: 0.97},
		Document: &engine.DocumentInfo{Fields: d.Fields, Format: d.Format.String(), Specimen: d.Specimen},
		MRZ:      &detect.MRZReading{Document: d, Raw: td3, Confidence: 0.93, Box: q(50), Elapsed: 118 * time.Millisecond},
		Fields:   []vizmrz.Field{{Name: "surname", MRZ: "ERIKSSON", VIZ: "ERIKSSON", Match: true}},
		Checks: []detect.Finding{
			{Name: "specimen_match", Status: detect.StatusPass, Score: 0.01, Reason: "ok", Evidence: map[string]any{"inliers": 80.0}, Region: q(0)},
			{Name: "layout", Status: detect.StatusFail, Score: 0.8, Reason: "layout_shift", Evidence: map[string]any{"layout.shift_mm": 1.4}, Region: q(300)},
			{Name: "uv", Status: detect.StatusNotDone, Reason: "no_image", Evidence: map[string]any{}},
		},
		TopReasons: []engine.TopReason{{Check: "layout", Reason: "layout_shift", Text: detect.Reasons["layout_shift"]}},
		TimingsMs:  map[string]float64{"decode": 80, "mrz": 118, "total": 812.5},
		Engine:     engine.EngineInfo{Version: engine.Version, SpecimensVersion: "s1", CalibrationVersion: "c1"},
	}
}

// serviceJSON is the service's 200 answer: the report with id and request_id.
func serviceJSON(t *testing.T, rep *engine.Report, id string) []byte {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["id"], m["request_id"] = json.RawMessage(`"`+id+`"`), json.RawMessage(`"req-`+id+`"`)
	b, _ = json.Marshal(m)
	return b
}

// fakeService answers as the service would: s1 and s4 genuine and forged, s2 429 once then
// genuine, s3 500.
type fakeService struct {
	t     *testing.T
	mu    sync.Mutex
	seen  map[string]int
	parts map[string][]string // sample → form parts and their content types
}

func (f *fakeService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, code, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"code":%q,"message":%q,"request_id":"req-x"}}`, code, msg)
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/verify" {
		fail(http.StatusNotFound, "not_found", r.Method+" "+r.URL.Path)
		return
	}
	if r.Header.Get("Authorization") != "Bearer k3y" {
		fail(http.StatusUnauthorized, "unauthorized", "bad key")
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		fail(http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	img, _, err := r.FormFile("image")
	if err != nil {
		fail(http.StatusBadRequest, "bad_request", "image is required")
		return
	}
	b, _ := io.ReadAll(img)
	id := string(b[3:])
	f.mu.Lock()
	f.seen[id]++
	n := f.seen[id]
	for name, fhs := range r.MultipartForm.File {
		f.parts[id] = append(f.parts[id], name+":"+fhs[0].Header.Get("Content-Type"))
	}
	f.mu.Unlock()
	switch {
	case id == "s2" && n == 1:
		w.Header().Set("Retry-After", "0")
		fail(http.StatusTooManyRequests, "busy", "queue full")
	case id == "s3":
		fail(http.StatusInternalServerError, "internal", "boom")
	case id == "s4":
		w.Write(serviceJSON(f.t, cannedReport(engine.Forged, 88), id))
	default:
		w.Write(serviceJSON(f.t, cannedReport(engine.Genuine, 12), id))
	}
}

// writeSet writes a sample set whose images are JPEG magic bytes and the sample's id.
func writeSet(t *testing.T, dir string, set []samples.Sample) {
	t.Helper()
	var mf bytes.Buffer
	for _, s := range set {
		for _, f := range []*string{&s.File, s.IR, s.UV} {
			if f != nil {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, *f)), 0o755)
				if err := os.WriteFile(filepath.Join(dir, *f), append([]byte{0xFF, 0xD8, 0xFF}, s.ID...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		b, _ := json.Marshal(s)
		mf.Write(append(b, '\n'))
	}
	if err := os.WriteFile(filepath.Join(dir, samples.ManifestName), mf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func str(s string) *string { return &s }

// TestClient runs a benchmark against a canned service: reports decode into outcomes, a 429
// is retried and counted, a 500 becomes the sample's error, kiosk captures send ir and uv.
func TestClient(t *testing.T) {
	svc := &fakeService{t: t, seen: map[string]int{}, parts: map[string][]string{}}
	srv := httptest.NewServer(svc)
	defer srv.Close()
	dir := t.TempDir()
	fields := samples.Fields{Surname: "ERIKSSON", GivenNames: "ANNA MARIA", DocumentNumber: "L898902C3", BirthDate: "1974-08-12", ExpiryDate: "2012-04-15"}
	writeSet(t, dir, []samples.Sample{
		{ID: "s4", File: "s4.jpg", IR: str("s4.ir.jpg"), UV: str("s4.uv.jpg"), Label: "forged", Attack: str("uv_ir_fail"), Strength: str("obvious"), Capture: "kiosk", MRZ: td3, Fields: fields},
		{ID: "s1", File: "s1.jpg", Label: "genuine", Capture: "scan", MRZ: td3, Fields: fields},
		{ID: "s2", File: "s2.jpg", Label: "genuine", Capture: "phone", MRZ: td3, Fields: fields},
		{ID: "s3", File: "s3.jpg", Label: "genuine", Capture: "phone", MRZ: td3, Fields: fields},
	})
	c, err := NewClient(ClientConfig{URL: srv.URL + "/", APIKey: "k3y"})
	if err != nil {
		t.Fatal(err)
	}
	run, err := Execute(context.Background(), Config{Samples: dir, Workers: 2, Checker: c})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(run.HTTPStatus); got != "map[200:3 429:1 500:1]" {
		t.Errorf("statuses %s, want 200 × 3, 429 × 1, 500 × 1", got)
	}
	if c.Retries() != 1 || svc.seen["s2"] != 2 {
		t.Errorf("%d retries, s2 sent %d times; want 1 and 2", c.Retries(), svc.seen["s2"])
	}
	var ids []string
	for _, o := range run.Outcomes {
		ids = append(ids, o.ID)
	}
	if strings.Join(ids, ",") != "s1,s2,s3,s4" {
		t.Errorf("outcomes in order %v, want sorted by id", ids)
	}
	s1, s3, s4 := run.Outcomes[0], run.Outcomes[2], run.Outcomes[3]
	if s1.Verdict != "genuine" || s1.Risk != 12 || s1.HTTP != 200 || s1.Found != "uto-passport-2019" || s1.Checks["layout"] != "fail" ||
		s1.Regions["layout"] == nil || s1.MRZBox == nil || s1.Timings["total"] != 812.5 || s1.Timings["wall"] <= 0 {
		t.Errorf("s1 decoded as %+v", s1)
	}
	if strings.Join(s1.MRZ, "\n") != strings.Join(td3, "\n") || s1.Fields["birth_date"] != "1974-08-12" || s1.Fields["surname"] != "ERIKSSON" || !run.Valid["s1"] {
		t.Errorf("s1's MRZ decoded as %v %v, valid %v", s1.MRZ, s1.Fields, run.Valid["s1"])
	}
	if s1.Reasons[0] != "layout: layout_shift" {
		t.Errorf("top reasons %v", s1.Reasons)
	}
	if s3.HTTP != 500 || s3.Verdict != "error" || s3.Error != "service: HTTP 500 internal: boom (request req-x)" {
		t.Errorf("s3: %d %s %q", s3.HTTP, s3.Verdict, s3.Error)
	}
	if s4.Verdict != "forged" || strings.Join(sorted(svc.parts["s4"]), ",") != "image:image/jpeg,ir:image/jpeg,uv:image/jpeg" {
		t.Errorf("s4: %s, parts %v", s4.Verdict, svc.parts["s4"])
	}
	m := Compute(run, dir, 0)
	if fmt.Sprint(m.HTTPStatus) != "map[200:3 429:1 500:1]" || m.Errors != 1 || m.MRZ.Exact != 1 {
		t.Errorf("metrics: statuses %v, errors %d, MRZ exact %v", m.HTTPStatus, m.Errors, m.MRZ.Exact)
	}
	if e := c.Engine(); e == nil || e.Version != engine.Version {
		t.Errorf("engine info %+v", e)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestClientErrors(t *testing.T) {
	srv := httptest.NewServer(&fakeService{t: t, seen: map[string]int{}, parts: map[string][]string{}})
	defer srv.Close()
	in := engine.Input{Image: append([]byte{0xFF, 0xD8, 0xFF}, "s1"...)}
	for _, c := range []struct {
		name, url, key string
		status         int
		err            string
	}{
		{"wrong key", srv.URL, "nope", 401, "service: HTTP 401 unauthorized: bad key (request req-x)"},
		{"wrong path", srv.URL + "/api", "k3y", 404, "service: HTTP 404 not_found: POST /api/v1/verify (request req-x)"},
		{"nobody there", "http://127.0.0.1:1", "", 0, "service: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl, err := NewClient(ClientConfig{URL: c.url, APIKey: c.key, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			_, status, err := cl.Check(context.Background(), in)
			if status != c.status || err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("status %d, error %v; want %d, %s", status, err, c.status, c.err)
			}
			if cl.Statuses()[c.status] != 1 {
				t.Errorf("statuses %v", cl.Statuses())
			}
		})
	}
}

func TestClientConfig(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{{"http://localhost:8080", true}, {"https://dv.example", true}, {"", false}, {"localhost:8080", false}, {"ftp://host", false}} {
		cfg := ClientConfig{URL: c.url}
		if err := cfg.Validate(); (err == nil) != c.ok {
			t.Errorf("%q: %v", c.url, err)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	c, _ := NewClient(ClientConfig{URL: "http://x", MaxWait: 10 * time.Second})
	for _, tc := range []struct {
		header  string
		attempt int
		want    time.Duration
	}{
		{"3", 0, 3 * time.Second},
		{"0", 5, 0},
		{"", 0, 250 * time.Millisecond},
		{"", 3, 2 * time.Second},
		{"", 9, 4 * time.Second},
		{"600", 0, 10 * time.Second},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0, 0},
		{"soon", 1, 500 * time.Millisecond},
	} {
		if got := c.retryAfter(tc.header, tc.attempt); got != tc.want {
			t.Errorf("Retry-After %q, attempt %d: %v, want %v", tc.header, tc.attempt, got, tc.want)
		}
	}
}
