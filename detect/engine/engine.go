package engine

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/specimenmatch"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/detect/suite"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"github.com/otiai10/gosseract/v2"
	"gocv.io/x/gocv"
)

// Version is the engine's version, reported with every result.
var Version = "0.5.0"

// Config sets up an engine.
type Config struct {
	Specimens     string        // directory of additional specimens; "" for the embedded ones only
	Workers       int           // OCR clients per pool (documents checked at once); 0 for GOMAXPROCS
	MRZTessdata   string        // directory of another MRZ model (comparisons); "" for docverify's own
	MRZLanguage   string        // that model's name
	FieldTessdata string        // directory of the Latin-script model for printed fields; "" for Debian's
	Calibration   string        // risk model file; "" for the one beside the embedded specimens
	Limits        detect.Limits // image limits; zero for detect.DefaultLimits
	Now           func() time.Time
}

// DebianTessdata is where Debian's tesseract-ocr-eng puts the English model.
const DebianTessdata = "/usr/share/tesseract-ocr/5/tessdata"

// Validate reports every problem of the configuration at once.
func (c *Config) Validate() error {
	var errs []error
	if c.Workers < 0 || c.Workers > 64 {
		errs = append(errs, fmt.Errorf("workers %d is outside 0–64", c.Workers))
	}
	if c.Specimens != "" {
		if st, err := os.Stat(c.Specimens); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("specimen directory %s does not exist", c.Specimens))
		}
	}
	dir := c.FieldTessdata
	if dir == "" {
		dir = DebianTessdata
	}
	if _, err := os.Stat(filepath.Join(dir, "eng.traineddata")); err != nil {
		errs = append(errs, fmt.Errorf("the Latin-script OCR model eng.traineddata is not in %s (install tesseract-ocr-eng)", dir))
	}
	return errors.Join(errs...)
}

// Engine runs the detection pipeline.
type Engine struct {
	cfg     Config
	lib     *templates.Library
	matcher *detect.Matcher
	mrzOCR  *ocr.Pool
	viz     *ocr.Pool
	reader  *detect.MRZReader
	checks  []*detect.Check
	cal     *Calibration
	refs    map[string]*refImages
}

// refImages are a model's reference images as Mats, page-sized.
type refImages struct{ vis, ir, uv gocv.Mat }

// New builds an engine: the specimen library and its features, the OCR pools (warmed up), the
// validated suite of checks and the risk model.
func New(cfg Config) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Workers > 1 {
		// Several documents at once: each on one thread of OpenCV's, so that the workers, not
		// OpenCV's own threads, share the cores (a check alone used 1.2 cores, and two workers
		// on two cores then reached only 82% of twice one check's rate).
		detect.SetNativeThreads(1)
	}
	if cfg.Limits == (detect.Limits{}) {
		cfg.Limits = detect.DefaultLimits
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FieldTessdata == "" {
		cfg.FieldTessdata = DebianTessdata
	}
	e := &Engine{cfg: cfg, refs: map[string]*refImages{}}
	var err error
	if e.checks, err = detect.Validate(suite.Checks); err != nil {
		return nil, err
	}
	if e.lib, err = templates.Load(cfg.Specimens); err != nil {
		return nil, err
	}
	if e.cal, err = LoadCalibration(cfg.Calibration); err != nil {
		return nil, err
	}
	var names []string
	for _, c := range e.checks {
		names = append(names, c.Name)
	}
	if err := e.cal.Validate(names); err != nil {
		return nil, err
	}
	if e.matcher, err = detect.NewMatcher(e.lib); err != nil {
		return nil, err
	}
	for _, s := range e.lib.All() {
		r := &refImages{}
		for ch, dst := range map[templates.Channel]*gocv.Mat{templates.Visible: &r.vis, templates.Infrared: &r.ir, templates.Ultraviolet: &r.uv} {
			*dst = gocv.NewMat()
			img, err := s.Image(ch)
			if err != nil {
				continue // the model has no image in that light
			}
			m, err := detect.ImageToBGR(img)
			if err != nil {
				e.Close()
				return nil, err
			}
			dst.Close()
			*dst = m
		}
		e.refs[s.Spec.ID] = r
	}
	if e.mrzOCR, err = ocr.NewPool(ocr.Config{Workers: cfg.Workers, TessdataDir: cfg.MRZTessdata, Language: cfg.MRZLanguage}); err != nil {
		e.Close()
		return nil, err
	}
	if e.viz, err = ocr.NewPool(ocr.Config{Workers: cfg.Workers, TessdataDir: cfg.FieldTessdata, Language: "eng",
		Whitelist: fieldAlphabet, PageSegMode: int(gosseract.PSM_SINGLE_LINE)}); err != nil {
		e.Close()
		return nil, err
	}
	e.reader = &detect.MRZReader{OCR: e.mrzOCR, Now: cfg.Now}
	return e, nil
}

