package detect

import (
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// Measurements on image regions that the checks share. Regions are small (a few hundred
// pixels a side), so they are measured in Go on copies of their pixels.

// Grey is a greyscale image as float64 luminance, 0–255.
type Grey struct {
	W, H int
	Pix  []float64
}

// GreyOf copies a BGR or grey Mat into a Grey.
func GreyOf(m gocv.Mat) Grey {
	g := Grey{W: m.Cols(), H: m.Rows()}
	if g.W == 0 || g.H == 0 {
		return g
	}
	src := m
	tmp := gocv.NewMat()
	defer tmp.Close()
	if m.Channels() == 3 {
		gocv.CvtColor(m, &tmp, gocv.ColorBGRToGray)
		src = tmp
	} else if !m.IsContinuous() {
		m.CopyTo(&tmp)
		src = tmp
	}
	if !src.IsContinuous() {
		c := src.Clone()
		defer c.Close()
		src = c
	}
	b, err := src.DataPtrUint8()
	if err != nil {
		return Grey{}
	}
	g.Pix = make([]float64, g.W*g.H)
	for i := range g.Pix {
		g.Pix[i] = float64(b[i])
	}
	return g
}

// BGR is a colour image as bytes, B, G, R per pixel.
type BGR struct {
	W, H int
	Pix  []uint8
}

// BGROf copies a BGR Mat.
func BGROf(m gocv.Mat) BGR {
	c := m.Clone() // a region is not continuous
	defer c.Close()
	b, err := c.DataPtrUint8()
	if err != nil || c.Channels() != 3 {
		return BGR{}
	}
	return BGR{W: c.Cols(), H: c.Rows(), Pix: append([]uint8(nil), b...)}
}

// MeanStd returns the mean and standard deviation of the pixels.
func (g Grey) MeanStd() (float64, float64) {
	if len(g.Pix) == 0 {
		return 0, 0
	}
	var s, ss float64
	for _, v := range g.Pix {
		s += v
		ss += v * v
	}
	n := float64(len(g.Pix))
	m := s / n
	return m, math.Sqrt(math.Max(0, ss/n-m*m))
}

// Glare marks (1) the pixels of a page crop that are near white (240 or more) and at least 20
// levels above the reference's (same size): a lamp's reflection on the laminate, not paper or a
// light backdrop that the reference has too.
func Glare(page, ref Grey) Grey {
	out := Grey{W: page.W, H: page.H, Pix: make([]float64, len(page.Pix))}
	for i, v := range page.Pix {
		if i < len(ref.Pix) && v >= 240 && v-ref.Pix[i] >= 20 {
			out.Pix[i] = 1
		}
	}
	return out
}

// NCC is the normalised cross-correlation of two images of the same size, −1…1.
func NCC(a, b Grey) float64 {
	if a.W != b.W || a.H != b.H || len(a.Pix) == 0 {
		return 0
	}
	ma, sa := a.MeanStd()
	mb, sb := b.MeanStd()
	if sa == 0 || sb == 0 {
		return 0
	}
	var s float64
	for i := range a.Pix {
		s += (a.Pix[i] - ma) * (b.Pix[i] - mb)
	}
	return s / float64(len(a.Pix)) / (sa * sb)
}

// Blur returns a box blur of radius r (r = 0: a copy).
func (g Grey) Blur(r int) Grey {
	out := Grey{W: g.W, H: g.H, Pix: make([]float64, len(g.Pix))}
	if r <= 0 {
		copy(out.Pix, g.Pix)
		return out
	}
	if r == 1 && g.W >= 2 && g.H >= 2 {
		blur3(g.Pix, out.Pix, g.W, g.H)
		return out
	}
	boxBlur(g.Pix, out.Pix, g.W, g.H, r)
	return out
}

// boxBlur is Blur(r): each pixel the mean of its (2r+1)² neighbourhood within the image, rows
// first, with the same sums in the same order as that definition (so the same values to the
// last bit), the window's bounds worked out once a pixel and the columns summed a row at a
// time (a column's pixels lie a row apart in memory). dst is all zero.
func boxBlur(src, dst []float64, w, h, r int) {
	tmp := make([]float64, len(src))
	for y := 0; y < h; y++ {
		row, out := src[y*w:(y+1)*w], tmp[y*w:(y+1)*w]
		for x := range out {
			if r == 2 && x >= 2 && x+2 < w { // the radius the checks use, written out
				out[x] = (row[x-2] + row[x-1] + row[x] + row[x+1] + row[x+2]) / 5
				continue
			}
			lo, hi := max(0, x-r), min(w-1, x+r)
			var s float64
			for _, v := range row[lo : hi+1] {
				s += v
			}
			out[x] = s / float64(hi-lo+1)
		}
	}
	for y := 0; y < h; y++ {
		lo, hi := max(0, y-r), min(h-1, y+r)
		out := dst[y*w : (y+1)*w]
		if r == 2 && y >= 2 && y+2 < h {
			t0, t1, t2, t3, t4 := tmp[(y-2)*w:][:w], tmp[(y-1)*w:][:w], tmp[y*w:][:w], tmp[(y+1)*w:][:w], tmp[(y+2)*w:][:w]
			for x := range out {
				out[x] = (t0[x] + t1[x] + t2[x] + t3[x] + t4[x]) / 5
			}
			continue
		}
		for k := lo; k <= hi; k++ {
			in := tmp[k*w : (k+1)*w]
			for x, v := range in {
				out[x] += v
			}
		}
		n := float64(hi - lo + 1)
		for x := range out {
			out[x] /= n
		}
	}
}

// blur3 is Blur(1) written out for its only hot use (Detail): the same sums in the same order,
// without the per-pixel window bounds. w and h are at least 2.
func blur3(src, dst []float64, w, h int) {
	tmp := make([]float64, len(src))
	for y := 0; y < h; y++ {
		row, out := src[y*w:(y+1)*w], tmp[y*w:(y+1)*w]
		out[0] = (row[0] + row[1]) / 2
		for x := 1; x < w-1; x++ {
			out[x] = (row[x-1] + row[x] + row[x+1]) / 3
		}
		out[w-1] = (row[w-2] + row[w-1]) / 2
	}
	for y := 0; y < h; y++ {
		out := dst[y*w : (y+1)*w]
		up, mid, down := tmp[max(0, y-1)*w:][:w], tmp[y*w:][:w], tmp[min(h-1, y+1)*w:][:w]
		switch {
		case y == 0:
			for x := range out {
				out[x] = (mid[x] + down[x]) / 2
			}
		case y == h-1:
			for x := range out {
				out[x] = (up[x] + mid[x]) / 2
			}
		default:
			for x := range out {
				out[x] = (up[x] + mid[x] + down[x]) / 3
			}
		}
	}
}

// Detail is the fine-detail energy: the mean squared difference between the image and its
// 1-pixel blur. Fine lines and microprint have a lot; a copy or a print loses it.
func (g Grey) Detail() float64 {
	if len(g.Pix) == 0 {
		return 0
	}
	b := g.Blur(1)
	var s float64
	for i := range g.Pix {
		d := g.Pix[i] - b.Pix[i]
		s += d * d
	}
	return s / float64(len(g.Pix))
}

// Resize resamples to w×h (area average when shrinking).
func (g Grey) Resize(w, h int) Grey {
	out := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	if g.W == 0 || g.H == 0 {
		return out
	}
	sx, sy := float64(g.W)/float64(w), float64(g.H)/float64(h)
	for y := 0; y < h; y++ {
		y0, y1 := int(float64(y)*sy), max(int(float64(y)*sy)+1, int(float64(y+1)*sy))
		for x := 0; x < w; x++ {
			x0, x1 := int(float64(x)*sx), max(int(float64(x)*sx)+1, int(float64(x+1)*sx))
			var s float64
			n := 0
			for yy := y0; yy < min(y1, g.H); yy++ {
				for xx := x0; xx < min(x1, g.W); xx++ {
					s += g.Pix[yy*g.W+xx]
					n++
				}
			}
			if n > 0 {
				out.Pix[y*w+x] = s / float64(n)
			}
		}
	}
	return out
}

// Saturation returns the mean HSV saturation (0–1) and the spread of hue (the circular
// standard deviation, radians) of the pixels whose saturation is above 0.15.
func (c BGR) Saturation() (mean, hueSpread float64) {
	n := len(c.Pix) / 3
	if n == 0 {
		return 0, 0
	}
	var ss, sx, sy float64
	var k int
	for i := 0; i < n; i++ {
		a, s := hueSat(c.Pix[3*i : 3*i+3])
		ss += s
		if s > 0.15 {
			sx += math.Cos(a)
			sy += math.Sin(a)
			k++
		}
	}
	mean = ss / float64(n)
	if k > 0 {
		// At most 1 (all hues one): rounding can take it a hair above, and the logarithm
		// positive.
		rbar := math.Min(1, math.Hypot(sx, sy)/float64(k))
		hueSpread = math.Sqrt(-2 * math.Log(math.Max(rbar, 1e-9)))
	}
	return mean, hueSpread
}

// MeanBGR returns the mean colour.
func (c BGR) MeanBGR() [3]float64 {
	var m [3]float64
	n := len(c.Pix) / 3
	if n == 0 {
		return m
	}
	for i := 0; i < n; i++ {
		for j := 0; j < 3; j++ {
			m[j] += float64(c.Pix[3*i+j])
		}
	}
	for j := range m {
		m[j] /= float64(n)
	}
	return m
}

// bandSpectrum returns the magnitude spectrum of the centre 128×128 window of g (mean removed,
// Hann-windowed) at periods of minPeriod–maxPeriod pixels, divided by the band's median, in a
// fixed order of frequencies; nil when g is too small.
func bandSpectrum(g Grey, minPeriod, maxPeriod float64) []float64 {
	n := 128
	for n > 32 && (g.W < n || g.H < n) {
		n /= 2
	}
	if g.W < n || g.H < n {
		return nil
	}
	x0, y0 := (g.W-n)/2, (g.H-n)/2
	data := make([]float32, n*n)
	var mean float64
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			mean += g.Pix[(y0+y)*g.W+x0+x]
		}
	}
	mean /= float64(n * n)
	for y := 0; y < n; y++ {
		wy := 0.5 - 0.5*math.Cos(2*math.Pi*float64(y)/float64(n-1))
		for x := 0; x < n; x++ {
			wx := 0.5 - 0.5*math.Cos(2*math.Pi*float64(x)/float64(n-1))
			data[y*n+x] = float32((g.Pix[(y0+y)*g.W+x0+x] - mean) * wx * wy)
		}
	}
	src, err := gocv.NewMatFromBytes(n, n, gocv.MatTypeCV32F, float32Bytes(data))
	if err != nil {
		return nil
	}
	defer src.Close()
	spec := gocv.NewMat()
	defer spec.Close()
	gocv.DFT(src, &spec, gocv.DftComplexOutput)
	parts := gocv.Split(spec)
	mag := gocv.NewMat()
	defer mag.Close()
	gocv.Magnitude(parts[0], parts[1], &mag)
	for _, p := range parts {
		p.Close()
	}
	var band []float64
	for v := 0; v < n; v++ {
		fy := float64(v)
		if v > n/2 {
			fy -= float64(n)
		}
		for u := 0; u <= n/2; u++ { // half plane: the spectrum of a real image is symmetric
			f := math.Hypot(float64(u), fy) / float64(n)
			if f == 0 || 1/f < minPeriod || 1/f > maxPeriod {
				continue
			}
			band = append(band, float64(mag.GetFloatAt(v, u)))
		}
	}
	if len(band) == 0 {
		return nil
	}
	sorted := append([]float64(nil), band...)
	sort.Float64s(sorted)
	med := sorted[len(sorted)/2]
	if med == 0 {
		return nil
	}
	for i := range band {
		band[i] /= med
	}
	return band
}

