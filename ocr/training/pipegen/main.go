// Command pipegen cuts MRZ line images out of generated sample documents exactly as the reader
// does (the MRZ locator, then detect.LineImage), and writes them with their ground truth for
// training: NAME.png, NAME.gt.txt and NAME.box, like linegen. Its lines carry what the
// pipeline really gives the OCR (the capture's blur and perspective, the locator's crop
// margins), which rendered lines only imitate.
//
//	pipegen -samples DIR -out DIR [-j N]
//
// DIR is a sample set (docverify samples generate, with a seed never used for evaluation).
// The line's reading direction comes from the manifest's MRZ region (its first corner is the
// MRZ's top-left on the page); samples whose MRZ is not found, or is found with another
// number of lines, are counted and skipped. Forgeries printed in another font are left out.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
	"sync"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
)

func main() {
	dir := flag.String("samples", "", "sample set with manifest.jsonl")
	out := flag.String("out", "", "output directory")
	jobs := flag.Int("j", 2, "parallel workers")
	flag.Parse()
	if *dir == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	set, err := samples.ReadManifest(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	stats := map[string]int{}
	count := func(k string) { mu.Lock(); stats[k]++; mu.Unlock() }
	work := make(chan samples.Sample)
	var wg sync.WaitGroup
	for range *jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				count(cut(*dir, *out, s))
			}
		}()
	}
	for _, s := range set {
		if s.Attack != nil && (*s.Attack == "counterfeit_font" || *s.Attack == "fantasy") {
			count("skipped: other font")
			continue
		}
		work <- s
	}
	close(work)
	wg.Wait()
	fmt.Println(stats)
}

// cut writes the lines of one sample and says what happened.
func cut(dir, out string, s samples.Sample) string {
	region, ok := s.Regions["mrz"]
	if !ok || len(s.MRZ) == 0 {
		return "no mrz region"
	}
	data, err := os.ReadFile(filepath.Join(dir, s.File))
	if err != nil {
		return "unreadable"
	}
	img, err := detect.Decode(data, detect.DefaultLimits)
	if err != nil {
		return "undecodable"
	}
	defer img.Close()
	cx, cy := centre(detect.Quad(region))
	for _, lines := range detect.MRZCandidates(img) {
		if len(lines) != len(s.MRZ) {
			continue
		}
		lx, ly := centre(detect.Quad{lines[0][0], lines[0][1], lines[len(lines)-1][2], lines[len(lines)-1][3]})
		if math.Hypot(lx-cx, ly-cy) > 0.2*dist(region[0], region[1]) {
			continue // another group of lines
		}
		// Upright when the first line's start lies nearer the region's top-left corner than
		// its end does.
		if dist(lines[0][0], region[0]) > dist(lines[len(lines)-1][2], region[0]) {
			lines = detect.FlipLines(lines)
		}
		for i, q := range lines {
			g := detect.LineImage(img, q)
			if g == nil {
				return "bad crop"
			}
			name := filepath.Join(out, fmt.Sprintf("%s_%d", s.ID, i))
			if err := write(name, g, s.MRZ[i]); err != nil {
				log.Fatal(err)
			}
		}
		return "ok: " + s.Capture
	}
	return "not found: " + s.Capture
}

func write(name string, g *image.Gray, text string) error {
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		return err
	}
	if err := os.WriteFile(name+".png", b.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(name+".gt.txt", []byte(text+"\n"), 0o644); err != nil {
		return err
	}
	// Tesseract's line box file: every character with the whole line's box, then a tab for
	// the end of the line.
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	coords := fmt.Sprintf(" %d %d %d %d 0\n", 0, 0, w, h)
	var box bytes.Buffer
	for _, r := range text {
		box.WriteString(string(r) + coords)
	}
	box.WriteString("\t" + coords)
	return os.WriteFile(name+".box", box.Bytes(), 0o644)
}

func centre(q detect.Quad) (float64, float64) {
	return (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4
}

func dist(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
