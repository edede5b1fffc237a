package capture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/bits"
	"math/rand/v2"
	"sync"

	"gocv.io/x/gocv"
)

// uniform draws from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

func radians(deg float64) float64 { return deg * math.Pi / 180 }

func clamp8(v int) uint8 { return uint8(min(max(v, 0), 255)) }

// fastRand is wyrand: a small, fast generator for per-pixel noise, seeded from the shot's
// random source so that noise is as reproducible as everything else.
type fastRand uint64

func (s *fastRand) next() uint64 {
	*s += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(uint64(*s), uint64(*s^0xe7037ed1a0b428db))
	return hi ^ lo
}

// noiseBits is the size of a noise table's index: 4096 entries stay in the L1 cache.
const noiseBits = 12

// noiseMask keeps a noise table index.
const noiseMask = 1<<noiseBits - 1

// normalQuantiles holds the standard normal distribution's quantiles at (i+0.5)/4096: a
// uniform 12-bit index into it is a standard normal sample (to ±3.5 σ).
var normalQuantiles = sync.OnceValue(func() *[1 << noiseBits]float32 {
	var q [1 << noiseBits]float32
	for i := range q {
		p := (float64(i) + 0.5) / (1 << noiseBits)
		q[i] = float32(math.Sqrt2 * math.Erfinv(2*p-1))
	}
	return &q
})

// noiseTable returns Gaussian noise of standard deviation sigma, rounded to whole levels,
// indexed by a uniform 12-bit number.
func noiseTable(sigma float64) *[1 << noiseBits]int8 {
	var t [1 << noiseBits]int8
	q := normalQuantiles()
	for i, z := range q {
		t[i] = int8(max(-127, min(127, math.Round(float64(z)*sigma))))
	}
	return &t
}

// tone is a device's tone and colour response.
type tone struct {
	contrast   float64    // about 128
	brightness float64    // levels added
	gamma      float64    // exponent on 0–1 values
	wb         [3]float64 // gain per channel, BGR order (colour temperature, colour cast)
}

func (t tone) lut() *[3][256]uint8 {
	var l [3][256]uint8
	for c := range l {
		for i := range l[c] {
			v := 255 * math.Pow(float64(i)/255, t.gamma)
			v = ((v-128)*t.contrast + 128 + t.brightness) * t.wb[c]
			l[c][i] = clamp8(int(math.Round(v)))
		}
	}
	return &l
}

// grey is t with neutral colour, for monochrome (infrared) images.
func (t tone) grey() tone {
	t.wb = [3]float64{1, 1, 1}
	return t
}

// blur is the optical blur of a device: defocus (Gaussian) and motion along a line.
type blur struct {
	sigma  float64 // Gaussian standard deviation, px
	length float64 // motion blur length, px (0 for none)
	angle  float64 // motion direction, radians
}

// pad is how far blur spreads a point, px.
func (b blur) pad() int { return int(math.Ceil(3*b.sigma+b.length/2)) + 2 }

// scaled is b on a grid k times as fine.
func (b blur) scaled(k float64) blur {
	return blur{sigma: b.sigma * k, length: b.length * k, angle: b.angle}
}

// apply blurs m in place.
func (b blur) apply(m *gocv.Mat) {
	if b.length >= 1.5 {
		k := motionKernel(b.length, b.angle)
		defer k.Close()
		gocv.Filter2D(*m, m, -1, k, image.Pt(-1, -1), 0, gocv.BorderReflect101)
	}
	if b.sigma >= 0.25 {
		n := 2*int(math.Ceil(2.5*b.sigma)) + 1
		gocv.GaussianBlur(*m, m, image.Pt(n, n), b.sigma, b.sigma, gocv.BorderReflect101)
	}
}

// motionKernel is a normalised, antialiased line of the given length and direction.
func motionKernel(length, angle float64) gocv.Mat {
	half := int(math.Ceil(length/2)) + 1
	n := 2*half + 1
	k := gocv.NewMatWithSize(n, n, gocv.MatTypeCV32F)
	dx, dy := math.Cos(angle), math.Sin(angle)
	w := make([]float64, n*n)
	var sum float64
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			px, py := float64(x-half), float64(y-half)
			along := px*dx + py*dy
			across := math.Abs(-px*dy + py*dx)
			// Distance beyond the segment's end, if any.
			beyond := max(0, math.Abs(along)-length/2)
			v := max(0, 1-math.Hypot(across, beyond))
			w[y*n+x] = v
			sum += v
		}
	}
	for i, v := range w {
		k.SetFloatAt(i/n, i%n, float32(v/sum))
	}
	return k
}

