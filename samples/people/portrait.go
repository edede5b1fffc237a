package people

import (
	"image"
	"math"
	"math/rand/v2"
)

// Portrait draws the holder's passport photo: a procedural face, head and shoulders on a plain
// background, w×h pixels. The same seed gives the same pixels; different seeds give clearly
// different people. No real face is used or imitated.
//
// The picture follows ICAO's composition: frontal, centred, the head (chin to crown) about
// three quarters of the frame height, a neutral expression with the mouth closed and the eyes
// open. It is designed on a 413×531 frame (35×45 mm at 300 dpi) and scaled to fit w×h, the
// background filling any margin. The low three bits of seed choose the look: bit 0 a more
// masculine (1) or feminine (0) presentation, bits 1–2 the age band (child, young adult,
// middle-aged, older); NewHolder sets them from the holder's sex and age.
func Portrait(seed uint64, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, max(w, 0), max(h, 0)))
	if w <= 0 || h <= 0 {
		return img
	}
	newFace(rngFor(seed), lookOf(seed)).draw(newCanvas(img))
	return img
}

// rngFor is the random source of the portrait of seed.
func rngFor(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x70_6f_72_74_72_61_69_74)) // "portrait"
}

// ageBand is the rough age a portrait shows.
type ageBand uint8

const (
	child  ageBand = iota // under 13
	young                 // 13 to 39
	middle                // 40 to 64
	older                 // 65 and over
)

// bandOf is the age band of an age in years.
func bandOf(age int) ageBand {
	switch {
	case age < 13:
		return child
	case age < 40:
		return young
	case age < 65:
		return middle
	}
	return older
}

// look is what the low bits of a portrait seed choose.
type look struct {
	masculine bool
	band      ageBand
}

// lookOf reads the look from the low bits of a seed.
func lookOf(seed uint64) look { return look{masculine: seed&1 == 1, band: ageBand(seed >> 1 & 3)} }

// bits is the look written in the low three bits of a seed.
func (l look) bits() uint64 {
	b := uint64(l.band) << 1
	if l.masculine {
		b |= 1
	}
	return b
}

// Styles of the parts of a portrait.
type (
	hairStyle    uint8
	beardStyle   uint8
	glassStyle   uint8
	clothesStyle uint8
)

const (
	hairShort hairStyle = iota
	hairBuzz
	hairCurlyShort
	hairAfro
	hairBald
	hairLong
	hairBob
	hairBun
	hairSlick
	hairScarf
)

const (
	beardNone beardStyle = iota
	beardStubble
	beardMoustache
	beardGoatee
	beardFull
)

const (
	glassNone glassStyle = iota
	glassRound
	glassRect
	glassOval
)

const (
	clothesCrew clothesStyle = iota
	clothesVNeck
	clothesScoop
	clothesShirt
	clothesSuit
	clothesBlazer
	clothesTurtle
)

// face holds everything a portrait shows, in design units (see pt). All randomness is drawn
// in newFace, so drawing is a pure function of it.
type face struct {
	look
	bg, skin, skinDark rgb

	// Head: the skull runs from top to chin around the vertical axis cx, hw wide on either
	// side at the eye line; the cranium is a superellipse of exponent skullN, the jaw one of
	// exponent jawN narrowed by taper towards the chin.
	cx, top, chin, hw   float64
	skullN, jawN, taper float64
	eyeY                float64
	noseY, mouthY       float64
	earR                float64

	eyeDX, ew, eh, tilt float64 // eye centres at cx±eyeDX; half width and height; outer corner lift
	iris                rgb
	crease, liner       bool
	browW, browArch     float64
	browGap, browLen    float64
	browCol             rgb
	noseW               float64
	mw, ut, lt          float64 // mouth half width, upper and lower lip heights
	lip                 rgb
	blush               float64
	wrinkles            float64

	hair             hairStyle
	hairCol          rgb
	beardCol         rgb
	hairTop          float64 // volume above the skull
	hairSide         float64 // volume at the sides
	hairLine         float64 // where the hairline crosses the forehead
	hairEnd          float64 // where long hair ends
	hairFlare        float64
	hairFront        bool    // long hair falls in front of the shoulders
	part             float64 // −1 to 1: where the parting is
	bangs            bool
	recede           float64
	bunR, bunDX      float64
	scarf, scarfBand rgb
	hasBand          bool

	beard    beardStyle
	beardVol float64

	glasses  glassStyle
	frameCol rgb
	frameW   float64

	clothes               clothesStyle
	cloth, shirt, tie     rgb
	hasTie                bool
	neckW, neckBase, drop float64
	shoulderW             float64 // half width of the shoulders
	earrings              bool
	earringCol            rgb
}

