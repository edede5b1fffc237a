// Command pipegen cuts MRZ line images out of generated sample documents exactly as the reader
// does (the MRZ locator, then detect.LineImage), and writes them with their ground truth for
// training: NAME.png, NAME.gt.txt and NAME.box, like linegen. Its lines carry what the
// pipeline really gives the OCR (the capture's blur and perspective, the locator's crop
// margins), which rendered lines only imitate.
//
//	pipegen -samples DIR -out DIR [-j N] [-page]
//
// With -page, each sample's lines are also cut where the engine reads them again when the
// search of the whole image found none soundly (engine.readPageMRZ): in the page straightened
// into its model's frame at the model's resolution (from the manifest's document corners, a
// few pixels off as a registration is), at the places the model prints its lines. A small or
// blurred phone photo's MRZ, which the locator does not find, is read there, scaled up.
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
	"hash/fnv"
	"image"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
	"sync"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

func main() {
	dir := flag.String("samples", "", "sample set with manifest.jsonl")
	out := flag.String("out", "", "output directory")
	jobs := flag.Int("j", 2, "parallel workers")
	page := flag.Bool("page", false, "also cut the lines in the straightened page, where the model prints them")
	flag.Parse()
	if *dir == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	lib, err := templates.Load("")
	if err != nil {
		log.Fatal(err)
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
				img, why := load(*dir, s)
				if why != "" {
					count(why)
					continue
				}
				count(cut(img, *out, s))
				if *page {
					count(cutPage(lib, img, *out, s))
				}
				img.Close()
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

// load decodes a sample's image; the caller closes it. When it cannot, it says why.
func load(dir string, s samples.Sample) (gocv.Mat, string) {
	data, err := os.ReadFile(filepath.Join(dir, s.File))
	if err != nil {
		return gocv.Mat{}, "unreadable"
	}
	img, err := detect.Decode(data, detect.DefaultLimits)
	if err != nil {
		return gocv.Mat{}, "undecodable"
	}
	return img, ""
}

// cut writes the lines of one sample, found by the MRZ locator in its image, and says what
// happened.
func cut(img gocv.Mat, out string, s samples.Sample) string {
	region, ok := s.Regions["mrz"]
	if !ok || len(s.MRZ) == 0 {
		return "no mrz region"
	}
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

// cutPage writes the lines of one sample as the engine cuts them in its straightened page, and
// says what happened.
func cutPage(lib *templates.Library, img gocv.Mat, out string, s samples.Sample) string {
	doc, ok := s.Regions["document"]
	sp, found := lib.Get(s.Specimen)
	if !ok || !found || len(s.MRZ) == 0 {
		return "page: no document"
	}
	region, ok := sp.Spec.Region("mrz")
	lines := detect.MRZLines(&sp.Spec, region)
	if !ok || len(lines) != len(s.MRZ) {
		return "page: no mrz region"
	}
	size := sp.Spec.PagePx()
	pg := detect.Rectify(img, detect.Quad(doc), size.X, size.Y)
	defer pg.Close()
	// A registration's error: up to 3 px (a quarter of a millimetre) either way, the same for
	// a sample's lines, from its id.
	h := fnv.New32a()
	h.Write([]byte(s.ID))
	v := h.Sum32()
	dx, dy := float64(int(v%7)-3), float64(int(v/7%7)-3)
	for i, q := range lines {
		for k := range q {
			q[k][0] += dx
			q[k][1] += dy
		}
		g := detect.LineImage(pg, q)
		if g == nil {
			return "page: bad crop"
		}
		if err := write(filepath.Join(out, fmt.Sprintf("%s_p%d", s.ID, i)), g, s.MRZ[i]); err != nil {
			log.Fatal(err)
		}
	}
	return "page ok: " + s.Capture
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