// pageMat converts img (premultiplied RGBA) into a premultiplied BGRA Mat, or, when grey,
// a two-channel grey+alpha Mat. The caller closes it.
func pageMat(img *image.RGBA, grey bool) (gocv.Mat, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pix := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y):]
	if img.Stride != 4*w {
		c := make([]byte, 4*w*h)
		for y := 0; y < h; y++ {
			copy(c[4*w*y:4*w*(y+1)], pix[img.Stride*y:])
		}
		pix = c
	}
	src, err := gocv.NewMatFromBytes(h, w, gocv.MatTypeCV8UC4, pix[:4*w*h])
	if err != nil {
		return gocv.Mat{}, err
	}
	defer src.Close()
	dst := gocv.NewMat()
	if !grey {
		gocv.CvtColor(src, &dst, gocv.ColorBGRAToRGBA) // the same swap both ways
		return dst, nil
	}
	g := gocv.NewMat()
	defer g.Close()
	gocv.CvtColor(src, &g, gocv.ColorRGBAToGray)
	a := gocv.NewMat()
	defer a.Close()
	gocv.ExtractChannel(src, &a, 3)
	gocv.Merge([]gocv.Mat{g, a}, &dst)
	return dst, nil
}

// light is the illumination of a scene: a gain and an additive glare per pixel, each
// optional (nil), frame-sized, CV_16U gain ×256 and CV_8U glare.
type light struct {
	gain, glare *gocv.Mat
}

// develop is what the device does after the optics: the tone curve, sensor noise.
type develop struct {
	tone  tone
	sigma float64 // noise standard deviation on 0–255
	seed  uint64  // noise seed
}

// layer renders page (premultiplied BGRA, or grey+alpha) through homography h onto the
// frame-sized background bg (BGR, or grey) in place: warp, blur, composite, light, develop.
func layer(bg *gocv.Mat, page gocv.Mat, h mat3, b blur, l light, d develop) error {
	fw, fh := bg.Cols(), bg.Rows()
	x0, y0, x1, y1 := pageQuad(page.Cols(), page.Rows()).mapped(h).bounds()
	p := float64(b.pad())
	roi := image.Rect(int(math.Floor(x0-p)), int(math.Floor(y0-p)), int(math.Ceil(x1+p))+1, int(math.Ceil(y1+p))+1)
	roi = roi.Intersect(image.Rect(0, 0, fw, fh))
	fg := gocv.NewMat()
	defer fg.Close()
	if !roi.Empty() {
		hr := translation(-float64(roi.Min.X), -float64(roi.Min.Y)).mul(h).normalized()
		if hr[6] == 0 && hr[7] == 0 { // affine: a cheaper warp
			am := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
			defer am.Close()
			for i := 0; i < 6; i++ {
				am.SetDoubleAt(i/3, i%3, hr[i])
			}
			gocv.WarpAffineWithParams(page, &fg, am, roi.Size(), gocv.InterpolationLinear, gocv.BorderConstant, color.RGBA{})
		} else {
			hm := hr.toMat()
			defer hm.Close()
			gocv.WarpPerspectiveWithParams(page, &fg, hm, roi.Size(), gocv.InterpolationLinear, gocv.BorderConstant, color.RGBA{})
		}
		b.apply(&fg)
	}
	return finish(bg, fg, roi, l, d)
}

