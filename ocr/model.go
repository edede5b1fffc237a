package ocr

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
)

// Model is the name of docverify's own MRZ model.
const Model = "dvmrz"

//go:embed tessdata
var models embed.FS

// writeModel writes the embedded model into a new private directory for Tesseract, which reads
// models from files.
func writeModel() (string, error) {
	b, err := models.ReadFile("tessdata/" + Model + ".traineddata")
	if err != nil {
		return "", fmt.Errorf("ocr: embedded model: %w", err)
	}
	dir, err := os.MkdirTemp("", "docverify-tessdata-")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, Model+".traineddata"), b, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}
