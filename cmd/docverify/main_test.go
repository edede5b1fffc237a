package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const (
	td3a = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	td3b = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
)

// TestMRZCommand runs "docverify mrz" in process: output, exit status, golden JSON.
func TestMRZCommand(t *testing.T) {
	for _, c := range []struct {
		name   string
		args   []string
		stdin  string
		status int
		golden string // file in testdata/ holding the expected stdout; "" to skip
		want   []string
	}{
		{name: "valid specimen", args: []string{"mrz", td3a, td3b}, status: exitOK, golden: "mrz_td3.golden"},
		{name: "check digit wrong", args: []string{"mrz", td3a, strings.Replace(td3b, "C36", "C35", 1)}, status: exitInvalid,
			want: []string{`"valid":false`, `{"field":"document_number","code":"check_digit"`}},
		{name: "repair", args: []string{"mrz", "--repair", strings.ToLower(td3a), strings.Replace(td3b, "740", "74O", 1)}, status: exitOK,
			want: []string{`"valid":true`, `"corrections":[{"line":2,"position":16,"from":"O","to":"0"}]`}},
		{name: "unreadable", args: []string{"mrz", "ABC"}, status: exitUnusable, want: []string{`"code":"length"`}},
		{name: "no lines", args: []string{"mrz"}, status: exitUnusable},
		{name: "unknown flag", args: []string{"mrz", "--nope", td3a}, status: exitUnusable},
		{name: "unknown command", args: []string{"frobnicate"}, status: exitUnusable},
		{name: "jsonl blocks in order, worst status", args: []string{"mrz", "--jsonl"},
			stdin:  td3a + "\n" + td3b + "\n\n" + td3a + "\n" + strings.Replace(td3b, "C36", "C35", 1) + "\r\n\n\n",
			status: exitInvalid, want: []string{`"valid":true`, `"valid":false`}},
		{name: "jsonl without a final blank line", args: []string{"mrz", "--jsonl"}, stdin: td3a + "\n" + td3b, status: exitOK},
		{name: "jsonl takes no arguments", args: []string{"mrz", "--jsonl", td3a}, status: exitUnusable},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			got := run(c.args, strings.NewReader(c.stdin), &out, &errOut)
			if got != c.status {
				t.Errorf("exit status %d, want %d; stderr %q", got, c.status, errOut.String())
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %s:\n%s", w, out.String())
				}
			}
			if strings.Contains(out.String(), `\u003c`) {
				t.Error("fillers are escaped as \\u003c")
			}
			for i, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if line != "" && !json.Valid([]byte(line)) {
					t.Errorf("output line %d is not JSON: %s", i+1, line)
				}
			}
			if c.name == "jsonl blocks in order, worst status" {
				lines := strings.Split(strings.TrimSpace(out.String()), "\n")
				if len(lines) != 2 || !strings.Contains(lines[0], `"valid":true`) {
					t.Errorf("want 2 objects, valid one first:\n%s", out.String())
				}
			}
			if c.golden != "" {
				path := filepath.Join("testdata", c.golden)
				if *update {
					if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out.Bytes(), want) {
					t.Errorf("output differs from %s (run with -update to accept):\n%s", path, out.String())
				}
			}
		})
	}
}

// TestThreadLimit builds the binary and runs it without OMP_THREAD_LIMIT: it must re-execute
// itself with the limit set to 1 before Tesseract loads.
func TestThreadLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "docverify")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "version")
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "OMP_THREAD_LIMIT=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		OMPThreadLimit string `json:"omp_thread_limit"`
		Native         struct{ OpenCV, Tesseract string }
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if v.OMPThreadLimit != "1" {
		t.Errorf("OMP_THREAD_LIMIT in the process = %q, want 1", v.OMPThreadLimit)
	}
	if !strings.HasPrefix(v.Native.OpenCV, "4.6") || !strings.HasPrefix(v.Native.Tesseract, "5.3") {
		t.Errorf("native versions %+v", v.Native)
	}
}
