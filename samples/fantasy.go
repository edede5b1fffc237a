package samples

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/docverify/docverify/templates"
)

// fantasyStates are states that do not exist, for fantasy documents.
var fantasyStates = []struct{ name, code string }{
	{"KINGDOM OF ATLANTIS", "ATL"}, {"REPUBLIC OF ELDORADO", "ELD"}, {"FREE STATE OF ARCADIA", "ARC"},
	{"PRINCIPALITY OF LEMURIA", "LEM"}, {"UNITED PROVINCES OF AVALON", "AVN"}, {"COMMONWEALTH OF THULE", "THL"},
}

// fantasySpec invents a document model no library holds, starting from a real one's layout:
// subtle keeps the claimed state (Utopia) and the layout but not the artwork; moderate also
// claims a state that does not exist and mirrors the layout; obvious changes the page size too
// and drops the hologram and ghost image.
func fantasySpec(rng *rand.Rand, base *templates.Spec, s Strength) *templates.Spec {
	f := *base
	f.Regions = slices.Clone(base.Regions)
	f.Holder = nil
	state := fantasyStates[rng.IntN(len(fantasyStates))]
	hue := 0.2 + rng.Float64()*0.6 // rotate every colour by a fifth to four fifths of the wheel
	f.Paper.Color = rotateHue(f.Paper.Color, hue*0.3)
	kind := map[string]string{"passport": "PASSPORT", "id_card": "IDENTITY CARD", "visa": "VISA"}[f.DocumentType]
	if s != Subtle {
		f.IssuingState = state.code
	}
	f.ID = fmt.Sprintf("fantasy-%s-%s", strings.ToLower(f.IssuingState), strings.ReplaceAll(f.DocumentType, "_", ""))
	f.Name = "fantasy document"
	w := f.SizeMM[0]
	if s == Obvious {
		f.SizeMM = [2]float64{f.SizeMM[0] - 3, f.SizeMM[1] - 2}
	}
	var out []templates.Region
	for _, r := range f.Regions {
		r.Params = cloneParams(r.Params)
		r.Colors = slices.Clone(r.Colors)
		for i := range r.Colors {
			r.Colors[i] = rotateHue(r.Colors[i], hue)
		}
		if r.Color != "" {
			r.Color = rotateHue(r.Color, hue)
		}
		switch r.Kind {
		case templates.KindText:
			if r.Name == "title" {
				r.Text = strings.ReplaceAll(r.Text, "REPUBLIC OF UTOPIA", state.name)
				if s != Subtle {
					r.Text = state.name + "  ·  " + kind
				}
			} else if s != Subtle {
				continue
			}
		case templates.KindGuilloche:
			if r.Style == "rosette" {
				r.Params["petals"] = float64(5 + rng.IntN(6))
				r.Params["curves"] = float64(16 + rng.IntN(12))
				r.Params["inner"] = 0.1 + 0.2*rng.Float64()
			}
			r.Params["wavelength_mm"] = 2 + 10*rng.Float64()
		case templates.KindBackground:
			if r.Style == "fountain-h" {
				r.Style = "fountain-v"
			} else if r.Style == "fountain-v" {
				r.Style = "fountain-h"
			}
		case templates.KindEmblem:
			r.Style = map[string]string{"sun": "star", "star": "sun", "": "star"}[r.Style]
		case templates.KindMicroprint:
			r.Text = state.code + "FANTASY"
		case templates.KindOVD, templates.KindGhostPortrait:
			if s == Obvious {
				continue
			}
		}
		if s != Subtle && r.Kind != templates.KindMRZ && r.Kind != templates.KindBackground &&
			r.Kind != templates.KindIRVisible && r.Name != "guilloche:border" {
			// Mirror the layout above the MRZ.
			r.Rect[0] = w - r.Rect[0] - r.Rect[2]
		}
		if s == Obvious {
			r.Rect = clampRect(r.Rect, f.SizeMM)
		}
		out = append(out, r)
	}
	f.Regions = out
	return &f
}

func cloneParams(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func clampRect(r templates.Rect, size [2]float64) templates.Rect {
	r[2] = math.Min(r[2], size[0])
	r[3] = math.Min(r[3], size[1])
	r[0] = math.Max(0, math.Min(r[0], size[0]-r[2]))
	r[1] = math.Max(0, math.Min(r[1], size[1]-r[3]))
	return r
}

// rotateHue turns a "#rrggbb" colour around the colour wheel by turn (0–1).
func rotateHue(c string, turn float64) string {
	rgb := templates.ParseColor(c)
	r, g, b := float64(rgb.R)/255, float64(rgb.G)/255, float64(rgb.B)/255
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	v, d := mx, mx-mn
	var h, s float64
	if mx > 0 {
		s = d / mx
	}
	switch {
	case d == 0:
		h = 0
	case mx == r:
		h = math.Mod((g-b)/d, 6) / 6
	case mx == g:
		h = ((b-r)/d + 2) / 6
	default:
		h = ((r-g)/d + 4) / 6
	}
	h = math.Mod(h+turn+1, 1)
	return colorHex(hsv(h, s, v))
}
