package detect

import (
	"image"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// Scan is one document being checked: the input images, what the pipeline found (the MRZ, the
// model, the page straightened into the model's frame) and the model's reference images. Checks
// read it; only the pipeline writes it (LocalOffset and PrintOffset keep their answers, each under a lock). Close
// releases its Mats.
type Scan struct {
	Image, IR, UV gocv.Mat // input, BGR; IR and UV empty when not given

	MRZ      *MRZReading
	ID       *Identification // nil when no model matched
	Tried    []string        // the models the pipeline tried to match
	Specimen *templates.Specimen

	// The input straightened into the model's page frame (spec pixels); empty when not identified.
	Page, PageIR, PageUV gocv.Mat
	// The model's reference images in the same frame; empty when the model has none.
	Ref, RefIR, RefUV gocv.Mat
	// The visible reference blurred as much as the capture blurred the page (matched on the
	// MRZ's fine detail), for comparisons of sharpness; and the blur's sigma in page pixels.
	RefBlurred gocv.Mat
	BlurSigma  float64

	Fields     LineReader           // reads printed fields (a Latin-script model); nil when not available
	Thresholds map[string]Threshold // calibrated thresholds by measure key

	mu          sync.Mutex
	anchorsOf   map[image.Rectangle][]anchor // the captions placing each rectangle (LocalOffset, LocalStretch)
	glare       *glareMap                    // where a reflection lightens the page (Glared), once glareDone
	glareDone   bool
	balance     [3]float64 // PaperBalance's gains, once balanceDone
	balanceDone bool

	offMu   sync.Mutex                 // not mu: anchors holds mu while it finds offsets
	offsets map[offsetKey]offsetResult // printOffset's results, once per rectangle and reach
}

type offsetKey struct {
	r     image.Rectangle
	reach int
}

type offsetResult struct {
	dx, dy int
	corr   float64
	ink    image.Rectangle
}

// Close releases the Mats the scan owns (not the references, which the engine keeps).
func (s *Scan) Close() {
	for _, m := range []*gocv.Mat{&s.Image, &s.IR, &s.UV, &s.Page, &s.PageIR, &s.PageUV, &s.RefBlurred} {
		if m.Ptr() != nil {
			m.Close()
		}
	}
}

// Spec is the identified model's spec, or nil.
func (s *Scan) Spec() *templates.Spec {
	if s.ID == nil {
		return nil
	}
	return s.ID.Spec
}

// MinRegistration is the correlation with the model's reference (specimen_match's measure,
// Identification.Correlation: of the brightness, or of the printing with the light's slow
// changes removed, whichever is higher) below which a page is not registered to its model: its
// regions would be compared with other printing than theirs. Genuine phone photos in dim,
// uneven light registered exactly measure 0.94–0.96 flattened; registrations that had failed
// (a homography off by millimetres) and fantasy documents registered to the model they imitate
// measured below 0.5 both ways (generated phone photos).
const MinRegistration = 0.6

// Unregistered returns the not_done finding of a check that reads the page at its model's
// regions, and true, when the page cannot be read so: no model was identified, or the page did
// not register to the model's reference (specimen_match fails then, saying so).
func (s *Scan) Unregistered() (Finding, bool) {
	switch {
	case s.ID == nil:
		return Skipped("not_identified", nil), true
	case s.ID.Correlation < MinRegistration:
		return Skipped("not_registered", map[string]any{"correlation": round4(s.ID.Correlation), "min_correlation": MinRegistration}), true
	}
	return Finding{}, false
}

// RegionRect is a region of the model in page pixels, clipped to the page.
func (s *Scan) RegionRect(name string) (image.Rectangle, bool) {
	spec := s.Spec()
	if spec == nil {
		return image.Rectangle{}, false
	}
	r, ok := spec.Region(name)
	if !ok {
		return image.Rectangle{}, false
	}
	p := spec.PagePx()
	return r.Rect.Px(spec.DPI).Intersect(image.Rect(0, 0, p.X, p.Y)), true
}

// QuadOf maps a page rectangle into the input image: the region's quad for a finding.
func (s *Scan) QuadOf(r image.Rectangle) *Quad {
	if s.ID == nil {
		return nil
	}
	var q Quad
	for i, c := range [4][2]float64{{float64(r.Min.X), float64(r.Min.Y)}, {float64(r.Max.X), float64(r.Min.Y)},
		{float64(r.Max.X), float64(r.Max.Y)}, {float64(r.Min.X), float64(r.Max.Y)}} {
		x, y := s.ID.Map(c[0], c[1])
		q[i] = [2]float64{math.Round(x*10) / 10, math.Round(y*10) / 10}
	}
	return &q
}

// AsCaptured returns rectangle r of a page-frame image (the reference) sampled as the capture
// sampled the page: warped onto the input image's pixel grid where r lies there, and back into
// the page frame. A photo's page is drawn from fewer pixels than the reference has, and fine
// printing that the camera's pixels do not resolve folds into coarser patterns (moiré) on
// genuine documents too; the reference sampled so folds the same way. ok is false when the
// page was not identified or r is empty.
func (s *Scan) AsCaptured(m gocv.Mat, r image.Rectangle) (g Grey, ok bool) {
	if s.ID == nil || r.Empty() || m.Empty() {
		return g, false
	}
	var q Quad
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, c := range [4][2]int{{r.Min.X, r.Min.Y}, {r.Max.X, r.Min.Y}, {r.Max.X, r.Max.Y}, {r.Min.X, r.Max.Y}} {
		x, y := s.ID.Map(float64(c[0]), float64(c[1]))
		q[i] = [2]float64{x, y}
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	x0, y0 = math.Floor(x0), math.Floor(y0)
	w, h := int(math.Ceil(x1-x0)), int(math.Ceil(y1-y0))
	if w < 2 || h < 2 || w > 4*r.Dx()+8 || h > 4*r.Dy()+8 {
		return g, false
	}
	for i := range q {
		q[i][0] -= x0
		q[i][1] -= y0
	}
	crop := Crop(m, r)
	defer crop.Close()
	box := Quad{{0, 0}, {float64(r.Dx()), 0}, {float64(r.Dx()), float64(r.Dy())}, {0, float64(r.Dy())}}
	down := warpQuad(crop, box, q, w, h)
	defer down.Close()
	back := warpQuad(down, q, box, r.Dx(), r.Dy())
	defer back.Close()
	return GreyOf(back), true
}

// RegionQuad is a named region of the model in the input image.
func (s *Scan) RegionQuad(name string) *Quad {
	r, ok := s.RegionRect(name)
	if !ok {
		return nil
	}
	return s.QuadOf(r)
}

// Crop returns a region of a page-frame image (a view: do not close it separately from m, but
// close the returned Mat).
func Crop(m gocv.Mat, r image.Rectangle) gocv.Mat {
	r = r.Intersect(image.Rect(0, 0, m.Cols(), m.Rows()))
	return m.Region(r)
}

// PrintOffset is where the reference's print in the page rectangle r lies in the page, within
// reach pixels: the offset of the best match of the reference's crop (blurred as the capture
// blurred the page) in the page's crop widened by reach, and its correlation (0 when nothing
// can be matched). It measures the registration's error locally, on print every document of
// the model carries (captions, titles). Only the box of r's ink (its print darker than the
// paper, with a margin of printBoxPad) is matched: the rest of a caption's box is security
// background, whose fine periodic lines match as well a line off.
func (s *Scan) PrintOffset(r image.Rectangle, reach int) (dx, dy int, corr float64) {
	dx, dy, corr, _ = s.printOffset(r, reach)
	return dx, dy, corr
}

// printOffset is PrintOffset that also returns the box of the print matched. It is found once
// per rectangle and reach: the layout check and the portraits' anchors place the same captions.
func (s *Scan) printOffset(r image.Rectangle, reach int) (dx, dy int, corr float64, ink image.Rectangle) {
	k := offsetKey{r, reach}
	s.offMu.Lock()
	o, ok := s.offsets[k]
	s.offMu.Unlock()
	if !ok {
		o.dx, o.dy, o.corr, o.ink = s.findPrintOffset(r, reach)
		s.offMu.Lock()
		if s.offsets == nil {
			s.offsets = map[offsetKey]offsetResult{}
		}
		s.offsets[k] = o
		s.offMu.Unlock()
	}
	return o.dx, o.dy, o.corr, o.ink
}

func (s *Scan) findPrintOffset(r image.Rectangle, reach int) (dx, dy int, corr float64, ink image.Rectangle) {
	if s.Page.Empty() || s.RefBlurred.Empty() {
		return 0, 0, 0, r
	}
	r = r.Intersect(image.Rect(0, 0, s.RefBlurred.Cols(), s.RefBlurred.Rows()))
	if r.Empty() {
		return 0, 0, 0, r // no print of the page there
	}
	rc := Crop(s.RefBlurred, r)
	ref := GreyOf(rc)
	rc.Close()
	if b, ok := InkBox(ref, InkMargin(ref)); ok {
		inner := b.Inset(-printBoxPad).Intersect(image.Rect(0, 0, ref.W, ref.H))
		ref = ref.Sub(inner)
		r = inner.Add(r.Min)
	}
	win := r.Inset(-reach).Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	pc := Crop(s.Page, win)
	defer pc.Close()
	x, y, c := Locate(GreyOf(pc), ref)
	if c == 0 {
		return 0, 0, 0, r
	}
	return win.Min.X + x - r.Min.X, win.Min.Y + y - r.Min.Y, c, r
}

// printBoxPad is the margin in pixels kept around a print's ink in PrintOffset.
const printBoxPad = 4

// Pair returns a region of the straightened page and the same region of the reference, in
// the given light (visible, infrared, ultraviolet), as grey images; ok is false when the model
// was not identified, the region does not exist or either image is missing.
func (s *Scan) Pair(name string, ch templates.Channel) (page, ref Grey, r image.Rectangle, ok bool) {
	r, ok = s.RegionRect(name)
	if !ok {
		return
	}
	p, rf := s.Page, s.Ref
	switch ch {
	case templates.Infrared:
		p, rf = s.PageIR, s.RefIR
	case templates.Ultraviolet:
		p, rf = s.PageUV, s.RefUV
	}
	if p.Empty() || rf.Empty() {
		return page, ref, r, false
	}
	a, b := Crop(p, r), Crop(rf, r)
	defer a.Close()
	defer b.Close()
	return GreyOf(a), GreyOf(b), r, true
}

// blurLadder is the Gaussian blurs MatchBlur chooses from, sharpest first.
var blurLadder = []float64{0, 0.6, 0.9, 1.2, 1.6, 2, 2.6, 3.3, 4.2, 5.5, 7}

// matchSigma is the blur of blurLadder that brings ref's fine-detail energy closest to target
// (in ratio). Detail falls as the blur grows, so the ladder is bisected for the step where it
// crosses target and only the two blurs on either side are compared: four or five blurs of
// the crop instead of eleven.
func matchSigma(ref gocv.Mat, target float64) float64 {
	grey := gocv.NewMat()
	defer grey.Close()
	if ref.Channels() == 3 {
		gocv.CvtColor(ref, &grey, gocv.ColorBGRToGray)
	} else {
		ref.CopyTo(&grey)
	}
	tmp := gocv.NewMat()
	defer tmp.Close()
	detail := map[int]float64{}
	at := func(i int) float64 {
		if d, ok := detail[i]; ok {
			return d
		}
		if blurLadder[i] == 0 {
			grey.CopyTo(&tmp)
		} else {
			gocv.GaussianBlur(grey, &tmp, image.Point{}, blurLadder[i], blurLadder[i], gocv.BorderReflect)
		}
		detail[i] = GreyOf(tmp).Detail()
		return detail[i]
	}
	// The first step whose detail is at or below target (len when none is).
	lo, hi := 0, len(blurLadder)
	for lo < hi {
		mid := (lo + hi) / 2
		if at(mid) <= target {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	best, bestErr := 0.0, math.Inf(1)
	for _, i := range []int{lo - 1, lo} {
		if i < 0 || i >= len(blurLadder) {
			continue
		}
		if e := math.Abs(math.Log((at(i) + 1) / (target + 1))); e < bestErr {
			best, bestErr = blurLadder[i], e
		}
	}
	return best
}

// LocalOffset is how far the page's print around the page rectangle r lies from the
// reference's, in pixels: the registration's error there (a phone photo's can be a millimetre
// off near a portrait, where the page as a whole registered well). The captions and titles
// within anchorMM of r are found in the page within 1.5 mm (PrintOffset); the median of those
// found (n of them), or 0, 0 when none is. (Strips of the security background were tried:
// their fine periodic lines match a line off.)
func (s *Scan) LocalOffset(r image.Rectangle) (dx, dy, n int) {
	as := s.anchors(r)
	if len(as) == 0 {
		return 0, 0, 0
	}
	xs, ys := make([]int, len(as)), make([]int, len(as))
	for i, a := range as {
		xs[i], ys[i] = a.dx, a.dy
	}
	sort.Ints(xs)
	sort.Ints(ys)
	return xs[len(xs)/2], ys[len(ys)/2], len(as)
}

// LocalStretch is how much longer than the reference's the page's print around r is along
// its width, relatively (0.03: 3% longer): the slope of the offsets of the captions and titles
// within anchorMM of r (as LocalOffset finds them) against their places. A phone photo's
// registration, good over the page as a whole, can stretch a corner by 3–4%. Captions found
// at the edge of their search (edge) are left out: their print may lie further off, or the
// best match there is other print (a genuine phone photo's two captions, 1 and −17 pixels off
// with a search of 17, made a stretch of −4.3% and its MRZ's pitch 2.65 mm). ok is false when
// fewer than two captions, spread over less than a quarter of r's width, were found.
func (s *Scan) LocalStretch(r image.Rectangle) (stretch float64, ok bool) {
	var xs, dxs []float64
	for _, a := range s.anchors(r) {
		if !a.edge {
			xs, dxs = append(xs, a.x), append(dxs, float64(a.dx))
		}
	}
	if len(xs) < 2 || slices.Max(xs)-slices.Min(xs) < float64(r.Dx())/4 {
		return 0, false
	}
	return Slope(xs, dxs), true
}

// anchor is a caption or title near a region, found in the page: the middle column of its ink
// in the reference, how far from there it was found, and whether that is at the edge of the
// search (as far as it reaches, across or down).
type anchor struct {
	x      float64
	dx, dy int
	edge   bool
}

// anchors finds the captions and titles within anchorMM of r in the page within 1.5 mm
// (PrintOffset), once per rectangle.
func (s *Scan) anchors(r image.Rectangle) []anchor {
	s.mu.Lock()
	defer s.mu.Unlock()
	if as, ok := s.anchorsOf[r]; ok {
		return as // two checks place the portrait
	}
	as := s.findAnchors(r)
	if s.anchorsOf == nil {
		s.anchorsOf = map[image.Rectangle][]anchor{}
	}
	s.anchorsOf[r] = as
	return as
}

func (s *Scan) findAnchors(r image.Rectangle) []anchor {
	spec := s.Spec()
	if spec == nil {
		return nil
	}
	pxmm := spec.DPI / 25.4
	near := r.Inset(-int(anchorMM * pxmm))
	var as []anchor
	for _, reg := range spec.Regions {
		if reg.Kind != templates.KindLabel && reg.Kind != templates.KindText {
			continue
		}
		ar, ok := s.RegionRect(reg.Name)
		if !ok || !ar.Overlaps(near) {
			continue
		}
		reach := int(1.5 * pxmm)
		x, y, c, ink := s.printOffset(ar, reach)
		if c < minAnchorCorr {
			continue
		}
		edge := max(x, -x) >= reach || max(y, -y) >= reach
		as = append(as, anchor{x: float64(ink.Min.X+ink.Max.X) / 2, dx: x, dy: y, edge: edge})
	}
	return as
}

// anchorMM is how far from a region LocalOffset takes the print that places it; minAnchorCorr,
// the correlation from which that print counts as found.
const (
	anchorMM      = 20
	minAnchorCorr = 0.5
)

// PairBlurred is Pair in visible light against the reference blurred like the page.
func (s *Scan) PairBlurred(name string) (page, ref Grey, r image.Rectangle, ok bool) {
	r, ok = s.RegionRect(name)
	if !ok || s.Page.Empty() || s.RefBlurred.Empty() {
		return page, ref, r, false
	}
	a, b := Crop(s.Page, r), Crop(s.RefBlurred, r)
	defer a.Close()
	defer b.Close()
	return GreyOf(a), GreyOf(b), r, true
}

// PairPlaced is PairBlurred with the page's crop taken where the print around the region
// places it (LocalOffset), not where the page's registration does: for comparisons that a
// millimetre's misregistration blurs (a portrait's 2 mm cells against its specimen's). r is
// the region's rectangle in the reference; the page's is r moved by the offset.
func (s *Scan) PairPlaced(name string) (page, ref Grey, r image.Rectangle, ok bool) {
	r, ok = s.RegionRect(name)
	if !ok || s.Page.Empty() || s.RefBlurred.Empty() {
		return page, ref, r, false
	}
	dx, dy, _ := s.LocalOffset(r)
	d := image.Pt(dx, dy)
	moved := r.Add(d).Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	if moved.Empty() {
		return page, ref, r, false
	}
	a, b := Crop(s.Page, moved), Crop(s.RefBlurred, moved.Sub(d))
	defer a.Close()
	defer b.Close()
	return GreyOf(a), GreyOf(b), r, true
}

// MatchBlur blurs the reference as much as the capture blurred the page: the Gaussian blur of
// the reference whose MRZ region has the fine-detail energy of the page's MRZ region. Sets
// RefBlurred and BlurSigma.
func (s *Scan) MatchBlur() {
	if s.RefBlurred.Ptr() != nil {
		s.RefBlurred.Close()
	}
	s.RefBlurred = gocv.NewMat()
	r, ok := s.RegionRect("mrz")
	if !ok || s.Page.Empty() || s.Ref.Empty() {
		return
	}
	pc := Crop(s.Page, r)
	target := GreyOf(pc).Detail()
	pc.Close()
	rc := Crop(s.Ref, r)
	defer rc.Close()
	best := matchSigma(rc, target)
	s.BlurSigma = best
	if best == 0 {
		s.Ref.CopyTo(&s.RefBlurred)
		return
	}
	gocv.GaussianBlur(s.Ref, &s.RefBlurred, image.Point{}, best, best, gocv.BorderReflect)
}

// Masked returns, for a page rectangle, a mask (true = use) that leaves out everything
// personal or variable the model prints there: fields, portraits, the MRZ, the hologram.
func (s *Scan) Masked(r image.Rectangle) []bool {
	spec := s.Spec()
	mask := make([]bool, r.Dx()*r.Dy())
	for i := range mask {
		mask[i] = true
	}
	if spec == nil {
		return mask
	}
	margin := int(spec.DPI / 25.4) // 1 mm
	for _, reg := range spec.Regions {
		if !personal(reg) {
			continue
		}
		b := reg.Rect.Px(spec.DPI)
		b = image.Rect(b.Min.X-margin, b.Min.Y-margin, b.Max.X+margin, b.Max.Y+margin).Intersect(r)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				mask[(y-r.Min.Y)*r.Dx()+x-r.Min.X] = false
			}
		}
	}
	return mask
}

// personal says whether a region holds what differs from document to document of a model:
// fields, portraits, the MRZ, the hologram (Masked leaves them out).
func personal(reg templates.Region) bool {
	_, field := reg.Kind.IsField()
	return field || reg.Kind == templates.KindPortrait || reg.Kind == templates.KindGhostPortrait ||
		reg.Kind == templates.KindMRZ || reg.Kind == templates.KindOVD
}

// NCCMasked is NCC over the pixels where mask is true.
func NCCMasked(a, b Grey, mask []bool) float64 {
	if a.W != b.W || a.H != b.H || len(mask) != len(a.Pix) {
		return 0
	}
	var n, sa, sb float64
	for i, m := range mask {
		if m {
			sa += a.Pix[i]
			sb += b.Pix[i]
			n++
		}
	}
	if n < 100 {
		return 0
	}
	ma, mb := sa/n, sb/n
	var sab, saa, sbb float64
	for i, m := range mask {
		if m {
			da, db := a.Pix[i]-ma, b.Pix[i]-mb
			sab += da * db
			saa += da * da
			sbb += db * db
		}
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}
