package detect

import (
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// The MRZ locator's second way, for print too blurred or too small for its characters to come
// apart (a document far from a phone's lens, out of focus): the print is closed into blobs of
// whole lines, and two or three long, thin blobs lying parallel, equally long, side by side
// and evenly spaced make a candidate. The reader turns to it only when the first way gave no
// valid reading.

// lineBlob is a long, thin blob of print that may be one MRZ line, in the located image's
// pixels.
type lineBlob struct {
	cx, cy float64 // centre
	ux, uy float64 // unit direction along the line, pointing right (down when upright)
	l, h   float64 // length and height
}

// Shape bounds of an MRZ line blob: 30 to 44 characters at a pitch of about 0.7 to 1 of the
// character height, closed into one blob a little taller than the print.
const (
	blobMinHeight = 5.0
	blobMinRatio  = 12.0
	blobMaxRatio  = 55.0
	blobMinFill   = 0.45
)

// locateMRZBlobs returns MRZ candidates in img (BGR or grey) found as blobs of whole lines,
// best first.
func locateMRZBlobs(img gocv.Mat) []mrzCandidate {
	gray, s := locateGray(img)
	defer gray.Close()
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.AdaptiveThreshold(gray, &bin, 255, gocv.AdaptiveThresholdMean, gocv.ThresholdBinaryInv, 31, 8)

	var blobs []lineBlob
	closed := gocv.NewMat()
	defer closed.Close()
	for _, k := range []int{3, 5, 7} { // the gap between characters grows with the print
		kernel := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(k, k))
		gocv.MorphologyEx(bin, &closed, gocv.MorphClose, kernel)
		kernel.Close()
		// Every contour, not the outermost only: on a dark desk the page's outline is marked
		// all round and encloses the lines.
		contours := gocv.FindContours(closed, gocv.RetrievalList, gocv.ChainApproxSimple)
		for i := 0; i < contours.Size(); i++ {
			pv := contours.At(i)
			if b, ok := blobOf(pv); ok && !hasBlob(blobs, b) {
				blobs = append(blobs, b)
			}
		}
		contours.Close()
	}
	cands := groupBlobs(blobs)
	unscale(cands, s)
	return cands
}

// blobOf measures a contour's rotated bounding box and keeps it when it has the shape of a
// line of print.
func blobOf(pv gocv.PointVector) (lineBlob, bool) {
	if pv.Size() < 4 {
		return lineBlob{}, false
	}
	rr := gocv.MinAreaRect(pv)
	if len(rr.Points) != 4 {
		return lineBlob{}, false
	}
	p := rr.Points
	e1x, e1y := float64(p[1].X-p[0].X), float64(p[1].Y-p[0].Y)
	e2x, e2y := float64(p[2].X-p[1].X), float64(p[2].Y-p[1].Y)
	l1, l2 := math.Hypot(e1x, e1y), math.Hypot(e2x, e2y)
	b := lineBlob{}
	if l1 >= l2 {
		b.l, b.h, b.ux, b.uy = l1, l2, e1x/l1, e1y/l1
	} else {
		b.l, b.h, b.ux, b.uy = l2, l1, e2x/l2, e2y/l2
	}
	if b.h < blobMinHeight || b.l < blobMinRatio*b.h || b.l > blobMaxRatio*b.h {
		return lineBlob{}, false
	}
	if gocv.ContourArea(pv) < blobMinFill*b.l*b.h {
		return lineBlob{}, false
	}
	if b.ux < 0 || (b.ux == 0 && b.uy < 0) {
		b.ux, b.uy = -b.ux, -b.uy
	}
	for _, q := range p {
		b.cx += float64(q.X) / 4
		b.cy += float64(q.Y) / 4
	}
	return b, true
}

// hasBlob reports whether bs already holds b (found again with another closing).
func hasBlob(bs []lineBlob, b lineBlob) bool {
	for _, o := range bs {
		if math.Hypot(o.cx-b.cx, o.cy-b.cy) < 0.5*b.h && math.Abs(o.l-b.l) < 0.1*b.l {
			return true
		}
	}
	return false
}

