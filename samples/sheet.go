package samples

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // sample images
	"image/png"
	"io"
	"os"
	"path/filepath"

	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
)

// ContactSheet draws a PNG of a sample set: the first genuine sample, then the first sample of
// each attack, as thumbnails with their labels, four to a row.
func ContactSheet(dir string, w io.Writer) error {
	set, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	var picks []Sample
	seen := map[string]bool{}
	for _, s := range set {
		key := "genuine"
		if s.Attack != nil {
			key = *s.Attack
		}
		if !seen[key] {
			seen[key] = true
			picks = append(picks, s)
		}
	}
	const cols, tw, th, pad, caption = 4, 330, 236, 10, 30
	rows := (len(picks) + cols - 1) / cols
	sheet := image.NewRGBA(image.Rect(0, 0, cols*(tw+pad)+pad, rows*(th+caption+pad)+pad))
	draw.Draw(sheet, sheet.Rect, image.NewUniform(color.RGBA{246, 246, 246, 255}), image.Point{}, draw.Src)
	dc := gg.NewContextForRGBA(sheet)
	face, done, err := templates.Face("sans-bold", 15)
	if err != nil {
		return err
	}
	defer done()
	dc.SetFontFace(face)
	for i, s := range picks {
		f, err := os.Open(filepath.Join(dir, s.File))
		if err != nil {
			return err
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", s.File, err)
		}
		b := img.Bounds()
		k := min(float64(tw)/float64(b.Dx()), float64(th)/float64(b.Dy()))
		thumb := scaleTo(img, int(float64(b.Dx())*k), int(float64(b.Dy())*k))
		x := pad + (i%cols)*(tw+pad)
		y := pad + (i/cols)*(th+caption+pad)
		draw.Draw(sheet, thumb.Rect.Add(image.Pt(x+(tw-thumb.Rect.Dx())/2, y+(th-thumb.Rect.Dy())/2)), thumb, image.Point{}, draw.Src)
		label := "genuine · " + s.Capture
		dc.SetColor(color.RGBA{20, 110, 50, 255})
		if s.Attack != nil {
			label = *s.Attack + " · " + *s.Strength + " · " + s.Capture
			dc.SetColor(color.RGBA{170, 30, 30, 255})
		}
		dc.DrawString(label, float64(x), float64(y+th+24))
	}
	return png.Encode(w, sheet)
}