// finish composites fg (premultiplied, with alpha; covering roi of dst) over dst, then
// applies light, tone and noise, in one pass over dst.
func finish(dst *gocv.Mat, fg gocv.Mat, roi image.Rectangle, l light, d develop) error {
	cn := dst.Channels()
	w, h := dst.Cols(), dst.Rows()
	pix, err := dst.DataPtrUint8()
	if err != nil {
		return err
	}
	var fpix []uint8
	if !roi.Empty() {
		if fpix, err = fg.DataPtrUint8(); err != nil {
			return err
		}
	}
	var gain []uint16
	if l.gain != nil {
		if gain, err = l.gain.DataPtrUint16(); err != nil {
			return err
		}
	}
	var glare []uint8
	if l.glare != nil {
		if glare, err = l.glare.DataPtrUint8(); err != nil {
			return err
		}
	}
	if len(gain) != 0 && len(gain) != w*h || len(glare) != 0 && len(glare) != w*h {
		return errors.New("capture: light field size differs from the frame")
	}
	px := pixels{
		lut:   d.tone.lut(),
		noise: noiseTable(d.sigma),
		rng:   fastRand(d.seed),
	}
	fw := roi.Dx() * (cn + 1)
	for y := 0; y < h; y++ {
		px.row = pix[y*w*cn : (y+1)*w*cn]
		px.fg, px.x0, px.x1 = nil, 0, 0
		if y >= roi.Min.Y && y < roi.Max.Y {
			px.fg = fpix[(y-roi.Min.Y)*fw : (y-roi.Min.Y+1)*fw]
			px.x0, px.x1 = roi.Min.X, roi.Max.X
		}
		px.gain, px.glare = nil, nil
		if gain != nil {
			px.gain = gain[y*w : (y+1)*w]
		}
		if glare != nil {
			px.glare = glare[y*w : (y+1)*w]
		}
		if cn == 3 {
			px.bgr()
		} else {
			px.grey()
		}
	}
	return nil
}

// pixels is the state of finish over one row.
type pixels struct {
	row    []uint8  // the background row, written in place
	fg     []uint8  // the foreground over [x0, x1) of the row, premultiplied, with alpha
	x0, x1 int      // foreground span
	gain   []uint16 // light gain ×256 per pixel, or nil
	glare  []uint8  // glare per pixel, or nil
	lut    *[3][256]uint8
	noise  *[1 << noiseBits]int8
	rng    fastRand
}

// over lays premultiplied f with alpha a over b.
func over(f, b uint8, a int) int { return int(f) + (int(b)*(255-a)+127)/255 }

func (p *pixels) bgr() {
	row := p.row
	if p.gain == nil && p.glare == nil {
		// No light to apply: composite and develop in one pass.
		p.developBGR(row[:3*p.x0])
		if p.x1 > p.x0 {
			p.developOverBGR(row[3*p.x0:3*p.x1], p.fg)
		}
		p.developBGR(row[3*max(p.x0, p.x1):])
		return
	}
	if p.x1 > p.x0 {
		p.overBGR(row[3*p.x0:3*p.x1], p.fg)
	}
	p.shine(row, 3)
	p.developBGR(row)
}

// developOverBGR lays premultiplied BGRA pixels fg over the BGR pixels row and develops
// the result.
func (p *pixels) developOverBGR(row, fg []uint8) {
	l0, l1, l2, noise := &p.lut[0], &p.lut[1], &p.lut[2], p.noise
	rng := p.rng
	n := len(row) / 3
	fg = fg[:4*n]
	for x := 0; x < n; x++ {
		q := (*[3]uint8)(row[3*x:])
		f := (*[4]uint8)(fg[4*x:])
		b, g, r := f[0], f[1], f[2]
		if a := int(f[3]); a != 255 {
			b = uint8(min(255, over(f[0], q[0], a)))
			g = uint8(min(255, over(f[1], q[1], a)))
			r = uint8(min(255, over(f[2], q[2], a)))
		}
		rn := rng.next()
		q[0] = clamp8(int(l0[b]) + int(noise[rn&noiseMask]))
		q[1] = clamp8(int(l1[g]) + int(noise[rn>>noiseBits&noiseMask]))
		q[2] = clamp8(int(l2[r]) + int(noise[rn>>(2*noiseBits)&noiseMask]))
	}
	p.rng = rng
}

// overBGR lays premultiplied BGRA pixels fg over the BGR pixels row.
func (p *pixels) overBGR(row, fg []uint8) {
	n := len(row) / 3
	fg = fg[:4*n]
	for x := 0; x < n; x++ {
		f := (*[4]uint8)(fg[4*x:])
		switch a := int(f[3]); a {
		case 255:
			q := (*[3]uint8)(row[3*x:])
			q[0], q[1], q[2] = f[0], f[1], f[2]
		case 0:
		default:
			q := (*[3]uint8)(row[3*x:])
			q[0] = uint8(min(255, over(f[0], q[0], a)))
			q[1] = uint8(min(255, over(f[1], q[1], a)))
			q[2] = uint8(min(255, over(f[2], q[2], a)))
		}
	}
}

