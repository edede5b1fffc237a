package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"

	"github.com/docverify/docverify/detect"
)

// version is set at build time (-ldflags "-X main.version=…").
var version = "dev"

// runVersion prints docverify's version, its native libraries' versions and the OpenMP thread
// limit it runs with, as JSON.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	out := struct {
		Version        string                `json:"version"`
		Native         detect.NativeVersions `json:"native"`
		OMPThreadLimit string                `json:"omp_thread_limit"`
	}{version, detect.Versions(), os.Getenv("OMP_THREAD_LIMIT")}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return exitUnusable
	}
	return exitOK
}
