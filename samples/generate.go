package samples

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/samples/people"
	"github.com/docverify/docverify/templates"
)

// DefaultDate is the reference date of generated sets: ages, issue dates and expiry follow from
// it, so a seed gives the same bytes on any day.
var DefaultDate = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// Config says what to generate.
type Config struct {
	Out          string             // directory to write images and manifest.jsonl into
	Seed         uint64             // the same seed gives the same bytes
	Count        int                // number of samples (ignored by Demo)
	Captures     []capture.Kind     // capture kinds to draw from
	Attacks      []Attack           // forgery classes to draw from
	GenuineShare float64            // share of genuine samples, 0–1
	Workers      int                // parallel workers; 0 for GOMAXPROCS
	Date         time.Time          // reference date; zero for DefaultDate
	Demo         bool               // the demo set: a genuine sample of every model and capture, one of each attack
	Library      *templates.Library // the models to draw from
	Progress     func(done, total int)
}

// Validate reports every problem of the configuration at once.
func (c *Config) Validate() error {
	var errs []error
	if c.Out == "" {
		errs = append(errs, errors.New("an output directory is required"))
	}
	if !c.Demo && (c.Count < 1 || c.Count > 1_000_000) {
		errs = append(errs, fmt.Errorf("count %d is outside 1–1000000", c.Count))
	}
	if len(c.Captures) == 0 {
		errs = append(errs, errors.New("at least one capture kind is required"))
	}
	for _, k := range c.Captures {
		if k != capture.Scan && k != capture.Kiosk && k != capture.Phone {
			errs = append(errs, fmt.Errorf("unknown capture %q (scan, kiosk, phone)", k))
		}
	}
	for _, a := range c.Attacks {
		if _, err := ParseAttack(string(a)); err != nil {
			errs = append(errs, err)
		}
	}
	if c.GenuineShare < 0 || c.GenuineShare > 1 {
		errs = append(errs, fmt.Errorf("genuine share %v is outside 0–1", c.GenuineShare))
	}
	if len(c.Attacks) == 0 && c.GenuineShare < 1 {
		errs = append(errs, errors.New("no attacks to forge with: give attacks or a genuine share of 1"))
	}
	if c.Library == nil || len(c.Library.All()) == 0 {
		errs = append(errs, errors.New("no specimen library"))
	}
	return errors.Join(errs...)
}