// groupBlobs finds MRZs among line blobs: two or three parallel blobs of about one length and
// height, starting together, one to three and a half heights apart. A group that a further such
// line continues, before its first line or after its last, is part of a paragraph of other text
// (a letter beside the document, columns of a form): an MRZ stands apart, and such groups are
// ranked after every group that does.
func groupBlobs(bs []lineBlob) []mrzCandidate {
	offset := func(b lineBlob) float64 { return b.cx*-b.uy + b.cy*b.ux }
	sort.Slice(bs, func(i, j int) bool { return offset(bs[i]) < offset(bs[j]) })
	var out []mrzCandidate
	used := map[int]bool{}
	for a := range bs {
		if used[a] {
			continue
		}
		group := []int{a}
		for b := a + 1; b < len(bs) && len(group) < 3; b++ {
			next, beyond := follows(bs[group[len(group)-1]], bs[b])
			if beyond {
				break
			}
			if next {
				group = append(group, b)
			}
		}
		if len(group) < 2 {
			continue
		}
		c := mrzCandidate{score: float64(len(group))}
		first, last := bs[group[0]], bs[group[len(group)-1]]
		for k := range bs {
			if next, _ := follows(last, bs[k]); next {
				c.score -= paragraphPenalty
				break
			}
			if next, _ := follows(bs[k], first); next {
				c.score -= paragraphPenalty
				break
			}
		}
		var l, h float64
		for _, k := range group {
			used[k] = true
			l += bs[k].l / float64(len(group))
			h += bs[k].h / float64(len(group))
		}
		// OCR-B's pitch is about 0.7 of a capital's height; the blob is a little taller.
		c.pitch = 0.6 * h
		for _, k := range group {
			b := bs[k]
			nx, ny := -b.uy, b.ux
			// Each line cut 1.8 blob heights high, about two cap heights (the blob is a little
			// taller than the print): dvmrz reads a crop of 1.6–2.2 cap heights best
			// (ocr/training/README.md); at 1.5 blob heights a blurred line's characters
			// filled the crop and read as garbage.
			hl, hh := l/2+0.5*h, 0.9*h
			c.chars = append(c.chars, int(math.Round(l/c.pitch)))
			c.lines = append(c.lines, Quad{
				{b.cx - b.ux*hl - nx*hh, b.cy - b.uy*hl - ny*hh},
				{b.cx + b.ux*hl - nx*hh, b.cy + b.uy*hl - ny*hh},
				{b.cx + b.ux*hl + nx*hh, b.cy + b.uy*hl + ny*hh},
				{b.cx - b.ux*hl + nx*hh, b.cy - b.uy*hl + ny*hh},
			})
		}
		// Larger print first: small blobs are more often lines of other text.
		c.score += h / 1000
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// paragraphPenalty is what a group of lines that a further line continues loses from its
// score (the number of its lines): enough to rank it after every group that stands apart.
const paragraphPenalty = 3

// follows says whether q is the line after p in one MRZ (parallel, about as long and as high,
// starting together, one to three and a half heights further across), and beyond whether q
// lies too far across for that (blobs sorted across, none after it can be).
func follows(p, q lineBlob) (next, beyond bool) {
	nx, ny := -p.uy, p.ux
	across := (q.cx-p.cx)*nx + (q.cy-p.cy)*ny
	along := (q.cx-p.cx)*p.ux + (q.cy-p.cy)*p.uy
	h := math.Max(p.h, q.h)
	if across < 1.1*h {
		return false, false
	}
	if across > 3.5*h {
		return false, true
	}
	parallel := math.Abs(p.ux*q.uy-p.uy*q.ux) < math.Sin(3*math.Pi/180)
	sameLength := math.Abs(p.l-q.l) < 0.15*math.Max(p.l, q.l)
	sameHeight := math.Max(p.h, q.h) < 1.6*math.Min(p.h, q.h)
	return parallel && sameLength && sameHeight && math.Abs(along) < 0.15*p.l, false
}
