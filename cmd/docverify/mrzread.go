package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/ocr"
	"gocv.io/x/gocv"
)

// runMRZRead reads the MRZ of each image and prints one JSON object per image, in order.
// Exit status: 0 when every MRZ is valid, 1 when some is invalid or unreadable, 2 on usage
// errors.
func runMRZRead(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mrz read", flag.ContinueOnError)
	fs.SetOutput(stderr)
	irFile := fs.String("ir", "", "infrared image of the same capture (one image only)")
	tessdata := fs.String("tessdata", "", "directory with another Tesseract model (for comparisons)")
	lang := fs.String("lang", "", "that model's name")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "images read in parallel")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docverify mrz read [--ir FILE] IMAGE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	files := fs.Args()
	if len(files) == 0 || (*irFile != "" && len(files) != 1) || *workers < 1 {
		fs.Usage()
		return exitUnusable
	}
	pool, err := ocr.NewPool(ocr.Config{Workers: *workers, TessdataDir: *tessdata, Language: *lang})
	if err != nil {
		fmt.Fprintln(stderr, "docverify mrz read:", err)
		return exitUnusable
	}
	defer pool.Close()
	reader := &detect.MRZReader{OCR: pool}

	type result struct {
		file    string
		reading *detect.MRZReading
		err     error
	}
	results := make([]chan result, len(files))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, err := readOne(reader, files[i], *irFile)
				results[i] <- result{files[i], r, err}
			}
		}()
	}
	go func() {
		for i := range files {
			jobs <- i
		}
		close(jobs)
	}()
	status := exitOK
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for i := range files {
		r := <-results[i]
		out := map[string]any{"file": r.file}
		if r.err != nil {
			status = exitInvalid
			out["valid"] = false
			out["errors"] = []map[string]string{{"field": "image", "code": "unreadable", "message": r.err.Error()}}
			enc.Encode(out)
			continue
		}
		if !r.reading.Document.Valid {
			status = exitInvalid
		}
		b, err := r.reading.MarshalJSON()
		if err != nil {
			fmt.Fprintln(stderr, "docverify mrz read:", err)
			return exitUnusable
		}
		// "file" first, then the reading.
		head, _ := json.Marshal(r.file)
		fmt.Fprintf(stdout, "{\"file\":%s,%s\n", head, b[1:])
	}
	wg.Wait()
	return status
}

func readOne(reader *detect.MRZReader, file, irFile string) (*detect.MRZReading, error) {
	img, err := decodeFile(file)
	if err != nil {
		return nil, err
	}
	defer img.Close()
	ir := gocv.NewMat()
	if irFile != "" {
		ir.Close()
		if ir, err = decodeFile(irFile); err != nil {
			return nil, err
		}
	}
	defer ir.Close()
	return reader.Read(context.Background(), img, ir), nil
}

func decodeFile(name string) (gocv.Mat, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return gocv.NewMat(), err
	}
	return detect.Decode(b, detect.DefaultLimits)
}
