package mrz

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testNow is the clock of every test: reproducible century and expiry decisions.
var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// sharedDir returns ../shared/<rel> beside the repository, or skips the test, saying so, when
// it is absent (a user's clone has no ../shared).
func sharedDir(t testing.TB, rel string) string {
	t.Helper()
	for _, base := range []string{os.Getenv("DOCVERIFY_SHARED"), "../../shared", "../../../shared"} {
		if base == "" {
			continue
		}
		p := filepath.Join(base, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("skipped: %s not found (set DOCVERIFY_SHARED to the shared folder to run it)", rel)
	return ""
}

// readJSONL decodes every line of a JSON-lines file into a new T.
func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
