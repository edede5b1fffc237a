package people

import (
	"image/color"
	"math"
	"math/rand/v2"
)

// rgb is a colour with components from 0 to 255, kept in floating point while it is mixed.
type rgb struct{ r, g, b float64 }

// mix moves c towards d by t (0 is c, 1 is d).
func (c rgb) mix(d rgb, t float64) rgb {
	return rgb{c.r + (d.r-c.r)*t, c.g + (d.g-c.g)*t, c.b + (d.b-c.b)*t}
}

// scale multiplies every component by k: darker below 1, lighter above.
func (c rgb) scale(k float64) rgb { return rgb{c.r * k, c.g * k, c.b * k} }

// luma is the colour's brightness (Rec. 601 weights).
func (c rgb) luma() float64 { return 0.299*c.r + 0.587*c.g + 0.114*c.b }

// alpha turns c into a drawing colour with opacity a (0 to 1).
func (c rgb) alpha(a float64) color.NRGBA {
	return color.NRGBA{clamp8(c.r), clamp8(c.g), clamp8(c.b), clamp8(a * 255)}
}

// solid is c fully opaque.
func (c rgb) solid() color.NRGBA { return c.alpha(1) }

// jitter moves each component by up to d, the same way for all three.
func (c rgb) jitter(r *rand.Rand, d float64) rgb {
	k := between(r, -d, d)
	return rgb{c.r + k, c.g + k, c.b + k}
}

func clamp8(v float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, v)))) }

// between draws a number uniformly from [a, b).
func between(r *rand.Rand, a, b float64) float64 { return a + (b-a)*r.Float64() }

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// pick draws one element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted draws an index with probability proportional to its weight.
func weighted(r *rand.Rand, w ...float64) int {
	var sum float64
	for _, v := range w {
		sum += v
	}
	x := r.Float64() * sum
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// Palettes. Skin tones run from very light to very dark; a holder's tone is drawn anywhere
// along the ramp, so every shade in between occurs.
var (
	skinRamp = []rgb{
		{255, 228, 208}, {247, 210, 183}, {238, 194, 162}, {226, 174, 137}, {210, 155, 115},
		{188, 130, 92}, {163, 108, 73}, {136, 87, 58}, {110, 69, 46}, {86, 54, 38}, {64, 42, 32},
	}
	backgrounds = []rgb{
		{243, 241, 234}, {238, 238, 238}, {226, 229, 232}, {214, 218, 222}, {208, 224, 240},
		{222, 233, 244}, {246, 242, 228}, {232, 236, 240}, {198, 212, 228},
	}
	hairBlack      = rgb{30, 26, 25}
	hairDarkBrown  = rgb{58, 40, 30}
	hairBrown      = rgb{96, 64, 42}
	hairLightBrown = rgb{142, 104, 68}
	hairBlonde     = rgb{206, 170, 108}
	hairPlatinum   = rgb{226, 212, 176}
	hairAuburn     = rgb{128, 56, 32}
	hairRed        = rgb{178, 88, 44}
	hairGrey       = rgb{146, 144, 142}
	hairSilver     = rgb{192, 192, 190}
	hairWhite      = rgb{228, 226, 222}
	hairDyed       = []rgb{{112, 30, 52}, {70, 40, 90}, {40, 60, 110}}

	eyeColours = []struct {
		c     rgb
		light float64 // weight among light skin tones
		dark  float64 // weight among dark skin tones
	}{
		{rgb{58, 36, 24}, 20, 70}, {rgb{96, 60, 34}, 20, 26}, {rgb{118, 92, 48}, 14, 4},
		{rgb{150, 108, 44}, 4, 0}, {rgb{82, 118, 72}, 12, 0}, {rgb{74, 122, 172}, 20, 0},
		{rgb{108, 128, 146}, 8, 0}, {rgb{118, 124, 124}, 4, 0},
	}
	clothColours = []rgb{
		{34, 44, 80}, {30, 30, 34}, {62, 64, 70}, {122, 124, 130}, {240, 240, 236},
		{172, 200, 230}, {118, 168, 214}, {110, 30, 40}, {128, 34, 58}, {40, 82, 56},
		{102, 106, 62}, {30, 110, 120}, {204, 160, 52}, {200, 180, 150}, {110, 80, 56},
		{88, 60, 120}, {180, 160, 210}, {228, 120, 100}, {180, 42, 46}, {230, 172, 186},
		{80, 110, 150}, {250, 250, 250}, {60, 40, 70},
	}
	shirtColours = []rgb{
		{248, 248, 246}, {250, 250, 250}, {196, 216, 238}, {226, 236, 246}, {240, 228, 230},
		{232, 232, 226}, {210, 222, 210},
	}
	scarfColours = []rgb{
		{30, 30, 34}, {34, 44, 80}, {118, 40, 60}, {200, 180, 150}, {150, 170, 200},
		{90, 110, 80}, {230, 200, 200}, {120, 90, 140}, {70, 70, 76}, {236, 232, 222},
		{180, 120, 90}, {40, 90, 100},
	}
	frameColours = []rgb{
		{20, 20, 22}, {24, 24, 26}, {72, 44, 30}, {110, 70, 40}, {90, 92, 98}, {190, 160, 90},
		{140, 30, 40}, {40, 50, 110}, {160, 160, 166},
	}
	lipsticks = []rgb{{170, 40, 56}, {196, 90, 110}, {150, 80, 76}, {120, 40, 60}}
	jewellery = []rgb{{212, 176, 88}, {200, 200, 206}}
)

// skinTone draws a skin colour anywhere along the ramp, with a little warmth variation.
func skinTone(r *rand.Rand) rgb {
	t := r.Float64() * float64(len(skinRamp)-1)
	i := min(int(t), len(skinRamp)-2)
	c := skinRamp[i].mix(skinRamp[i+1], t-float64(i))
	w := between(r, -1, 1)
	return rgb{c.r + 5*w, c.g + between(r, -4, 4), c.b - 4*w}
}