// newFace draws every parameter of a portrait of look l from r.
func newFace(r *rand.Rand, l look) *face {
	f := &face{look: l}
	f.bg = pick(r, backgrounds).jitter(r, 5)
	f.skin = skinTone(r)
	f.skinDark = f.skin.scale(0.78).mix(rgb{90, 40, 40}, 0.08)

	// Head. ICAO: chin to crown 70–80 % of the frame height.
	f.cx = frameW/2 + between(r, -5, 5)
	f.chin = between(r, 428, 442)
	length := between(r, 350, 372)
	ratio := between(r, 0.295, 0.335)
	switch {
	case l.band == child:
		ratio = between(r, 0.35, 0.39)
	case l.masculine:
		ratio += 0.012
	}
	f.top = f.chin - length
	f.hw = length * ratio
	f.skullN = between(r, 2.0, 2.4)
	f.jawN = between(r, 2.0, 2.9)
	f.taper = between(r, 0.18, 0.42)
	if l.masculine && l.band != child {
		f.jawN = between(r, 2.3, 3.2)
		f.taper = between(r, 0.12, 0.34)
	}
	eyeAt := between(r, 0.47, 0.52)
	if l.band == child {
		eyeAt = between(r, 0.54, 0.58)
	}
	f.eyeY = f.top + length*eyeAt
	d := f.chin - f.eyeY
	f.noseY = f.eyeY + d*between(r, 0.40, 0.46)
	f.mouthY = f.eyeY + d*between(r, 0.63, 0.68)
	if l.band == child {
		f.noseY = f.eyeY + d*between(r, 0.36, 0.40)
		f.mouthY = f.eyeY + d*between(r, 0.60, 0.64)
	}
	f.earR = length * between(r, 0.10, 0.12)

	// Eyes and brows.
	f.eyeDX = f.hw * between(r, 0.42, 0.48)
	f.ew = f.hw * between(r, 0.19, 0.225)
	f.eh = f.ew * between(r, 0.36, 0.48)
	if l.band == child {
		f.ew *= 1.06
		f.eh = f.ew * between(r, 0.46, 0.54)
	}
	f.tilt = between(r, -0.04, 0.14)
	f.iris = eyeColour(r, f.skin)
	f.crease = chance(r, 0.7)
	f.liner = !l.masculine && l.band != child && chance(r, 0.45)
	switch {
	case l.band == child:
		f.browW = between(r, 3, 5)
	case l.masculine:
		f.browW = between(r, 6, 10)
	default:
		f.browW = between(r, 4, 7.5)
	}
	f.browArch = between(r, 2, 9)
	f.browGap = between(r, 10, 17)
	f.browLen = between(r, 1.05, 1.3)

	f.noseW = f.ew * between(r, 0.78, 0.98)
	if l.masculine {
		f.noseW *= 1.08
	}
	if l.band == child {
		f.noseW *= 0.72
	}
	f.mw = f.hw * between(r, 0.33, 0.42)
	f.ut = f.mw * between(r, 0.13, 0.22)
	f.lt = f.mw * between(r, 0.17, 0.27)
	if !l.masculine {
		f.ut *= 1.15
		f.lt *= 1.15
	}
	if l.band == child {
		f.mw *= 0.78
	}
	f.lip = f.skin.mix(rgb{176, 84, 90}, 0.32).scale(0.9)
	if !l.masculine && l.band != child && chance(r, 0.25) {
		f.lip = f.lip.mix(pick(r, lipsticks), 0.6)
	}
	f.blush = between(r, 0, 0.12)
	if l.band == child {
		f.blush = between(r, 0.08, 0.16)
	}
	f.wrinkles = [...]float64{0, 0, between(r, 0.3, 0.6), between(r, 0.7, 1)}[l.band]

	f.chooseHair(r)
	f.chooseBeard(r)

	// Glasses.
	pg := [...]float64{0.06, 0.22, 0.36, 0.55}[l.band]
	if chance(r, pg) {
		f.glasses = glassStyle(1 + r.IntN(3))
		f.frameCol = pick(r, frameColours)
		f.frameW = between(r, 2.5, 6)
		if f.frameCol.luma() > 150 {
			f.frameW = between(r, 2, 3)
		}
	}

	f.chooseClothes(r)
	f.earrings = !l.masculine && chance(r, 0.35)
	f.earringCol = pick(r, jewellery)
	return f
}