// Report sums up a generation run.
type Report struct {
	Samples  int           `json:"samples"`
	Genuine  int           `json:"genuine"`
	Forged   int           `json:"forged"`
	Bytes    int64         `json:"bytes"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	PerSec   float64       `json:"samples_per_second"`
	Workers  int           `json:"workers"`
	Manifest string        `json:"manifest"`
}

// plan is what sample i will be, decided from the seed alone.
type plan struct {
	index    int
	kind     capture.Kind
	spec     *templates.Spec
	genuine  bool
	attack   Attack
	strength Strength
}

// Generate writes the sample set: DIR/images/<id>.jpg (and .ir.jpg, .uv.jpg for kiosk
// captures) and DIR/manifest.jsonl, one line per sample in order.
func Generate(ctx context.Context, cfg Config) (Report, error) {
	if err := cfg.Validate(); err != nil {
		return Report{}, err
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(filepath.Join(cfg.Out, "images"), 0o755); err != nil {
		return Report{}, err
	}
	var specs []*templates.Spec
	for _, s := range cfg.Library.All() {
		if s.Spec.Fictional {
			specs = append(specs, &s.Spec)
		}
	}
	if len(specs) == 0 {
		return Report{}, errors.New("samples: the library has no fictional specimens to generate from")
	}
	plans := makePlans(cfg, specs)
	start := time.Now()

	type result struct {
		sample Sample
		bytes  int64
		err    error
	}
	results := make([]chan result, len(plans))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	jobs := make(chan plan)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				s, n, err := makeSample(cfg, p)
				results[p.index] <- result{s, n, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, p := range plans {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()

	mf, err := os.Create(filepath.Join(cfg.Out, ManifestName))
	if err != nil {
		return Report{}, err
	}
	defer mf.Close()
	w := bufio.NewWriter(mf)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	rep := Report{Workers: workers, Manifest: filepath.Join(cfg.Out, ManifestName)}
	var firstErr error
	for i := range plans {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			firstErr = ctx.Err()
		}
		if firstErr != nil {
			break
		}
		if r.err != nil {
			firstErr = fmt.Errorf("sample %d: %w", i, r.err)
			break
		}
		if err := enc.Encode(r.sample); err != nil {
			firstErr = err
			break
		}
		rep.Samples++
		rep.Bytes += r.bytes
		if r.sample.Label == "genuine" {
			rep.Genuine++
		} else {
			rep.Forged++
		}
		if cfg.Progress != nil {
			cfg.Progress(rep.Samples, len(plans))
		}
	}
	if firstErr != nil {
		// Drain the workers before returning.
		go func() {
			for range jobs {
			}
		}()
		wg.Wait()
		return rep, firstErr
	}
	wg.Wait()
	if err := w.Flush(); err != nil {
		return rep, err
	}
	rep.Elapsed = time.Since(start)
	rep.PerSec = float64(rep.Samples) / rep.Elapsed.Seconds()
	return rep, mf.Sync()
}

// makePlans decides every sample from the seed: capture first, then the label independently of
// it, so genuine and forged samples share the capture distribution.
func makePlans(cfg Config, specs []*templates.Spec) []plan {
	if cfg.Demo {
		return demoPlans(cfg, specs)
	}
	plans := make([]plan, cfg.Count)
	for i := range plans {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(i)*8+1))
		p := plan{index: i, kind: cfg.Captures[rng.IntN(len(cfg.Captures))], spec: specs[rng.IntN(len(specs))]}
		p.genuine = rng.Float64() < cfg.GenuineShare
		var usable []Attack
		for _, a := range cfg.Attacks {
			if a.applies(p.kind) {
				usable = append(usable, a)
			}
		}
		if !p.genuine && len(usable) == 0 {
			p.genuine = true
		}
		if !p.genuine {
			p.attack = usable[rng.IntN(len(usable))]
			p.strength = Strengths[rng.IntN(len(Strengths))]
		}
		plans[i] = p
	}
	return plans
}

// demoPlans: genuine samples covering every model and every capture, then one of each attack
// at moderate strength, spread over the models and captures.
func demoPlans(cfg Config, specs []*templates.Spec) []plan {
	var plans []plan
	n := max(len(specs), len(cfg.Captures))
	for i := 0; i < n; i++ {
		plans = append(plans, plan{index: len(plans), kind: cfg.Captures[i%len(cfg.Captures)], spec: specs[i%len(specs)], genuine: true})
	}
	// Forgeries in the single-image captures where there are some (kiosk captures are three
	// images each: the demo set stays small), in the kiosk where the attack needs it.
	single := slices.DeleteFunc(slices.Clone(cfg.Captures), func(k capture.Kind) bool { return k == capture.Kiosk })
	if len(single) == 0 {
		single = cfg.Captures
	}
	for i, a := range cfg.Attacks {
		k := single[i%len(single)]
		if !a.applies(k) {
			k = capture.Kiosk
		}
		plans = append(plans, plan{index: len(plans), kind: k, spec: specs[(i+1)%len(specs)], attack: a, strength: Moderate})
	}
	return plans
}

// Salts keep the random streams of a sample apart: the capture's stream does not depend on
// what the document is, so forged and genuine samples are captured alike.
const (
	saltPerson  = 2
	saltSheet   = 3
	saltForgery = 4
	saltCapture = 5
)

func makeSample(cfg Config, p plan) (Sample, int64, error) {
	stream := func(salt uint64) *rand.Rand { return rand.New(rand.NewPCG(cfg.Seed, uint64(p.index)*8+salt)) }
	spec := p.spec
	var fantasy *templates.Spec
	if !p.genuine && p.attack == Fantasy {
		fantasy = fantasySpec(stream(saltForgery), spec, p.strength)
		spec = fantasy
	}
	date := cfg.Date
	if date.IsZero() {
		date = DefaultDate
	}
	person := newPerson(stream(saltPerson), spec, date)
	doc, err := NewDocument(spec, person, stream(saltSheet).Uint64())
	if err != nil {
		return Sample{}, 0, err
	}
	var after func(*Rendered)
	if !p.genuine && fantasy == nil {
		if after, err = forge(stream(saltForgery), doc, &person, p.attack, p.strength); err != nil {
			return Sample{}, 0, err
		}
	}
	rendered, err := Render(doc, p.kind == capture.Kiosk)
	if err != nil {
		return Sample{}, 0, err
	}
	if after != nil {
		after(rendered)
	}
	shot, err := capture.Take(stream(saltCapture), p.kind, rendered.Page)
	if err != nil {
		return Sample{}, 0, err
	}

	id := fmt.Sprintf("s%06d", p.index)
	s := Sample{
		ID: id, File: "images/" + id + ".jpg", Specimen: spec.ID, PageMM: spec.SizeMM, Label: "genuine",
		Capture: string(p.kind), MRZ: doc.MRZ, Printed: doc.Printed, Regions: map[string]Quad{},
	}
	files := map[string][]byte{s.File: shot.Visible}
	if shot.IR != nil {
		ir := "images/" + id + ".ir.jpg"
		s.IR, files[ir] = &ir, shot.IR
	}
	if shot.UV != nil {
		uv := "images/" + id + ".uv.jpg"
		s.UV, files[uv] = &uv, shot.UV
	}
	if !p.genuine {
		a, st := string(p.attack), string(p.strength)
		s.Label, s.Attack, s.Strength = "forged", &a, &st
	}
	s.Fields = fieldsOf(doc.MRZ)
	page := spec.PagePx()
	s.Regions["document"] = mapQuad(shot, 0, 0, float64(page.X), float64(page.Y))
	for name, b := range rendered.Boxes {
		s.Regions[name] = mapQuad(shot, float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y))
	}
	var n int64
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(cfg.Out, name), b, 0o644); err != nil {
			return Sample{}, 0, err
		}
		n += int64(len(b))
	}
	return s, n, nil
}

// mapQuad maps a page rectangle to a quad in the shot, clockwise from top-left.
func mapQuad(shot capture.Shot, x0, y0, x1, y1 float64) Quad {
	var q Quad
	for i, c := range [4][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}} {
		x, y := shot.Map(c[0], c[1])
		q[i] = [2]float64{round2(x), round2(y)}
	}
	return q
}

func round2(v float64) float64 { return float64(int64(v*100+0.5*sign(v))) / 100 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// fieldsOf reads the data of the printed MRZ (it need not be valid).
func fieldsOf(lines []string) Fields {
	d := mrz.Parse(lines)
	f := d.Fields
	return Fields{
		Surname: f.Surname, GivenNames: f.GivenNames, DocumentNumber: f.DocumentNumber,
		BirthDate: f.BirthDate.String(), ExpiryDate: f.ExpiryDate.String(), Sex: f.Sex,
		Nationality: f.Nationality, IssuingState: f.IssuingState,
	}
}

// visaNationalities are the nationalities of visa holders.
var visaNationalities = []string{"KEN", "BRA", "IND", "CHN", "NGA", "PER", "UKR", "VNM", "TUR", "EGY", "PHL", "XXA", "COL", "PAK", "IRN", "MAR"}

// newPerson draws the holder and the document data for a model.
func newPerson(rng *rand.Rand, spec *templates.Spec, now time.Time) Person {
	h := people.NewHolder(rng, now)
	p := Person{
		Surname: h.Surname, GivenNames: h.GivenNames, Sex: h.Sex, BirthDate: h.BirthDate,
		PlaceOfBirth: h.PlaceOfBirth, Nationality: spec.IssuingState, PortraitSeed: h.PortraitSeed,
	}
	p.DocumentNumber = numberOf(rng, spec.NumberFormat)
	from, _ := time.Parse("2006-01-02", spec.ValidFrom)
	to, _ := time.Parse("2006-01-02", spec.ValidTo)
	if to.After(now) {
		to = now
	}
	if spec.DocumentType == "visa" {
		p.Nationality = visaNationalities[rng.IntN(len(visaNationalities))]
		if f := now.AddDate(0, 0, -200); from.Before(f) {
			from = f
		}
	}
	if !to.After(from) {
		to = from.AddDate(0, 0, 1)
	}
	issue := from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))))
	birth := time.Date(p.BirthDate.Year, time.Month(p.BirthDate.Month), p.BirthDate.Day, 0, 0, 0, 0, time.UTC)
	if !birth.Before(issue.AddDate(0, 0, -30)) {
		birth = issue.AddDate(-1-rng.IntN(60), 0, -rng.IntN(365))
		p.BirthDate = mrz.Date{Year: birth.Year(), Month: int(birth.Month()), Day: birth.Day()}
	}
	var expiry time.Time
	switch {
	case spec.DocumentType == "visa":
		expiry = issue.AddDate(0, 0, 30+rng.IntN(150))
	case issue.Sub(birth) < 18*365*24*time.Hour:
		expiry = issue.AddDate(5, 0, -1)
	default:
		expiry = issue.AddDate(10, 0, -1)
	}
	p.IssueDate = mrz.Date{Year: issue.Year(), Month: int(issue.Month()), Day: issue.Day()}
	p.ExpiryDate = mrz.Date{Year: expiry.Year(), Month: int(expiry.Month()), Day: expiry.Day()}
	if spec.ID == "uto-passport-2019" {
		p.PersonalNumber = strings.TrimLeft(p.BirthDate.YYMMDD(), "<") + numberOf(rng, "####")
	}
	return p
}

// numberOf draws a document number of a format: @ a letter, # a digit, others as they are.
func numberOf(rng *rand.Rand, format string) string {
	b := []byte(format)
	for i, c := range b {
		switch c {
		case '@':
			b[i] = 'A' + byte(rng.IntN(26))
		case '#':
			b[i] = '0' + byte(rng.IntN(10))
		}
	}
	return string(b)
}