// fieldAlphabet is what printed fields hold: capitals with the diacritics Latin-script
// documents print, digits and punctuation.
const fieldAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽȘȚ0123456789 .,-'/"

// Close releases everything the engine holds.
func (e *Engine) Close() {
	if e.matcher != nil {
		e.matcher.Close()
	}
	if e.mrzOCR != nil {
		e.mrzOCR.Close()
	}
	if e.viz != nil {
		e.viz.Close()
	}
	for _, r := range e.refs {
		r.vis.Close()
		r.ir.Close()
		r.uv.Close()
	}
}

// Library is the engine's specimen library.
func (e *Engine) Library() *templates.Library { return e.lib }

// Checks are the engine's checks, in the order they run.
func (e *Engine) Checks() []*detect.Check { return e.checks }

// Calibration is the engine's risk model.
func (e *Engine) Calibration() *Calibration { return e.cal }

// Input is a document to check: the image (visible light) and, from kiosks, infrared and
// ultraviolet images on the same pixel grid. Encoded JPEG or PNG.
type Input struct {
	Image, IR, UV []byte
}

// ErrInput wraps every error caused by the input (as opposed to the engine): bad images.
var ErrInput = errors.New("bad input")

// Check runs the pipeline on one document. Errors are returned only for bad input (wrapping
// ErrInput and a *detect.ImageError) or a cancelled context; everything the pipeline finds about
// the document is in the report.
func (e *Engine) Check(ctx context.Context, in Input) (*Report, error) {
	t := newTimer()
	scan := &detect.Scan{}
	defer scan.Close()
	var err error
	if scan.Image, err = detect.Decode(in.Image, e.cfg.Limits); err != nil {
		return nil, fmt.Errorf("%w: image: %w", ErrInput, err)
	}
	for _, x := range []struct {
		b    []byte
		dst  *gocv.Mat
		name string
	}{{in.IR, &scan.IR, "ir"}, {in.UV, &scan.UV, "uv"}} {
		*x.dst = gocv.NewMat()
		if len(x.b) == 0 {
			continue
		}
		x.dst.Close()
		if *x.dst, err = detect.Decode(x.b, e.cfg.Limits); err != nil {
			return nil, fmt.Errorf("%w: %s image: %w", ErrInput, x.name, err)
		}
		if x.dst.Cols() != scan.Image.Cols() || x.dst.Rows() != scan.Image.Rows() {
			return nil, fmt.Errorf("%w: the %s image is %dx%d, the visible one %dx%d: they must share the pixel grid",
				ErrInput, x.name, x.dst.Cols(), x.dst.Rows(), scan.Image.Cols(), scan.Image.Rows())
		}
	}
	scan.Page, scan.PageIR, scan.PageUV, scan.RefBlurred = gocv.NewMat(), gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	t.lap("decode")

	scan.MRZ = e.reader.Read(ctx, scan.Image, scan.IR)
	t.lap("mrz")
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	cands := e.identifyAmong(scan.MRZ.Document)
	for id := range cands {
		scan.Tried = append(scan.Tried, id)
	}
	ids := e.matcher.Identify(scan.Image, cands)
	if len(ids) == 0 && len(cands) > 0 {
		ids = e.matcher.Identify(scan.Image, nil) // the MRZ may be forged or misread
	}
	if len(ids) == 0 && scan.MRZ.Box != nil && len(scan.MRZ.Raw) > 0 {
		// A document small in a busy frame: the background's features drowned its own.
		// Around the MRZ the reader found, they are most of what there is.
		ids = e.matcher.IdentifyAround(scan.Image, *scan.MRZ.Box, nil)
	}
	t.lap("identify")
	if len(ids) > 0 {
		e.align(scan, &ids[0])
		scan.MatchBlur()
	}
	scan.Fields = e.viz
	capture := detect.CaptureOf(scan.ID)
	if spec := scan.Spec(); spec != nil && spec.DPI > 0 {
		capture.BlurMM = math.Round(scan.BlurSigma/(spec.DPI/25.4)*1000) / 1000
	}
	scan.Thresholds = e.cal.Model(capture.Class).Measures
	t.lap("align")
	e.readPageMRZ(ctx, scan)
	t.lap("mrz_page")
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	results := map[*detect.Check]detect.Finding{}
	findings := make([]detect.Finding, 0, len(e.checks))
	for _, c := range e.checks {
		p := &detect.Pass{Check: c, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}}
		for _, r := range c.Requires {
			p.ResultOf[r] = results[r]
		}
		f, err := c.Run(p)
		if err != nil {
			f = detect.Skipped("not_identified", map[string]any{"error": err.Error()})
		}
		f.Name = c.Name
		if f.Evidence == nil {
			f.Evidence = map[string]any{}
		}
		detect.Finite(&f)
		results[c] = f
		findings = append(findings, f)
		t.lap("check:" + c.Name)
	}
	rep := e.report(scan, capture, findings, results)
	t.lap("score")
	rep.TimingsMs = t.ms()
	return rep, nil
}

