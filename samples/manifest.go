package samples

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ManifestName is the manifest's file name in a sample directory.
const ManifestName = "manifest.jsonl"

// Sample is one line of manifest.jsonl: an image (with its infrared and ultraviolet images for
// kiosk captures), its label, and where everything is in it. The format is documented in
// samples/MANIFEST.md; tools that check samples read only ID, File, IR and UV.
type Sample struct {
	ID       string            `json:"id"`
	File     string            `json:"file"`     // relative to the manifest's directory
	IR       *string           `json:"ir"`       // null unless the capture has an infrared image
	UV       *string           `json:"uv"`       // null unless the capture has an ultraviolet image
	Specimen string            `json:"specimen"` // the model's id; a fantasy document's invented id
	PageMM   [2]float64        `json:"page_mm"`
	Label    string            `json:"label"`    // genuine or forged
	Attack   *string           `json:"attack"`   // null for genuine samples
	Strength *string           `json:"strength"` // null for genuine samples
	Capture  string            `json:"capture"`  // scan, kiosk or phone
	MRZ      []string          `json:"mrz"`      // the lines as printed
	Fields   Fields            `json:"fields"`   // the data the printed MRZ carries
	Printed  map[string]string `json:"printed"`  // field name → the exact string printed on the page
	Regions  map[string]Quad   `json:"regions"`  // "document" and every region of the model, in image pixels
}

// Fields are the holder's data as the printed MRZ carries them (for a forgery, as forged).
type Fields struct {
	Surname        string `json:"surname"`
	GivenNames     string `json:"given_names"`
	DocumentNumber string `json:"document_number"`
	BirthDate      string `json:"birth_date"`  // YYYY-MM-DD
	ExpiryDate     string `json:"expiry_date"` // YYYY-MM-DD
	Sex            string `json:"sex"`
	Nationality    string `json:"nationality"`
	IssuingState   string `json:"issuing_state"`
}

// Quad is four corners [x, y] in pixels of a sample's image, clockwise from the document's
// top-left corner.
type Quad [4][2]float64

// ReadManifest reads DIR/manifest.jsonl. Unknown keys are ignored, so other tools' manifests
// with more data can be read.
func ReadManifest(dir string) ([]Sample, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return decodeManifest(f)
}

func decodeManifest(r io.Reader) ([]Sample, error) {
	var out []Sample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var s Sample
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("manifest line %d: %w", n, err)
		}
		if s.ID == "" || s.File == "" {
			return nil, fmt.Errorf("manifest line %d: id and file are required", n)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}
