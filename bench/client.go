package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/mrz"
)

// ClientConfig sets up a client of a running docverify service.
type ClientConfig struct {
	URL        string        // the service's base URL; the client posts to URL/v1/verify
	APIKey     string        // sent as "Authorization: Bearer KEY" when not empty
	Timeout    time.Duration // per request; 0 for 60 s
	MaxRetries int           // retries of a request answered 429; 0 for 20
	MaxWait    time.Duration // the longest Retry-After honoured; 0 for 30 s
	HTTP       *http.Client  // nil for a client with Timeout
}

// Validate reports every problem of the configuration at once.
func (c *ClientConfig) Validate() error {
	var errs []error
	u, err := url.Parse(c.URL)
	switch {
	case c.URL == "":
		errs = append(errs, errors.New("a service URL is required"))
	case err != nil:
		errs = append(errs, fmt.Errorf("service URL: %w", err))
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		errs = append(errs, fmt.Errorf("service URL %q: want http://host[:port] or https://…", c.URL))
	}
	if c.Timeout < 0 || c.MaxRetries < 0 || c.MaxWait < 0 {
		errs = append(errs, errors.New("timeout, retries and wait must not be negative"))
	}
	if strings.ContainsAny(c.APIKey, "\r\n") {
		errs = append(errs, errors.New("the API key holds a line break"))
	}
	return errors.Join(errs...)
}

// Client checks documents with a running service: POST URL/v1/verify, a multipart form with
// the files image, ir and uv. It answers 429s by waiting as Retry-After says and trying again,
// and counts every response by status. It is safe for concurrent use: a benchmark's workers
// share one client, as a fleet of kiosks shares one service.
type Client struct {
	cfg      ClientConfig
	endpoint string

	mu       sync.Mutex
	statuses map[int]int
	retries  int
	engine   *engine.EngineInfo
}

// NewClient makes a client.
func NewClient(cfg ClientConfig) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 20
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = 30 * time.Second
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: cfg.Timeout}
	}
	return &Client{cfg: cfg, endpoint: strings.TrimRight(cfg.URL, "/") + "/v1/verify", statuses: map[int]int{}}, nil
}

// Statuses counts the responses received by HTTP status, retried 429s included; 0 counts
// requests that got no response (refused, timed out).
func (c *Client) Statuses() map[int]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[int]int, len(c.statuses))
	for k, v := range c.statuses {
		out[k] = v
	}
	return out
}

// Retries is the number of requests sent again after a 429.
func (c *Client) Retries() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.retries
}

// Engine is what produced the service's reports, from the last report received; nil before.
func (c *Client) Engine() *engine.EngineInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.engine
}

// ServiceError is a service's error answer: its status and the JSON error object.
type ServiceError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
}

