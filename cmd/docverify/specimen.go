package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// runSpecimen lists, shows, adds and renders specimens.
func runSpecimen(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: docverify specimen list|show ID|add --image FILE --spec FILE|render [--out DIR] [ID...]")
		return exitUnusable
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("specimen "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("specimens", os.Getenv("DOCVERIFY_SPECIMENS"), "directory of additional specimens (one folder each)")
	imageFile := fs.String("image", "", "add: a scan of a genuine document of the model (JPEG or PNG)")
	specFile := fs.String("spec", "", "add: the model's spec.json")
	out := fs.String("dir", "templates/specimens", "render: the specimen folders whose fictional models to draw (spec.json in, images out)")
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "docverify specimen:", err)
		return exitInvalid
	}
	if sub == "add" {
		if *imageFile == "" || *specFile == "" || *dir == "" {
			fmt.Fprintln(stderr, "docverify specimen add: --image, --spec and --specimens DIR (or DOCVERIFY_SPECIMENS) are required")
			return exitUnusable
		}
		id, err := addSpecimen(*dir, *imageFile, *specFile)
		if err != nil {
			return fail(err)
		}
		if _, err := templates.Load(*dir); err != nil {
			return fail(fmt.Errorf("added %s, but the library does not load: %w", id, err))
		}
		fmt.Fprintf(stdout, "added specimen %s to %s\n", id, *dir)
		return exitOK
	}
	if sub == "render" {
		// Reads the specs from the source folders: their images are what it makes.
		ids := fs.Args()
		if len(ids) == 0 {
			entries, err := os.ReadDir(*out)
			if err != nil {
				return fail(err)
			}
			for _, e := range entries {
				if e.IsDir() {
					ids = append(ids, e.Name())
				}
			}
		}
		for _, id := range ids {
			spec, err := templates.ReadSpec(filepath.Join(*out, id, "spec.json"))
			if err != nil {
				return fail(err)
			}
			if !spec.Fictional {
				continue
			}
			if err := renderSpecimen(spec, filepath.Join(*out, id)); err != nil {
				return fail(err)
			}
			fmt.Fprintf(stdout, "rendered %s\n", id)
		}
		return exitOK
	}
	lib, err := templates.Load(*dir)
	if err != nil {
		return fail(err)
	}
	switch sub {
	case "list":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTYPE\tSTATE\tMRZ\tSIZE (mm)\tSERIES\tISSUED\tSOURCE")
		for _, s := range lib.All() {
			sp := s.Spec
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%gx%g\t%s\t%s…%s\t%s\n", sp.ID, sp.DocumentType, sp.IssuingState, sp.MRZFormat,
				sp.SizeMM[0], sp.SizeMM[1], sp.Series, sp.ValidFrom, sp.ValidTo, s.Source)
		}
		tw.Flush()
		return exitOK
	case "show":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: docverify specimen show ID")
			return exitUnusable
		}
		s, ok := lib.Get(fs.Arg(0))
		if !ok {
			return fail(fmt.Errorf("no specimen %q (see docverify specimen list)", fs.Arg(0)))
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s.Spec); err != nil {
			return fail(err)
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "docverify specimen: unknown subcommand %q\n", sub)
	return exitUnusable
}

// renderSpecimen draws a fictional model's reference images, personalised for its specimen
// holder, into dir.
func renderSpecimen(spec *templates.Spec, dir string) error {
	p, err := samples.SpecimenPerson(spec)
	if err != nil {
		return err
	}
	doc, err := samples.NewDocument(spec, p, p.PortraitSeed)
	if err != nil {
		return err
	}
	r, err := samples.Render(doc, true)
	if err != nil {
		return err
	}
	for name, img := range map[string]image.Image{spec.Images.Visible: r.Page.Visible, spec.Images.IR: r.Page.IR, spec.Images.UV: r.Page.UV} {
		if name == "" {
			continue
		}
		if err := writePNG(filepath.Join(dir, name), img); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// addSpecimen normalises a scan of a genuine document into a reference image: it finds the
// page, straightens it to the spec's size at the spec's resolution, and writes the spec and the
// image into dir/<id>/.
func addSpecimen(dir, imageFile, specFile string) (string, error) {
	b, err := os.ReadFile(specFile)
	if err != nil {
		return "", err
	}
	var spec templates.Spec
	if err := json.Unmarshal(b, &spec); err != nil {
		return "", fmt.Errorf("%s: %w", specFile, err)
	}
	if spec.Images.Visible == "" {
		spec.Images.Visible = "visible.png"
	}
	if err := spec.Validate(); err != nil {
		return "", err
	}
	img := gocv.IMRead(imageFile, gocv.IMReadColor)
	defer img.Close()
	if img.Empty() {
		return "", fmt.Errorf("%s: not a readable JPEG or PNG image", imageFile)
	}
	q, area, err := detect.FindPage(img)
	if err != nil {
		return "", fmt.Errorf("%s: %w", imageFile, err)
	}
	if area < 0.2 {
		return "", fmt.Errorf("%s: the page found covers only %.0f%% of the image; crop the scan or scan on a plain background", imageFile, 100*area)
	}
	// Turn the quad so its long side is the spec's long side.
	d := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
	if (d(q[0], q[1]) < d(q[1], q[2])) != (spec.SizeMM[0] < spec.SizeMM[1]) {
		q = detect.Quad{q[1], q[2], q[3], q[0]}
	}
	size := spec.PagePx()
	ref := detect.Rectify(img, q, size.X, size.Y)
	defer ref.Close()
	out := filepath.Join(dir, spec.ID)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(out, "spec.json")); err == nil {
		return "", errors.New("specimen " + spec.ID + " exists in " + dir + "; remove it first")
	}
	if !gocv.IMWrite(filepath.Join(out, spec.Images.Visible), ref) {
		return "", fmt.Errorf("writing %s failed", spec.Images.Visible)
	}
	spec.Images.IR, spec.Images.UV = "", "" // only the visible image comes from a scan
	spec.Fictional = false
	js, _ := json.MarshalIndent(spec, "", " ")
	return spec.ID, os.WriteFile(filepath.Join(out, "spec.json"), append(js, '\n'), 0o644)
}