// pageMRZMargin is how far around the model's MRZ region, in millimetres, the page is searched
// for its lines when the MRZ is read again in the page's frame: a phone photo's registration can
// be a millimetre or two off at the page's edge, and a forger's MRZ a little out of place.
const pageMRZMargin = 4.0

// readPageMRZ reads the MRZ again in the registered page's frame, where the model prints it,
// when the search of the whole image read none soundly (neither valid nor sure), and keeps that
// reading when it supersedes the first (MRZReading.Supersedes). Then it checks the names of
// the reading kept against the MRZ read glyph by glyph (checkNames).
func (e *Engine) readPageMRZ(ctx context.Context, scan *detect.Scan) {
	if scan.ID == nil || scan.ID.Correlation < detect.MinRegistration || ctx.Err() != nil {
		return
	}
	spec := scan.Spec()
	area, ok := scan.RegionRect("mrz")
	region, _ := spec.Region("mrz")
	if !ok {
		return
	}
	// Where the print around it places the MRZ: a phone photo's registration can be a
	// millimetre or two off at the page's edge.
	dx, dy, _ := scan.LocalOffset(area)
	var glyphs *detect.MRZReading
	if !scan.MRZ.Settled() {
		glyphs = e.readInPage(ctx, scan, spec, region, area, dx, dy)
	} else if !scan.MRZ.Document.Valid {
		glyphs = e.secondOpinion(scan, dx, dy)
	}
	e.checkNames(ctx, scan, glyphs, dx, dy)
}

// secondOpinion reads the MRZ of a scan whose OCR read it surely but not valid (a check digit
// fails) again glyph by glyph where the model prints it, and takes that reading when it is valid
// and corrects the OCR's in one character (detect.MRZReading.SecondOpinion).
func (e *Engine) secondOpinion(scan *detect.Scan, dx, dy int) *detect.MRZReading {
	start := time.Now()
	r := scan.MRZ
	g := e.reader.ReadPageGlyphs(scan.Page, scan.Spec(), image.Pt(dx, dy), scan.BlurSigma, []*detect.MRZReading{r}, scan.ID.Map)
	r.Elapsed += time.Since(start)
	if r.SecondOpinion(g) {
		g.Elapsed = r.Elapsed
		scan.MRZ = g
	}
	return g
}

