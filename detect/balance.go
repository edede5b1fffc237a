package detect

import (
	"math"
	"slices"
)

// minBalanceCells is how many paper cells PaperBalance needs to measure a balance.
const minBalanceCells = 20

// PaperBalance returns the gains, per channel (B, G, R; the largest 1), that bring the page's
// paper to the colour of the reference's: the capture's white balance against the specimen's.
// A phone's white balance under a warm or a cool lamp tints the whole page (the paper pink, a
// hologram's hues pulled towards the tint); colours compared with the specimen's are compared
// after it. Gains only lower channels, so nothing the page shows is clipped by them.
//
// The paper is taken where the reference is lightest: its quarter of lightest cells of about a
// millimetre, outside everything personal (Masked's regions and their margin). Each channel's
// gain is the median, over those cells, of the reference's mean over the page's; cells where the
// page is near white or black in a channel (a reflection, clipped; a shadow) are left out.
// {1, 1, 1} when there is no reference or too few such cells.
func (s *Scan) PaperBalance() [3]float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.balanceDone {
		s.balanceDone = true
		s.balance = s.paperBalance()
	}
	return s.balance
}

func (s *Scan) paperBalance() [3]float64 {
	one := [3]float64{1, 1, 1}
	spec := s.Spec()
	if spec == nil || s.Page.Empty() || s.Ref.Empty() || s.Page.Cols() != s.Ref.Cols() || s.Page.Rows() != s.Ref.Rows() {
		return one
	}
	cell := max(4, int(math.Round(spec.DPI/25.4)))
	w, h := s.Page.Cols()/cell, s.Page.Rows()/cell
	if w < 8 || h < 8 {
		return one
	}
	pm, rm := blockMeans(s.Page, cell), blockMeans(s.Ref, cell)
	page, ref := BGROf(pm), BGROf(rm)
	pm.Close()
	rm.Close()
	if page.W != w || page.H != h || ref.W != w || ref.H != h {
		return one
	}
	use := staticCells(spec, cell, w, h)
	var light []float64
	for i, ok := range use {
		if ok {
			p := ref.Pix[3*i : 3*i+3]
			light = append(light, float64(p[0])+float64(p[1])+float64(p[2]))
		}
	}
	if len(light) < 4*minBalanceCells {
		return one
	}
	slices.Sort(light)
	cut := light[len(light)*3/4]
	var ratio [3][]float64
	for i, ok := range use {
		if !ok {
			continue
		}
		p, r := page.Pix[3*i:3*i+3], ref.Pix[3*i:3*i+3]
		if float64(r[0])+float64(r[1])+float64(r[2]) < cut {
			continue
		}
		if slices.Max(p) >= 250 || slices.Min(p) < 8 {
			continue
		}
		for c := range 3 {
			ratio[c] = append(ratio[c], float64(r[c])/float64(p[c]))
		}
	}
	if len(ratio[0]) < minBalanceCells {
		return one
	}
	var g [3]float64
	for c := range 3 {
		slices.Sort(ratio[c])
		g[c] = ratio[c][len(ratio[c])/2]
	}
	top := max(g[0], g[1], g[2])
	for c := range g {
		g[c] /= top
	}
	return g
}

// Balanced returns the colours with each channel (B, G, R) multiplied by its gain (at most 1:
// PaperBalance's), rounded.
func (c BGR) Balanced(gain [3]float64) BGR {
	out := BGR{W: c.W, H: c.H, Pix: make([]uint8, len(c.Pix))}
	for i, v := range c.Pix {
		out.Pix[i] = uint8(math.Min(255, math.Round(float64(v)*gain[i%3])))
	}
	return out
}