// Error says the status, the code, the message and the request id.
func (e *ServiceError) Error() string {
	s := fmt.Sprintf("service: HTTP %d", e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

// Check sends one document and returns the service's report and the final HTTP status.
func (c *Client) Check(ctx context.Context, in engine.Input) (*engine.Report, int, error) {
	body, ctype, err := form(in)
	if err != nil {
		return nil, 0, err
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
		if err != nil {
			return nil, 0, err
		}
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Accept", "application/json")
		if c.cfg.APIKey != "" {
			req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
		}
		resp, err := c.cfg.HTTP.Do(req)
		if err != nil {
			c.count(0, false)
			return nil, 0, fmt.Errorf("service: %w", err)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
		resp.Body.Close()
		retry := resp.StatusCode == http.StatusTooManyRequests && attempt < c.cfg.MaxRetries
		c.count(resp.StatusCode, retry)
		if err != nil {
			return nil, resp.StatusCode, fmt.Errorf("service: HTTP %d: reading the answer: %w", resp.StatusCode, err)
		}
		if retry {
			t := time.NewTimer(c.retryAfter(resp.Header.Get("Retry-After"), attempt))
			select {
			case <-t.C:
				continue
			case <-ctx.Done():
				t.Stop()
				return nil, resp.StatusCode, ctx.Err()
			}
		}
		if resp.StatusCode != http.StatusOK {
			return nil, resp.StatusCode, serviceError(resp.StatusCode, b)
		}
		rep, err := decodeReport(b)
		if err != nil {
			return nil, resp.StatusCode, fmt.Errorf("service: HTTP 200 with a report that does not decode: %w", err)
		}
		c.mu.Lock()
		c.engine = &rep.Engine
		c.mu.Unlock()
		return rep, resp.StatusCode, nil
	}
}

func (c *Client) count(status int, retried bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statuses[status]++
	if retried {
		c.retries++
	}
}

// retryAfter is how long to wait before sending again: Retry-After in seconds or as an HTTP
// date, bounded by MaxWait; without it a backoff from 250 ms doubling to 4 s.
func (c *Client) retryAfter(h string, attempt int) time.Duration {
	d := 250 * time.Millisecond << min(attempt, 4)
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = time.Until(t)
	}
	return max(0, min(d, c.cfg.MaxWait))
}

// form encodes the multipart body: image, and ir and uv when given.
func form(in engine.Input) ([]byte, string, error) {
	if len(in.Image) == 0 {
		return nil, "", errors.New("no image")
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, f := range []struct {
		name string
		data []byte
	}{{"image", in.Image}, {"ir", in.IR}, {"uv", in.UV}} {
		if len(f.data) == 0 {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.name, f.name+extension(f.data)))
		h.Set("Content-Type", http.DetectContentType(f.data))
		p, err := w.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		if _, err := p.Write(f.data); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), w.FormDataContentType(), nil
}

func extension(b []byte) string {
	switch detect.Sniff(b) {
	case "png":
		return ".png"
	case "jpeg":
		return ".jpg"
	}
	return ""
}

// serviceError decodes {"error": {"code", "message", "request_id"}}; a body that is not one
// keeps the status alone.
func serviceError(status int, b []byte) error {
	var e struct {
		Error struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	se := &ServiceError{Status: status}
	if json.Unmarshal(b, &e) == nil {
		se.Code, se.Message, se.RequestID = e.Error.Code, e.Error.Message, e.Error.RequestID
	}
	return se
}

// wireReport is the service's 200 answer: the engine's report JSON with id and request_id.
// The MRZ reading is written by custom marshalling (detect.MRZReading, mrz.Document) that has no
// inverse, so it is decoded here field by field.
type wireReport struct {
	ID         string              `json:"id"`
	RequestID  string              `json:"request_id"`
	Verdict    engine.Verdict      `json:"verdict"`
	RiskScore  int                 `json:"risk_score"`
	Specimen   *engine.SpecimenRef `json:"specimen"`
	MRZ        *wireMRZ            `json:"mrz"`
	Fields     []vizmrz.Field      `json:"fields"`
	Checks     []detect.Finding    `json:"checks"`
	TopReasons []engine.TopReason  `json:"top_reasons"`
	TimingsMs  map[string]float64  `json:"timings_ms"`
	Engine     engine.EngineInfo   `json:"engine"`
}

type wireMRZ struct {
	Format   string   `json:"format"`
	Valid    bool     `json:"valid"`
	Specimen bool     `json:"specimen"`
	Lines    []string `json:"lines"`
	Fields   struct {
		DocumentCode   string `json:"document_code"`
		IssuingState   string `json:"issuing_state"`
		Surname        string `json:"surname"`
		GivenNames     string `json:"given_names"`
		DocumentNumber string `json:"document_number"`
		Nationality    string `json:"nationality"`
		BirthDate      string `json:"birth_date"`
		Sex            string `json:"sex"`
		ExpiryDate     string `json:"expiry_date"`
	} `json:"fields"`
	Raw        []string     `json:"raw"`
	Confidence float64      `json:"confidence"`
	Box        *detect.Quad `json:"box"`
	Ms         float64      `json:"ms"`
}

// decodeReport rebuilds an engine report from the service's JSON, as far as the benchmark
// reads it.
func decodeReport(b []byte) (*engine.Report, error) {
	var w wireReport
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	if w.Verdict == "" {
		return nil, errors.New("no verdict")
	}
	rep := &engine.Report{Verdict: w.Verdict, RiskScore: w.RiskScore, Specimen: w.Specimen, Fields: w.Fields,
		Checks: w.Checks, TopReasons: w.TopReasons, TimingsMs: w.TimingsMs, Engine: w.Engine}
	if m := w.MRZ; m != nil {
		f := m.Fields
		d := &mrz.Document{Format: parseFormat(m.Format), Valid: m.Valid, Specimen: m.Specimen, Lines: m.Lines,
			Fields: mrz.Fields{DocumentCode: f.DocumentCode, IssuingState: f.IssuingState, Surname: f.Surname, GivenNames: f.GivenNames,
				DocumentNumber: f.DocumentNumber, Nationality: f.Nationality, BirthDate: parseDate(f.BirthDate), Sex: f.Sex,
				ExpiryDate: parseDate(f.ExpiryDate)}}
		rep.MRZ = &detect.MRZReading{Document: d, Raw: m.Raw, Confidence: m.Confidence, Box: m.Box,
			Elapsed: time.Duration(m.Ms * float64(time.Millisecond))}
	}
	return rep, nil
}

func parseFormat(s string) mrz.Format {
	for f := mrz.TD1; f <= mrz.MRVB; f++ {
		if f.String() == s {
			return f
		}
	}
	return mrz.FormatUnknown
}

// parseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" as mrz.Date writes them.
func parseDate(s string) mrz.Date {
	var d mrz.Date
	parts := strings.Split(s, "-")
	for i, dst := range []*int{&d.Year, &d.Month, &d.Day} {
		if i < len(parts) {
			*dst, _ = strconv.Atoi(parts[i])
		}
	}
	return d
}