// Periodicity measures how strongly a regular dot or line pattern shows in a grey image: the
// strongest peak of its spectrum at periods of minPeriod–maxPeriod pixels over the band's
// median.
func Periodicity(g Grey, minPeriod, maxPeriod float64) float64 {
	b := bandSpectrum(g, minPeriod, maxPeriod)
	peak := 0.0
	for _, v := range b {
		peak = math.Max(peak, v)
	}
	return peak
}

// ExcessPeriodicity measures a regular pattern in page that the reference ref of the same area
// does not have: a printer's halftone, a screen's pixel grid, moiré. The design's own periodic
// lines are in both and cancel: for each frequency, the page's normalised magnitude over the
// reference's (at least 1), the strongest of them.
func ExcessPeriodicity(page, ref Grey, minPeriod, maxPeriod float64) float64 {
	p, r := bandSpectrum(page, minPeriod, maxPeriod), bandSpectrum(ref, minPeriod, maxPeriod)
	if p == nil || len(p) != len(r) {
		return 0
	}
	best := 0.0
	for i := range p {
		best = math.Max(best, p[i]/math.Max(r[i], 1))
	}
	return best
}

func float32Bytes(f []float32) []byte {
	b := make([]byte, 4*len(f))
	for i, v := range f {
		u := math.Float32bits(v)
		b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(u), byte(u>>8), byte(u>>16), byte(u>>24)
	}
	return b
}