// readInPage reads the MRZ of a scan whose reading is not settled again where the model prints
// it: by OCR, then glyph by glyph. It returns the glyph reading when one was made.
func (e *Engine) readInPage(ctx context.Context, scan *detect.Scan, spec *templates.Spec, region templates.Region, area image.Rectangle, dx, dy int) *detect.MRZReading {
	margin := int(pageMRZMargin * spec.DPI / 25.4)
	lines := detect.MRZLines(spec, region)
	for i := range lines {
		for k := range lines[i] {
			lines[i][k][0] += float64(dx)
			lines[i][k][1] += float64(dy)
		}
	}
	again := e.reader.ReadPage(ctx, scan.Page, scan.PageIR, lines, area.Add(image.Pt(dx, dy)).Inset(-margin), scan.ID.Map)
	if again != nil {
		again.Elapsed += scan.MRZ.Elapsed
		if again.Supersedes(scan.MRZ) {
			scan.MRZ = again
			return nil
		}
		scan.MRZ.Elapsed = again.Elapsed
	}
	if ctx.Err() != nil || (again != nil && again.Settled()) {
		return nil
	}
	// Print too blurred for the OCR (a phone's shake): glyph by glyph where the model prints
	// it, the OCR's readings vouching for what they read alike.
	glyphs := e.reader.ReadPageGlyphs(scan.Page, spec, image.Pt(dx, dy), scan.BlurSigma, []*detect.MRZReading{scan.MRZ, again}, scan.ID.Map)
	if glyphs == nil {
		return nil
	}
	glyphs.Elapsed += scan.MRZ.Elapsed
	// Kept when valid, or when its data holds where the OCR's did not: names read unsurely
	// are then not judged (viz_mrz_match), the data is.
	if glyphs.Document.Valid || (!scan.MRZ.Document.Valid && glyphs.DataHolds() && !scan.MRZ.DataHolds()) {
		scan.MRZ = glyphs
		return nil
	}
	scan.MRZ.Elapsed = glyphs.Elapsed
	return glyphs
}

// checkNames checks the names of the scan's OCR reading against the MRZ read glyph by glyph
// where the model prints it (detect.MRZReader.WithGlyphNames), reading it so unless glyphs
// already did, when the OCR read a character of the names below SureConfidence
// (MRZReading.NamesReadSurely; the glyphs take about 60 ms). On the phone photos of seeds
// 15015–20020 one in five was checked so, and every reading the check changed was among them.
func (e *Engine) checkNames(ctx context.Context, scan *detect.Scan, glyphs *detect.MRZReading, dx, dy int) {
	r := scan.MRZ
	if ctx.Err() != nil || r == nil || r.Document == nil || r.Glyphs || r.Document.Format != scan.Spec().MRZFormat {
		return
	}
	if r.NamesReadSurely() {
		return
	}
	if glyphs == nil {
		start := time.Now()
		glyphs = e.reader.ReadPageGlyphs(scan.Page, scan.Spec(), image.Pt(dx, dy), scan.BlurSigma, []*detect.MRZReading{r}, scan.ID.Map)
		r.Elapsed += time.Since(start)
	}
	if out, ok := e.reader.WithGlyphNames(r, glyphs, e.cfg.Now()); ok {
		scan.MRZ = out
	}
}

// candidates are the models whose document code, issuing state and MRZ format the reading shows.
func (e *Engine) candidates(d *mrz.Document) map[string]bool {
	if d == nil || d.Format == mrz.FormatUnknown {
		return nil
	}
	out := map[string]bool{}
	for _, s := range e.lib.All() {
		sp := s.Spec
		if sp.MRZFormat == d.Format && sp.IssuingState == d.Fields.IssuingState && strings.HasPrefix(d.Fields.DocumentCode, sp.DocumentCode[:1]) {
			out[sp.ID] = true
		}
	}
	return out
}