// eyeColour draws an iris colour, the lighter ones only among lighter skin tones.
func eyeColour(r *rand.Rand, skin rgb) rgb {
	t := math.Max(0, math.Min(1, (skin.luma()-120)/90)) // 0 dark skin, 1 light
	w := make([]float64, len(eyeColours))
	for i, e := range eyeColours {
		w[i] = e.dark + (e.light-e.dark)*t
	}
	return eyeColours[weighted(r, w...)].c.jitter(r, 8)
}

// chooseHair draws the hair style, colour and shape.
func (f *face) chooseHair(r *rand.Rand) {
	l := f.look
	switch {
	case l.band == child && l.masculine:
		f.hair = []hairStyle{hairShort, hairBuzz, hairCurlyShort, hairAfro, hairSlick, hairBob}[weighted(r, 45, 12, 16, 6, 10, 5)]
	case l.band == child:
		f.hair = []hairStyle{hairLong, hairBob, hairBun, hairAfro, hairCurlyShort, hairShort}[weighted(r, 40, 22, 14, 12, 6, 6)]
	case l.masculine:
		bald := [...]float64{0, 3, 12, 24}[l.band]
		f.hair = []hairStyle{hairShort, hairBuzz, hairCurlyShort, hairAfro, hairBald, hairLong, hairBun, hairSlick, hairBob}[weighted(r, 40, 12, 12, 4, bald, 4, 2, 12, 2)]
	default:
		f.hair = []hairStyle{hairLong, hairBob, hairAfro, hairBun, hairShort, hairScarf, hairSlick, hairCurlyShort}[weighted(r, 34, 14, 10, 12, 8, 9, 8, 5)]
	}

	// Colour, from the skin tone and the age.
	dark := f.skin.luma() < 120
	var c rgb
	switch {
	case dark:
		c = []rgb{hairBlack, hairDarkBrown, hairBrown}[weighted(r, 70, 26, 4)]
	case f.skin.luma() < 175:
		c = []rgb{hairBlack, hairDarkBrown, hairBrown, hairLightBrown, hairAuburn}[weighted(r, 38, 34, 18, 6, 4)]
	default:
		c = []rgb{hairBlack, hairDarkBrown, hairBrown, hairLightBrown, hairBlonde, hairPlatinum, hairAuburn, hairRed}[weighted(r, 10, 22, 22, 14, 17, 4, 6, 5)]
	}
	if l.band == child && chance(r, 0.3) {
		c = c.mix(hairBlonde, 0.25)
	}
	natural := c
	if l.band == young && chance(r, 0.04) {
		c = pick(r, hairDyed)
	}
	switch {
	case l.band == older && chance(r, 0.7):
		c = []rgb{hairGrey, hairSilver, hairWhite}[r.IntN(3)]
	case l.band == middle && chance(r, 0.35):
		c = c.mix(hairSilver, between(r, 0.3, 0.6))
	}
	f.hairCol = c.jitter(r, 6)
	f.beardCol = natural.mix(f.hairCol, 0.5)
	f.browCol = f.hairCol.scale(0.8)
	if f.hairCol.luma() > 150 {
		f.browCol = f.hairCol.mix(hairBrown, 0.45)
	}
	if f.hair == hairBald || f.hair == hairBuzz {
		f.browCol = c.mix(hairDarkBrown, 0.4)
	}

	length := f.chin - f.top
	f.hairLine = f.top + length*between(r, 0.13, 0.19)
	f.part = []float64{0, between(r, -1, -0.5), between(r, 0.5, 1)}[r.IntN(3)]
	f.hairFront = chance(r, 0.5)
	if l.masculine && l.band >= middle {
		f.recede = between(r, 0, 0.09) * length
	}
	switch f.hair {
	case hairShort:
		f.hairTop, f.hairSide = between(r, 9, 22), between(r, 4, 9)
		f.bangs = chance(r, 0.1)
	case hairBuzz:
		f.hairTop, f.hairSide = between(r, 2, 4), between(r, 1.5, 3)
	case hairCurlyShort:
		f.hairTop, f.hairSide = between(r, 14, 26), between(r, 6, 12)
	case hairAfro:
		f.hairTop, f.hairSide = between(r, 30, 48), between(r, 26, 42)
	case hairLong:
		f.hairTop, f.hairSide = between(r, 10, 20), between(r, 10, 20)
		f.hairEnd = between(r, f.chin+40, frameH+40)
		f.hairFlare = between(r, 8, 36)
		f.bangs = chance(r, 0.25)
	case hairBob:
		f.hairTop, f.hairSide = between(r, 12, 20), between(r, 14, 24)
		f.hairEnd = between(r, f.mouthY, f.chin+12)
		f.hairFlare = between(r, 4, 14)
		f.bangs = chance(r, 0.35)
		f.hairFront = false
	case hairBun:
		f.hairTop, f.hairSide = between(r, 5, 9), between(r, 3, 6)
		f.bunR = between(r, 24, 36)
		f.bunDX = between(r, -8, 8)
		f.part = 0
	case hairSlick:
		f.hairTop, f.hairSide = between(r, 6, 12), between(r, 3, 6)
	case hairScarf:
		f.hairTop, f.hairSide = between(r, 16, 24), between(r, 14, 22)
		f.scarf = pick(r, scarfColours).jitter(r, 8)
		for math.Abs(f.scarf.luma()-f.skin.luma()) < 45 {
			f.scarf = pick(r, scarfColours).jitter(r, 8)
		}
		f.hasBand = chance(r, 0.35)
		f.scarfBand = pick(r, []rgb{{245, 245, 242}, {28, 28, 30}, f.scarf.scale(0.75)})
	}
}