// InkMargin is how much darker than the paper print must be to count as a field's or a
// caption's ink: 60% of the way from the paper to the darkest print (the 2nd and 70th
// percentiles), at least 20 grey levels, so that the lighter security printing does not count,
// however blurred the capture.
func InkMargin(g Grey) float64 {
	n := len(g.Pix)
	if n == 0 {
		return 1
	}
	q := OrderStats(g.Pix, n/50, n*7/10)
	dark, paper := q[0], q[1]
	return math.Max(20, 0.6*(paper-dark))
}

// InkBox finds the bounding box of dark ink (pixels darker than the region's background by a
// margin) in a grey image, ignoring specks; ok is false when there is no ink.
func InkBox(g Grey, margin float64) (r image.Rectangle, ok bool) {
	if len(g.Pix) == 0 {
		return r, false
	}
	bg := OrderStats(g.Pix, int(0.7*float64(len(g.Pix)-1)))[0]
	cols := make([]int, g.W)
	rows := make([]int, g.H)
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			if g.Pix[y*g.W+x] < bg-margin {
				cols[x]++
				rows[y]++
			}
		}
	}
	minCount := 2
	x0, x1, y0, y1 := -1, -1, -1, -1
	for x, c := range cols {
		if c >= minCount {
			if x0 < 0 {
				x0 = x
			}
			x1 = x
		}
	}
	for y, c := range rows {
		if c >= minCount {
			if y0 < 0 {
				y0 = y
			}
			y1 = y
		}
	}
	if x0 < 0 || y0 < 0 {
		return r, false
	}
	return image.Rect(x0, y0, x1+1, y1+1), true
}