// identifyAmong are the models to identify a document among: those whose MRZ codes the reading
// shows (all of them when it shows none); of those, the ones whose number format the document
// number has, when any has (two passport series of one state share their MRZ codes; matching
// the features of one instead of both saves a third of the identification's time).
func (e *Engine) identifyAmong(d *mrz.Document) map[string]bool {
	cands := e.candidates(d)
	if n := e.byNumber(cands, d); len(n) > 0 {
		return n
	}
	return cands
}

// align straightens the scan's images onto the identified model's page and takes its
// reference images.
func (e *Engine) align(scan *detect.Scan, id *detect.Identification) {
	scan.ID = id
	scan.Specimen, _ = e.lib.Get(id.Spec.ID)
	scan.Page.Close()
	scan.Page = detect.Align(scan.Image, id)
	if !scan.IR.Empty() {
		scan.PageIR.Close()
		scan.PageIR = detect.Align(scan.IR, id)
	}
	if !scan.UV.Empty() {
		scan.PageUV.Close()
		scan.PageUV = detect.Align(scan.UV, id)
	}
	if r := e.refs[id.Spec.ID]; r != nil {
		scan.Ref, scan.RefIR, scan.RefUV = r.vis, r.ir, r.uv
	}
}

// byNumber are the candidates whose number format the reading's document number has.
func (e *Engine) byNumber(cands map[string]bool, d *mrz.Document) map[string]bool {
	if len(cands) < 2 || d == nil {
		return nil
	}
	out := map[string]bool{}
	for id := range cands {
		if s, ok := e.lib.Get(id); ok && s.Spec.NumberMatches(d.Fields.DocumentNumber) {
			out[id] = true
		}
	}
	return out
}

// report scores the findings and writes the report.
func (e *Engine) report(scan *detect.Scan, capture detect.Capture, findings []detect.Finding, results map[*detect.Check]detect.Finding) *Report {
	rep := &Report{Checks: findings, Capture: capture, Engine: EngineInfo{Version: Version, SpecimensVersion: e.lib.Version(), CalibrationVersion: e.cal.Version}}
	d := scan.MRZ.Document
	rep.MRZ = scan.MRZ
	if d.Format != mrz.FormatUnknown {
		rep.Document = &DocumentInfo{Fields: d.Fields, Format: d.Format.String(), Specimen: d.Specimen}
	}
	for _, f := range findings {
		if f.Name == "viz_mrz_match" {
			if fs, ok := f.Evidence["fields"].([]vizmrz.Field); ok {
				rep.Fields = fs
			}
		}
	}
	if rep.Fields == nil {
		rep.Fields = []vizmrz.Field{}
	}
	match := results[specimenmatch.Check]
	if scan.ID != nil {
		rep.Specimen = &SpecimenRef{ID: scan.ID.Spec.ID, Confidence: math.Round((1-match.Score)*1000) / 1000}
	}
	scores := map[string]float64{}
	for _, f := range findings {
		if f.Status != detect.StatusNotDone {
			scores[f.Name] = f.Score
		}
	}
	risk, contrib := e.cal.Risk(capture.Class, scores)
	known, fake := e.mrzClaim(scan.MRZ)
	rep.Verdict, risk = e.decide(verdictInput{
		readable: documentRead(scan),
		found:    scan.ID != nil,
		matched:  scan.ID != nil && match.Status != detect.StatusFail,
		aligned:  registered(scan),
		foreign:  scan.ID != nil && specimenmatch.Foreign(match),
		garbled:  garbled(d),
		known:    known,
		fake:     fake,
		risk:     risk,
	})
	rep.RiskScore = int(math.Round(risk))
	rep.TopReasons = topReasons(contrib, findings, rep.Verdict)
	return rep
}