// shine applies the light's gain and glare to row, of cn channels.
func (p *pixels) shine(row []uint8, cn int) {
	n := len(row) / cn
	switch gain, glare := p.gain, p.glare; {
	case gain != nil && glare != nil:
		gain, glare = gain[:n], glare[:n]
		for x := 0; x < n; x++ {
			k, a := int(gain[x]), int(glare[x])
			q := row[x*cn : (x+1)*cn]
			for c := range q {
				q[c] = uint8(min(255, (int(q[c])*k+128)>>8+a))
			}
		}
	case gain != nil:
		gain = gain[:n]
		for x := 0; x < n; x++ {
			k := int(gain[x])
			q := row[x*cn : (x+1)*cn]
			for c := range q {
				q[c] = uint8(min(255, (int(q[c])*k+128)>>8))
			}
		}
	case glare != nil:
		glare = glare[:n]
		for x := 0; x < n; x++ {
			a := int(glare[x])
			q := row[x*cn : (x+1)*cn]
			for c := range q {
				q[c] = uint8(min(255, int(q[c])+a))
			}
		}
	}
}

// developBGR applies the tone curve and noise to the BGR pixels row.
func (p *pixels) developBGR(row []uint8) {
	l0, l1, l2, noise := &p.lut[0], &p.lut[1], &p.lut[2], p.noise
	rng := p.rng
	for len(row) >= 3 {
		q := (*[3]uint8)(row)
		rn := rng.next()
		q[0] = clamp8(int(l0[q[0]]) + int(noise[rn&noiseMask]))
		q[1] = clamp8(int(l1[q[1]]) + int(noise[rn>>noiseBits&noiseMask]))
		q[2] = clamp8(int(l2[q[2]]) + int(noise[rn>>(2*noiseBits)&noiseMask]))
		row = row[3:]
	}
	p.rng = rng
}

func (p *pixels) grey() {
	lut, noise := &p.lut[0], p.noise
	var rn uint64
	for x := range p.row {
		v := int(p.row[x])
		if x >= p.x0 && x < p.x1 {
			f := (*[2]uint8)(p.fg[2*(x-p.x0) : 2*(x-p.x0)+2])
			switch a := int(f[1]); a {
			case 255:
				v = int(f[0])
			case 0:
			default:
				v = over(f[0], p.row[x], a)
			}
		}
		if p.gain != nil {
			v = (v*int(p.gain[x]) + 128) >> 8
		}
		if p.glare != nil {
			v += int(p.glare[x])
		}
		if x%5 == 0 { // five 12-bit indices in 64 bits
			rn = p.rng.next()
		}
		p.row[x] = clamp8(int(lut[uint8(min(v, 255))]) + int(noise[rn&noiseMask]))
		rn >>= noiseBits
	}
}

// encodeJPEG encodes m at quality q.
func encodeJPEG(m gocv.Mat, q int) ([]byte, error) {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, q})
	if err != nil {
		return nil, fmt.Errorf("capture: encoding JPEG: %w", err)
	}
	defer buf.Close()
	if buf.Len() == 0 {
		return nil, errors.New("capture: encoding JPEG: empty output")
	}
	return bytes.Clone(buf.GetBytes()), nil
}

// smallField returns a CV_32F Mat of gw×gh values from f(u, v), u and v the cell centres'
// fractions across the frame. The caller closes it.
func smallField(gw, gh int, f func(u, v float64) float64) gocv.Mat {
	m := gocv.NewMatWithSize(gh, gw, gocv.MatTypeCV32F)
	d, _ := m.DataPtrFloat32()
	for y := 0; y < gh; y++ {
		for x := 0; x < gw; x++ {
			d[y*gw+x] = float32(f((float64(x)+0.5)/float64(gw), (float64(y)+0.5)/float64(gh)))
		}
	}
	return m
}

// gainField renders the light gain f(u, v) (1 = unchanged) to a w×h CV_16U Mat (×256)
// through a coarse grid. The caller closes it.
func gainField(w, h, gw, gh int, f func(u, v float64) float64) gocv.Mat {
	s := smallField(gw, gh, func(u, v float64) float64 { return max(0, min(255, f(u, v))) * 256 })
	defer s.Close()
	s16 := gocv.NewMat()
	defer s16.Close()
	s.ConvertTo(&s16, gocv.MatTypeCV16U)
	out := gocv.NewMat()
	gocv.Resize(s16, &out, image.Pt(w, h), 0, 0, gocv.InterpolationLinear)
	return out
}