// RelativeDetail is the fine-detail energy of a region relative to that of a region of large
// print in the same image (the MRZ), divided by the same ratio in the reference: capture blur
// lowers both, so the ratio of ratios keeps what a copy or a reprint loses beyond it.
func RelativeDetail(page, pageBase, ref, refBase Grey) float64 {
	pb, rb, rd := pageBase.Detail(), refBase.Detail(), ref.Detail()
	if pb <= 0 || rb <= 0 || rd <= 0 {
		return 1
	}
	return (page.Detail() / pb) / (rd / rb)
}

// NCCShift is the best normalised cross-correlation of a and b (same size) over shifts of b by
// up to reach pixels in each direction, on the pixels where mask (nil: all) is true: a
// comparison that forgives the alignment's last few pixels.
func NCCShift(a, b Grey, mask []bool, reach int) float64 {
	if a.W != b.W || a.H != b.H || len(a.Pix) == 0 {
		return 0
	}
	best := math.Inf(-1)
	for dy := -reach; dy <= reach; dy++ {
		for dx := -reach; dx <= reach; dx++ {
			y0, y1 := max(0, -dy), min(a.H, a.H-dy)
			x0, x1 := max(0, -dx), min(a.W, a.W-dx)
			if y1 <= y0 || x1 <= x0 {
				continue
			}
			// Row by row in the order of the definition (so the same sums to the last bit),
			// without a mask's test where there is none.
			var n, sa, sb, sab, saa, sbb float64
			for y := y0; y < y1; y++ {
				ra := a.Pix[y*a.W+x0 : y*a.W+x1]
				rb := b.Pix[(y+dy)*b.W+x0+dx : (y+dy)*b.W+x1+dx]
				rb = rb[:len(ra)]
				if mask == nil {
					for i, va := range ra {
						vb := rb[i]
						sa += va
						sb += vb
						sab += va * vb
						saa += va * va
						sbb += vb * vb
					}
					n += float64(len(ra))
					continue
				}
				rm := mask[y*a.W+x0 : y*a.W+x1]
				rm = rm[:len(ra)]
				for i, va := range ra {
					if !rm[i] {
						continue
					}
					vb := rb[i]
					n++
					sa += va
					sb += vb
					sab += va * vb
					saa += va * va
					sbb += vb * vb
				}
			}
			if n < 50 {
				continue
			}
			cov := sab/n - (sa/n)*(sb/n)
			va, vb := saa/n-(sa/n)*(sa/n), sbb/n-(sb/n)*(sb/n)
			if va <= 0 || vb <= 0 {
				continue
			}
			best = math.Max(best, cov/math.Sqrt(va*vb))
		}
	}
	if math.IsInf(best, -1) {
		return 0
	}
	return best
}