// topReasons names the checks that contributed most to the risk (Top): those that failed, with
// their reasons. A document is rejected (suspicious or forged) with no check failing when
// several passed nearer their limits than genuine documents of its capture usually do (the
// model adds their scores up); the checks that contributed most are then named as
// near_threshold, so that no rejection comes without its reasons.
func topReasons(contrib map[string]float64, findings []detect.Finding, v Verdict) []TopReason {
	top := Top(contrib, 3, 0.5)
	named := func(status detect.Status, reason func(detect.Finding) detect.Reason) []TopReason {
		out := []TopReason{}
		for _, n := range top {
			for _, f := range findings {
				if f.Name == n && f.Status == status {
					r := reason(f)
					out = append(out, TopReason{Check: n, Reason: r, Text: detect.Reasons[r]})
				}
			}
		}
		return out
	}
	out := named(detect.StatusFail, func(f detect.Finding) detect.Reason { return f.Reason })
	if len(out) > 0 || (v != Suspicious && v != Forged) {
		return out
	}
	return named(detect.StatusPass, func(detect.Finding) detect.Reason { return ReasonNearThreshold })
}

// ReasonNearThreshold is the reason given for a check that passed but, with others, raised the
// risk of a document no check failed on (topReasons).
const ReasonNearThreshold detect.Reason = "near_threshold"

// documentRead says whether anything of a document was read: its printing found to be a model
// of the library's, or an MRZ of a known layout. Lines the OCR read that fit no MRZ layout are
// not a reading: a document found neither way (a phone photo too small or blurred for either)
// is unreadable, not unknown. Unknown says the library holds no such model, which nothing
// read then tells (on five evaluation sets, 15 documents of known models, 2 of them genuine,
// were called unknown so, against one fantasy document).
func documentRead(scan *detect.Scan) bool {
	if scan.ID != nil {
		return true
	}
	r := scan.MRZ
	return r != nil && len(r.Raw) > 0 && r.Document != nil && r.Document.Format != mrz.FormatUnknown
}

// registered says whether the scan's page registered to its model, as the checks judge it
// (detect.Scan.Unregistered).
func registered(scan *detect.Scan) bool {
	_, no := scan.Unregistered()
	return !no
}

// verdictInput is what the verdict rests on.
type verdictInput struct {
	readable bool    // a document was read: its printing or its MRZ (documentRead)
	found    bool    // its printing was found to be a model of the library's
	matched  bool    // and matches that model's specimen closely (specimen_match passed)
	aligned  bool    // and its page registered to the specimen's reference, so that the checks compared them region by region
	garbled  bool    // an MRZ was read, but none of its data's check digits holds (see garbled)
	foreign  bool    // its printing is on the model's layout in another design's colours
	known    bool    // a soundly read MRZ names a model of the library
	fake     bool    // a soundly read MRZ names an issuing state that does not exist
	risk     float64 // the calibrated risk, 0–100
}

// decide turns the evidence into a verdict, and the risk it reports with it.
//
// A document is unknown when nothing ties it to the library: its printing does not match a
// specimen and its MRZ does not name a model the library holds, or its MRZ names a state that
// does not exist (a fantasy document, whatever it was made to look like). A document whose MRZ
// names a model of the library is not unknown: when its printing matches that model's only
// weakly, the calibrated risk weighs it with the rest (a poor capture of a genuine document
// does too); when its printing is not found to be any model of the library at all, it claims
// to be a document the library knows and does not look like one, so it is at least suspicious;
// so is a document found to be a model whose page could not be registered to the model's
// reference (its security features were not compared: retake the image), and one whose MRZ
// was read so badly that no check digit of its data holds (its data could not be compared
// with the page's: a misreading and a forgery look alike there).
// A document found on a model's layout but printed in another design's colours (a fantasy
// document drawn on a real model) is unknown whatever its MRZ claims.
func (e *Engine) decide(in verdictInput) (Verdict, float64) {
	switch {
	case !in.readable:
		return Unreadable, in.risk
	case in.fake, in.foreign, !in.matched && !in.known:
		return UnknownDocument, in.risk
	case in.risk >= e.cal.Forged:
		return Forged, in.risk
	case in.risk >= e.cal.Suspicious:
		return Suspicious, in.risk
	case !in.found || !in.aligned || in.garbled:
		// Not verified: no model's printing was found, the page could not be compared with
		// it region by region, or the MRZ could not be read. Nothing vouches for the document.
		return Suspicious, math.Max(in.risk, e.cal.Suspicious)
	default:
		return Genuine, in.risk
	}
}