// chooseBeard draws facial hair for masculine adults.
func (f *face) chooseBeard(r *rand.Rand) {
	if !f.masculine || f.band == child {
		return
	}
	w := [...][]float64{young: {56, 16, 4, 9, 15}, middle: {52, 10, 10, 8, 20}, older: {56, 6, 14, 6, 18}}[f.band]
	f.beard = beardStyle(weighted(r, w...))
	f.beardVol = between(r, 4, 16)
}

// chooseClothes draws what the holder wears.
func (f *face) chooseClothes(r *rand.Rand) {
	l := f.look
	all := []clothesStyle{clothesCrew, clothesVNeck, clothesScoop, clothesShirt, clothesSuit, clothesBlazer, clothesTurtle}
	switch {
	case l.band == child:
		f.clothes = all[weighted(r, 45, 5, 15, 30, 0, 0, 5)]
	case l.masculine:
		f.clothes = all[weighted(r, 20, 10, 0, 25, 30, 5, 8)]
	default:
		f.clothes = all[weighted(r, 15, 15, 22, 14, 4, 18, 10)]
	}
	if f.hair == hairScarf && f.clothes == clothesTurtle {
		f.clothes = clothesCrew
	}
	f.cloth = pick(r, clothColours).jitter(r, 8)
	f.shirt = pick(r, shirtColours)
	f.tie = pick(r, clothColours).mix(rgb{120, 30, 40}, 0.2)
	f.hasTie = f.clothes == clothesSuit && chance(r, 0.7)
	if f.clothes == clothesSuit || f.clothes == clothesBlazer {
		f.cloth = pick(r, []rgb{{34, 44, 80}, {30, 30, 34}, {62, 64, 70}, {110, 112, 118}, {92, 72, 56}, {40, 56, 60}, {128, 34, 58}, {200, 180, 150}}).jitter(r, 6)
	}
	f.neckW = f.hw * between(r, 0.45, 0.53)
	switch {
	case l.band == child:
		f.neckW = f.hw * between(r, 0.42, 0.48)
	case l.masculine:
		f.neckW = f.hw * between(r, 0.52, 0.6)
	}
	f.neckBase = f.chin + between(r, 34, 44)
	f.drop = between(r, 22, 42)
	f.shoulderW = between(r, 235, 260)
	if l.band == child {
		f.neckBase = f.chin + between(r, 28, 36)
		f.drop = between(r, 40, 60)
		f.shoulderW = between(r, 195, 215)
	}
}