// Shrink reduces an image by an integer factor k (area average), and a mask with it (a reduced
// pixel is used when most of its pixels are).
func Shrink(g Grey, mask []bool, k int) (Grey, []bool) {
	w, h := g.W/k, g.H/k
	out := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	var m []bool
	if mask != nil {
		m = make([]bool, w*h)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			used := 0
			for yy := y * k; yy < (y+1)*k; yy++ {
				for xx := x * k; xx < (x+1)*k; xx++ {
					s += g.Pix[yy*g.W+xx]
					if mask != nil && mask[yy*g.W+xx] {
						used++
					}
				}
			}
			out.Pix[y*w+x] = s / float64(k*k)
			if mask != nil {
				m[y*w+x] = used*2 > k*k
			}
		}
	}
	return out, m
}

// OrderStats returns the values at the given indices of vals sorted in increasing order,
// without changing vals. Grey levels (integers 0–255, as GreyOf gives) are counted rather than
// sorted, in linear time; other values are sorted.
func OrderStats(vals []float64, idx ...int) []float64 {
	out := make([]float64, len(idx))
	var hist [256]int
	for _, v := range vals {
		if v < 0 || v > 255 || v != math.Trunc(v) {
			sorted := append([]float64(nil), vals...)
			sort.Float64s(sorted)
			for i, k := range idx {
				out[i] = sorted[k]
			}
			return out
		}
		hist[int(v)]++
	}
	for i, k := range idx {
		seen := 0
		for level, n := range hist {
			seen += n
			if seen > k {
				out[i] = float64(level)
				break
			}
		}
	}
	return out
}