// garbled says whether d, an MRZ read, is garbled: the check digits of its document number,
// birth date and expiry date (the fields every format covers) all fail. One misread character
// fails one of them; a reading that fails all three was read past repair, or is no MRZ. A
// forger's MRZ holds its check digits, or breaks one. On a reading whose repair was refused (a
// check digit still fails), a field whose check digit holds only after the layout's class fixes (letters read in a date
// taken for the digits they resemble) counts as failed: as read, it was no date.
func garbled(d *mrz.Document) bool {
	if d == nil {
		return false
	}
	refused := false // some check digit fails: the repair was refused
	for _, c := range d.Checks {
		refused = refused || !c.Valid
	}
	failed := 0
	for _, c := range d.Checks {
		switch c.Field {
		case "document_number", "birth_date", "expiry_date":
			if c.Valid && (!refused || !d.Corrected(c.Field)) {
				return false
			}
			failed++
		}
	}
	return failed == 3
}

// mrzClaim says what the MRZ claims about the document's model, when it was read soundly
// (every rule holds but, at most, that the state codes are not on ICAO's lists): known, a
// model of the library (its format, issuing state and document code); fake, an issuing state
// that does not exist, and only when every character was read surely where the layout puts it
// (detect.MRZReading.Sure): no check digit covers the state, and on a blurred photo a character
// dropped before it, or a letter misread in it, names a state that does not exist (seeds 4004
// and 5005: two genuine phone photos of library models, their printing matched, "unknown"). A
// misread or damaged MRZ claims nothing.
func (e *Engine) mrzClaim(r *detect.MRZReading) (known, fake bool) {
	if r == nil {
		return false, false
	}
	d := r.Document
	if d == nil || d.Format == mrz.FormatUnknown {
		return false, false
	}
	for _, er := range d.Errors {
		switch {
		case er.Code == mrz.CodeUnknownCode && er.Field == "issuing_state":
			fake = true
		case er.Code == mrz.CodeUnknownCode && er.Field == "nationality":
		case er.Code == mrz.CodeUncertain: // names or data read unsurely, which say nothing of the model
		default:
			return false, false
		}
	}
	if st := d.Fields.IssuingState; fake && (st == "" || strings.Trim(st, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" || !r.Sure()) {
		return false, false // a missing, garbled or unsurely read code is damage, not a claim
	}
	return len(e.candidates(d)) > 0, fake
}

// timer records the time of each stage.
type timer struct {
	start, last time.Time
	stages      []string
	dur         map[string]time.Duration
}

func newTimer() *timer {
	now := time.Now()
	return &timer{start: now, last: now, dur: map[string]time.Duration{}}
}

func (t *timer) lap(stage string) {
	now := time.Now()
	t.dur[stage] += now.Sub(t.last)
	t.last = now
}

func (t *timer) ms() map[string]float64 {
	out := map[string]float64{}
	var checks time.Duration
	for k, v := range t.dur {
		if strings.HasPrefix(k, "check:") {
			checks += v
		}
		out[k] = math.Round(float64(v.Microseconds())/100) / 10
	}
	out["checks"] = math.Round(float64(checks.Microseconds())/100) / 10
	out["total"] = math.Round(float64(time.Since(t.start).Microseconds())/100) / 10
	return out
}
