package detect

import (
	"encoding/binary"
	"errors"
	"image"
	"math"
	"sort"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// Identification is where a document model was found in an image: the model, the homography
// from its page (pixels at the spec's resolution) to the image, and how well it matched.
type Identification struct {
	Spec        *templates.Spec
	H           [9]float64 // page pixels → image pixels
	Corners     Quad       // the page's corners in the image, clockwise from its top-left
	Matches     int        // feature matches that passed the ratio test
	Inliers     int        // matches the homography explains
	InlierRate  float64    // Inliers / Matches
	Correlation float64    // of the straightened image with the reference over static printing, of the brightness (ECC's) or of the printing flattened (registration), whichever is higher, 0–1
}

// Map maps a point of the model's page (pixels at its resolution) into the image.
func (id *Identification) Map(x, y float64) (float64, float64) { return applyH(id.H, x, y) }

// reference is a model's reference image, described by its features once at start.
type reference struct {
	spec  *templates.Spec
	kps   []gocv.KeyPoint // at the reference's working scale
	desc  binaryDescriptors
	scale float64 // working scale / page pixels
	ecc   eccRef
}

// Matcher identifies document models by the features of their printing (ORB keypoints matched
// to each model's reference image, a RANSAC homography). It is safe for concurrent use.
type Matcher struct {
	refs []*reference
}

const (
	refWidth      = 1000 // working width of reference images
	inputMaxSide  = 1400 // working size of input images
	orbFeatures   = 2500
	minInliers    = 20
	ransacPixels  = 6.0
	ratioTestLowe = 0.75
)

func newORB() gocv.ORB {
	return gocv.NewORBWithParams(orbFeatures, 1.2, 8, 31, 0, 2, gocv.ORBScoreTypeHarris, 31, 12)
}

// NewMatcher describes every model of the library by its reference image's features.
func NewMatcher(lib *templates.Library) (*Matcher, error) {
	m := &Matcher{}
	orb := newORB()
	defer orb.Close()
	for _, s := range lib.All() {
		img, err := s.Image(templates.Visible)
		if err != nil {
			m.Close()
			return nil, err
		}
		mat, err := toBGR(img)
		if err != nil {
			m.Close()
			return nil, err
		}
		spec := s.Spec
		ecc := newECCRef(&spec, mat)
		gray := gocv.NewMat()
		gocv.CvtColor(mat, &gray, gocv.ColorBGRToGray)
		mat.Close()
		scale := float64(refWidth) / float64(gray.Cols())
		gocv.Resize(gray, &gray, image.Point{}, scale, scale, gocv.InterpolationArea)
		empty := gocv.NewMat()
		kps, desc := orb.DetectAndCompute(gray, empty)
		empty.Close()
		gray.Close()
		words := descriptorsOf(desc)
		desc.Close()
		m.refs = append(m.refs, &reference{spec: &spec, kps: kps, desc: words, scale: scale, ecc: ecc})
	}
	return m, nil
}

// Close releases the references' registration images.
func (m *Matcher) Close() {
	for _, r := range m.refs {
		r.ecc.close()
	}
	m.refs = nil
}

// ErrUnidentified says no model of the library was found in the image.
var ErrUnidentified = errors.New("no specimen of the library matches the document")

// Identify finds the models of the library in img (BGR), best first; only models whose id is
// in candidates when candidates is not empty. Models found with too few consistent features
// are left out.
func (m *Matcher) Identify(img gocv.Mat, candidates map[string]bool) []Identification {
	// The image in grey, for features, the page's edges and registration alike.
	src := newPyramid(img)
	defer src.close()
	full, _ := src.level(0)
	gray := gocv.NewMat()
	defer gray.Close()
	s := math.Min(1, inputMaxSide/math.Max(float64(full.Cols()), float64(full.Rows())))
	if s < 1 {
		gocv.Resize(full, &gray, image.Point{}, s, s, gocv.InterpolationArea)
	} else {
		full.CopyTo(&gray)
	}
	kps, words, ok := features(gray)
	if !ok {
		return nil
	}
	var out []Identification
	var refs []*reference
	for _, r := range m.refs {
		if len(candidates) > 0 && !candidates[r.spec.ID] {
			continue
		}
		id, ok := match(r, kps, words, s)
		if !ok {
			continue
		}
		out = append(out, id)
		refs = append(refs, r)
	}
	sort.Sort(byInliers{out, refs})
	if len(out) == 0 && len(candidates) > 0 {
		return m.byEdges(src, candidates)
	}
	// Only the best match is refined: the others are reported as they are.
	if len(out) > 0 {
		id := &out[0]
		spec, ref := refs[0].spec, refs[0].ecc
		features := id.Corners
		id.H, id.Correlation = refine(src, id.H, spec, ref)
		id.Corners = pageCorners(id.H, spec)
		// Features on a page whose printing was moved (fields or portrait shifted, a screen
		// photographed) can pull the homography and its refinement off the page. Where the
		// page's edges are found and disagree with it, registration also starts from them,
		// and the better correlation wins; with no correlation either way, the edges do.
		if edges, ok := pageEdges(full, spec, features); ok && !sameQuad(edges, id.Corners) {
			he := homography(pageQuadOf(spec), edges)
			if h, cc := refine(src, he, spec, ref); cc > id.Correlation || id.Correlation == 0 {
				id.H, id.Correlation = h, cc
				if cc == 0 {
					id.H = he
				}
				id.Corners = pageCorners(id.H, spec)
			}
		}
		// A weak registration may start from a homography that the features fitted on part
		// of the page only (a strong perspective, glare or blur elsewhere) and that is
		// wrong by more than the refinement corrects at the page's far side: the features
		// are matched again on the page straightened with it, where they look as they do on
		// the reference, and the better registration wins.
		for i := 0; i < rematchRounds && id.Correlation < eccGood; i++ {
			h, ok := rematch(src, id.H, refs[0])
			if !ok {
				break
			}
			h, cc := refine(src, h, spec, ref)
			if cc <= id.Correlation {
				break
			}
			id.H, id.Correlation, id.Corners = h, cc, pageCorners(h, spec)
		}
		id.Correlation = math.Max(id.Correlation, registration(src, id.H, spec, ref))
	}
	return out
}

// rematchRounds is how often, at most, the features are matched again on a weakly registered
// page (see rematch).
const rematchRounds = 2

// rematch matches the reference's features with those of the page straightened with h (page
// pixels to image pixels) at the reference's working scale, each with one near its place
// there (within rematchGate of the page's width), and returns the homography they correct h
// to, and true when enough of them agree.
func rematch(src *pyramid, h [9]float64, r *reference) ([9]float64, bool) {
	page := r.spec.PagePx()
	w, hh := int(math.Round(float64(page.X)*r.scale)), int(math.Round(float64(page.Y)*r.scale))
	q := pageCorners(h, r.spec)
	img, q := src.pageAt(q, (dist(q[0], q[1])+dist(q[3], q[2]))/2, float64(w))
	gray := Rectify(img, q, w, hh)
	defer gray.Close()
	kps, words, ok := features(gray)
	if !ok {
		return h, false
	}
	gate := rematchGate * float64(w)
	var from, to [][2]float64
	for i, n := range knn2(r.desc, words) {
		if n.second < 0 || float64(n.d1) > ratioTestLowe*float64(n.d2) {
			continue
		}
		a, b := r.kps[i], kps[n.best]
		if math.Hypot(a.X-b.X, a.Y-b.Y) > gate {
			continue
		}
		from = append(from, [2]float64{a.X, a.Y})
		to = append(to, [2]float64{b.X, b.Y})
	}
	if len(from) < minInliers {
		return h, false
	}
	c, inliers, ok := fitHomography(from, to, rematchPixels)
	if !ok || inliers < minInliers {
		return h, false
	}
	// Page pixels → working scale → corrected → page pixels as h had them → image.
	s := r.scale
	out := mul3(h, mul3([9]float64{1 / s, 0, 0, 0, 1 / s, 0, 0, 0, 1}, mul3(c, [9]float64{s, 0, 0, 0, s, 0, 0, 0, 1})))
	if !convex(pageCorners(out, r.spec)) {
		return h, false
	}
	return out, true
}

const (
	rematchGate   = 0.2 // how far, as a share of the page's width, a feature may lie from its place on the reference
	rematchPixels = 4.0 // RANSAC's tolerance at the working scale
)

// edgeMinCorrelation is the correlation with a model's reference that identifies a page
// registered from its edges alone (genuine documents reach 0.8–0.98, see eccGood).
const edgeMinCorrelation = 0.7

// byEdges identifies a page whose features match no model by its edges: a page reprinted in
// other fonts keeps the model's artwork, but its features sit on the text and the guilloches
// repeat, so feature matching finds too few consistent ones. For each candidate whose
// proportions the page has, in both orientations that keep them,
// registration starts from the page's corners; the best correlation wins when it reaches
// edgeMinCorrelation. The identification has no feature matches. Only for candidates (the
// models the MRZ names): against the whole library it would take two registrations a model
// for every document no model matches, fantasy documents above all (their time 467 → 695 ms).
func (m *Matcher) byEdges(src *pyramid, candidates map[string]bool) []Identification {
	full, _ := src.level(0)
	q, _, err := FindPage(full)
	if err != nil {
		return nil
	}
	var best Identification
	var bestRef *reference
	for _, r := range m.refs {
		if !candidates[r.spec.ID] {
			continue
		}
		want := r.spec.SizeMM[0] / r.spec.SizeMM[1]
		for turn := range 4 {
			var c Quad
			for i := range c {
				c[i] = q[(i+turn)%4]
			}
			w := (dist(c[0], c[1]) + dist(c[3], c[2])) / 2
			h := (dist(c[0], c[3]) + dist(c[1], c[2])) / 2
			if h <= 0 || math.Abs(w/h/want-1) > 0.15 {
				continue
			}
			hm, cc := refine(src, homography(pageQuadOf(r.spec), c), r.spec, r.ecc)
			if cc >= edgeMinCorrelation && cc > best.Correlation {
				best = Identification{Spec: r.spec, H: hm, Corners: pageCorners(hm, r.spec), Correlation: cc}
				bestRef = r
			}
		}
	}
	if bestRef == nil {
		return nil
	}
	best.Correlation = math.Max(best.Correlation, registration(src, best.H, bestRef.spec, bestRef.ecc))
	return []Identification{best}
}

// pageQuadOf is a model's page corners in its own pixels, clockwise from the top-left.
func pageQuadOf(spec *templates.Spec) [4][2]float64 { return rectCorners(spec.PagePx()) }

// rectCorners is the corners of a page of size page, clockwise from the top-left.
func rectCorners(page image.Point) [4][2]float64 {
	return [4][2]float64{{0, 0}, {float64(page.X), 0}, {float64(page.X), float64(page.Y)}, {0, float64(page.Y)}}
}

// pageCorners maps a model's page corners into the image with h.
func pageCorners(h [9]float64, spec *templates.Spec) Quad {
	var q Quad
	for i, c := range pageQuadOf(spec) {
		q[i][0], q[i][1] = applyH(h, c[0], c[1])
	}
	return q
}

// pageEdges finds the page's edges in img (FindPage) and orders its corners like near, the
// corners the features put the page at (FindPage cannot tell the page's top from its
// bottom). It fails when no page is found, or one whose sides do not have the model's
// proportions (within what perspective does to them).
func pageEdges(img gocv.Mat, spec *templates.Spec, near Quad) (Quad, bool) {
	q, _, err := FindPage(img)
	if err != nil {
		return Quad{}, false
	}
	var best Quad
	bestD := math.Inf(1)
	for r := 0; r < 4; r++ {
		var c Quad
		d := 0.0
		for i := range c {
			c[i] = q[(i+r)%4]
			d += dist(c[i], near[i])
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	w := (dist(best[0], best[1]) + dist(best[3], best[2])) / 2
	h := (dist(best[0], best[3]) + dist(best[1], best[2])) / 2
	want := spec.SizeMM[0] / spec.SizeMM[1]
	if h <= 0 || spec.SizeMM[1] <= 0 || math.Abs(w/h/want-1) > 0.15 {
		return Quad{}, false
	}
	return best, true
}

// sameQuad reports whether two views of a model's page agree to 1% of its diagonal at every
// corner.
func sameQuad(a, b Quad) bool {
	diag := dist(a[0], a[2])
	for i := range a {
		if dist(a[i], b[i]) > 0.01*diag {
			return false
		}
	}
	return true
}

// byInliers sorts identifications (and their references) by inliers, most first.
type byInliers struct {
	ids  []Identification
	refs []*reference
}

func (b byInliers) Len() int           { return len(b.ids) }
func (b byInliers) Less(i, j int) bool { return b.ids[i].Inliers > b.ids[j].Inliers }
func (b byInliers) Swap(i, j int) {
	b.ids[i], b.ids[j] = b.ids[j], b.ids[i]
	b.refs[i], b.refs[j] = b.refs[j], b.refs[i]
}

// match matches an input's features to a reference and fits the homography.
func match(r *reference, kps []gocv.KeyPoint, desc binaryDescriptors, s float64) (Identification, bool) {
	var src, dst [][2]float64
	for i, n := range knn2(r.desc, desc) {
		if n.second < 0 || float64(n.d1) > ratioTestLowe*float64(n.d2) {
			continue
		}
		a, b := r.kps[i], kps[n.best]
		src = append(src, [2]float64{a.X / r.scale, a.Y / r.scale}) // page pixels
		dst = append(dst, [2]float64{b.X / s, b.Y / s})             // input pixels
	}
	id := Identification{Spec: r.spec, Matches: len(src)}
	if len(src) < minInliers {
		return id, false
	}
	var ok bool
	if id.H, id.Inliers, ok = fitHomography(src, dst, ransacPixels/s); !ok {
		return id, false
	}
	id.Corners = pageCorners(id.H, r.spec)
	id.InlierRate = float64(id.Inliers) / float64(id.Matches)
	return id, id.Inliers >= minInliers && convex(id.Corners)
}

// features are the ORB keypoints of gray and their descriptors; false when there are too few
// to match a model.
func features(gray gocv.Mat) ([]gocv.KeyPoint, binaryDescriptors, bool) {
	orb := newORB()
	defer orb.Close()
	empty := gocv.NewMat()
	defer empty.Close()
	kps, desc := orb.DetectAndCompute(gray, empty)
	defer desc.Close()
	if len(kps) < minInliers || desc.Empty() {
		return nil, nil, false
	}
	return kps, descriptorsOf(desc), true
}

// fitHomography fits the homography taking from to to (RANSAC, with tolerance tol in to's
// units) and returns it with the number of pairs it explains; false when none was found.
func fitHomography(from, to [][2]float64, tol float64) ([9]float64, int, bool) {
	fm, tm := pointsMat(from), pointsMat(to)
	defer fm.Close()
	defer tm.Close()
	mask := gocv.NewMat()
	defer mask.Close()
	hm := gocv.FindHomography(fm, &tm, gocv.HomograpyMethodRANSAC, tol, &mask, 2000, 0.995)
	defer hm.Close()
	var h [9]float64
	if hm.Empty() {
		return h, 0, false
	}
	for i := range h {
		h[i] = hm.GetDoubleAt(i/3, i%3)
	}
	return h, gocv.CountNonZero(mask), true
}

// convex reports whether a quad is convex and not degenerate (a plausible view of a page).
func convex(q Quad) bool {
	sign := 0.0
	for i := 0; i < 4; i++ {
		a, b, c := q[i], q[(i+1)%4], q[(i+2)%4]
		cross := (b[0]-a[0])*(c[1]-b[1]) - (b[1]-a[1])*(c[0]-b[0])
		if math.Abs(cross) < 1 {
			return false
		}
		if sign == 0 {
			sign = math.Copysign(1, cross)
		} else if math.Copysign(1, cross) != sign {
			return false
		}
	}
	return true
}

// pointsMat packs points into an N×1 two-channel float32 Mat.
func pointsMat(p [][2]float64) gocv.Mat {
	b := make([]byte, 8*len(p))
	for i, q := range p {
		binary.LittleEndian.PutUint32(b[8*i:], math.Float32bits(float32(q[0])))
		binary.LittleEndian.PutUint32(b[8*i+4:], math.Float32bits(float32(q[1])))
	}
	m, _ := gocv.NewMatFromBytes(len(p), 1, gocv.MatTypeCV32FC2, b)
	return m
}

// Align warps the image so the model's page fills a page-sized image at the spec's
// resolution: every region of the spec is then where the spec says.
func Align(img gocv.Mat, id *Identification) gocv.Mat {
	page := id.Spec.PagePx()
	return Rectify(img, id.Corners, page.X, page.Y)
}

// aroundMRZ is how far around the centre of an MRZ, in lengths of its lines, IdentifyAround
// looks: any page that prints such an MRZ lies within, whatever its turn (a passport's far
// corner is 0.97 lines' lengths from its MRZ's centre, an identity card's 0.9).
const aroundMRZ = 1.1

// IdentifyAround is Identify in the part of img (BGR) around an MRZ found at box (its lines'
// quad in img's pixels), the homographies and corners given in img's pixels. A document that
// fills a small part of a busy frame (a passport at 3 pixels a millimetre on a desk with
// papers) gives few of the image's features and loses its match; around its MRZ it gives
// most of them. Nil when that part is most of the image (Identify looked there already).
func (m *Matcher) IdentifyAround(img gocv.Mat, box Quad, candidates map[string]bool) []Identification {
	length := math.Max(dist(box[0], box[1]), dist(box[3], box[2]))
	cx := (box[0][0] + box[1][0] + box[2][0] + box[3][0]) / 4
	cy := (box[0][1] + box[1][1] + box[2][1] + box[3][1]) / 4
	half := aroundMRZ * length
	r := image.Rect(int(cx-half), int(cy-half), int(cx+half), int(cy+half)).Intersect(image.Rect(0, 0, img.Cols(), img.Rows()))
	if r.Dx() < 64 || r.Dy() < 64 || r.Dx()*r.Dy() > img.Cols()*img.Rows()*2/3 {
		return nil
	}
	region := img.Region(r)
	crop := region.Clone()
	region.Close()
	defer crop.Close()
	ids := m.Identify(crop, candidates)
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for i := range ids {
		h := &ids[i].H
		for k := 0; k < 3; k++ { // the crop's pixels → img's: a translation after h
			h[k] += ox * h[6+k]
			h[3+k] += oy * h[6+k]
		}
		for k := range ids[i].Corners {
			ids[i].Corners[k][0] += ox
			ids[i].Corners[k][1] += oy
		}
	}
	return ids
}