// HueShift measures how far the hues of a page's colours are turned from a reference's, in
// the same frame: both images are averaged over blocks of k×k pixels (so a pixel's worth of
// misregistration in fine line work does not count), and for every block that mask keeps
// whole and that is coloured in both (HSV saturation at least minSat), the difference of the
// hues is taken as an angle. shift is the mean angle (degrees, 0–180, circular mean weighted
// by the smaller saturation), agreement the mean resultant length (1: every block turned
// alike, 0: no common turn) and n the number of blocks. A capture's colour cast moves the hue
// of saturated colours little; printing in another design's colours turns them all.
func HueShift(page, ref gocv.Mat, mask []bool, k int) (shift, agreement float64, n int) {
	if page.Cols() != ref.Cols() || page.Rows() != ref.Rows() || page.Channels() != 3 || ref.Channels() != 3 ||
		len(mask) != page.Cols()*page.Rows() || k < 1 {
		return 0, 0, 0
	}
	cols := page.Cols()
	w, h := cols/k, page.Rows()/k
	if w == 0 || h == 0 {
		return 0, 0, 0
	}
	small := func(m gocv.Mat) BGR {
		s := blockMeans(m, k)
		defer s.Close()
		return BGROf(s)
	}
	a, b := small(page), small(ref)
	if len(a.Pix) != 3*w*h || len(b.Pix) != 3*w*h {
		return 0, 0, 0
	}
	keep := make([]bool, w*h)
	var kept [2][3][]float64
	for by := 0; by < h; by++ {
	block:
		for bx := 0; bx < w; bx++ {
			for y := by * k; y < (by+1)*k; y++ {
				for x := bx * k; x < (bx+1)*k; x++ {
					if !mask[y*cols+x] {
						continue block
					}
				}
			}
			i := by*w + bx
			keep[i] = true
			for c := 0; c < 3; c++ {
				kept[0][c] = append(kept[0][c], float64(a.Pix[3*i+c]))
				kept[1][c] = append(kept[1][c], float64(b.Pix[3*i+c]))
			}
		}
	}
	if len(kept[0][0]) == 0 {
		return 0, 0, 0
	}
	// Balance the page's white on the reference's: each channel's gain takes the page's
	// paper (the 90th percentile of the blocks) to the reference's.
	var gain [3]float64
	for c := range gain {
		p := OrderStats(kept[0][c], len(kept[0][c])*9/10)[0]
		r := OrderStats(kept[1][c], len(kept[1][c])*9/10)[0]
		gain[c] = r / math.Max(p, 1)
	}
	var sx, sy, sw float64
	px := make([]uint8, 3)
	for i, ok := range keep {
		if !ok {
			continue
		}
		for c := 0; c < 3; c++ {
			px[c] = uint8(math.Min(255, float64(a.Pix[3*i+c])*gain[c]+0.5))
		}
		ha, sa := hueSat(px)
		hb, sb := hueSat(b.Pix[3*i : 3*i+3])
		if sa < minSat || sb < minSat {
			continue
		}
		wt := math.Min(sa, sb)
		sx += wt * math.Cos(ha-hb)
		sy += wt * math.Sin(ha-hb)
		sw += wt
		n++
	}
	if n == 0 {
		return 0, 0, 0
	}
	return math.Abs(math.Atan2(sy, sx)) * 180 / math.Pi, math.Hypot(sx, sy) / sw, n
}

// minSat is the least HSV saturation of a block whose hue HueShift compares.
const minSat = 0.15

// hueSat is a BGR pixel's HSV hue (radians, 0–2π) and saturation (0–1).
func hueSat(p []uint8) (hue, sat float64) {
	b, g, r := float64(p[0]), float64(p[1]), float64(p[2])
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	if mx == 0 || mx == mn {
		return 0, 0
	}
	var h float64
	switch d := mx - mn; {
	case mx == r:
		h = math.Mod((g-b)/d, 6)
	case mx == g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	if h < 0 {
		h += 6
	}
	return h / 6 * 2 * math.Pi, (mx - mn) / mx
}

// Smoothed returns the image blurred by a Gaussian of sigma pixels over the pixels the mask
// keeps (nil keeps all): each pixel the Gaussian-weighted mean of the kept pixels around it (a
// normalised convolution), so that neither the image's border nor a masked place (a reflection)
// pulls its neighbours' values towards its own. A pixel with no kept pixel within reach keeps
// its value.
func (g Grey) Smoothed(sigma float64, mask []bool) Grey {
	out := Grey{W: g.W, H: g.H, Pix: append([]float64(nil), g.Pix...)}
	if sigma <= 0 || g.W == 0 || g.H == 0 {
		return out
	}
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
	}
	num := make([]float64, len(g.Pix))
	den := make([]float64, len(g.Pix))
	for i, v := range g.Pix {
		if mask == nil || mask[i] {
			num[i], den[i] = v, 1
		}
	}
	// Separable: along the rows, then along the columns, of both the weighted values and the
	// weights.
	pass := func(src []float64, along, across, stride, step int) []float64 {
		dst := make([]float64, len(src))
		for a := range across {
			for b := range along {
				var s float64
				for j := max(0, b-r); j <= min(along-1, b+r); j++ {
					s += k[j-b+r] * src[a*stride+j*step]
				}
				dst[a*stride+b*step] = s
			}
		}
		return dst
	}
	num = pass(pass(num, g.W, g.H, g.W, 1), g.H, g.W, 1, g.W)
	den = pass(pass(den, g.W, g.H, g.W, 1), g.H, g.W, 1, g.W)
	for i := range out.Pix {
		if den[i] > 1e-9 {
			out.Pix[i] = num[i] / den[i]
		}
	}
	return out
}

// Detrended returns the image less its best-fitting plane (least squares over the pixels the
// mask keeps; nil keeps all): what a smooth gradient of light across it adds is taken out.
func (g Grey) Detrended(mask []bool) Grey {
	// Normal equations of v ≈ a + b·x + c·y, coordinates centred.
	cx, cy := float64(g.W-1)/2, float64(g.H-1)/2
	var m [3][4]float64
	for i, v := range g.Pix {
		if mask != nil && !mask[i] {
			continue
		}
		r := [3]float64{1, float64(i%g.W) - cx, float64(i/g.W) - cy}
		for j := range 3 {
			for k := range 3 {
				m[j][k] += r[j] * r[k]
			}
			m[j][3] += r[j] * v
		}
	}
	coef, ok := solveAugmented([][]float64{m[0][:], m[1][:], m[2][:]})
	out := Grey{W: g.W, H: g.H, Pix: append([]float64(nil), g.Pix...)}
	if !ok {
		return out
	}
	for i := range out.Pix {
		out.Pix[i] -= coef[0] + coef[1]*(float64(i%g.W)-cx) + coef[2]*(float64(i/g.W)-cy)
	}
	return out
}

// blockMeans returns m shrunk to the means of its whole k×k blocks (the right and bottom
// remainders left out: a whole factor, OpenCV's fast path); the caller closes it.
func blockMeans(m gocv.Mat, k int) gocv.Mat {
	w, h := m.Cols()/k, m.Rows()/k
	whole := m.Region(image.Rect(0, 0, w*k, h*k))
	defer whole.Close()
	out := gocv.NewMat()
	gocv.Resize(whole, &out, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
	return out
}

// solveAugmented solves the n×n linear system given as an n×(n+1) augmented matrix (changed in
// place), by Gauss–Jordan elimination with partial pivoting; false when it is singular.
func solveAugmented(m [][]float64) ([]float64, bool) {
	n := len(m)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-9 {
			return nil, false
		}
		m[c], m[p] = m[p], m[c]
		for r := range n {
			if r == c {
				continue
			}
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = m[i][n] / m[i][i]
	}
	return x, true
}

// Slope fits y = a + b·x by least squares and returns b (0 when the xs do not spread).
func Slope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	n := float64(max(len(x), 1))
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

// scaleDown resizes src into dst by s (0 < s < 1). From half size up, bilinear interpolation
// draws each output pixel from the same 2 × 2 input neighbourhood that averaging areas covers,
// at a tenth of the cost: OpenCV's area resize takes its general path for a fractional scale
// (15 ms for a 300 dpi scan reduced to 0.82 or 0.97, where bilinear takes 1–2 ms). Below half
// size, areas are averaged, which bilinear sampling would skip. The MRZ locator uses it;
// identification and the page search keep the area average, which the risk model's thresholds
// were measured through (with bilinear there too, seed 16016's genuine scans rejected 0 → 2
// and phone photos 3 → 5, the registration a little different).
func scaleDown(src gocv.Mat, dst *gocv.Mat, s float64) {
	flag := gocv.InterpolationArea
	if s >= 0.5 {
		flag = gocv.InterpolationLinear
	}
	gocv.Resize(src, dst, image.Point{}, s, s, flag)
}
