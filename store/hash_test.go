package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var secretA = bytes.Repeat([]byte{0xa5}, SecretSize)

// TestDocHashKnownAnswer pins the hash: changing the scheme would make every stored hash
// unrecognisable, so Seen would stop finding earlier verifications. The value was checked
// with: printf 'UTO\0L898902C3' | openssl dgst -sha256 -mac HMAC -macopt hexkey:a5a5...(32 bytes)
func TestDocHashKnownAnswer(t *testing.T) {
	const want = "e6b22496d28fccc5dfeb606163c60e0dc449014be6ef9a179c3c0d2217f51764"
	got := DocHash(secretA, "UTO", "L898902C3")
	if len(got) != 64 {
		t.Fatalf("DocHash = %q, want 64 hex digits", got)
	}
	if got != want {
		t.Errorf("DocHash = %s, want %s", got, want)
	}
}

func TestDocHash(t *testing.T) {
	base := DocHash(secretA, "UTO", "L898902C3")
	tests := []struct {
		name   string
		secret []byte
		state  string
		number string
		same   bool // as base
	}{
		{"lower case", secretA, "uto", "l898902c3", true},
		{"MRZ fillers and spaces", secretA, "UTO", " L898902C3<<", true},
		{"spaces inside (VIZ)", secretA, "UTO", "L898 902 C3", true},
		{"another number", secretA, "UTO", "L898902C4", false},
		{"another state", secretA, "D<<", "L898902C3", false},
		{"state and number not run together", secretA, "UTOL", "898902C3", false},
		{"another secret", bytes.Repeat([]byte{1}, SecretSize), "UTO", "L898902C3", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DocHash(tc.secret, tc.state, tc.number)
			if (got == base) != tc.same {
				t.Errorf("DocHash(%q, %q) = %s; same as base %s: %v, want %v", tc.state, tc.number, got, base, got == base, tc.same)
			}
		})
	}
	for _, number := range []string{"", "<<<<<<<<<", "  "} {
		if got := DocHash(secretA, "UTO", number); got != "" {
			t.Errorf("DocHash(%q) = %q, want \"\" for no number", number, got)
		}
	}
}

func TestDocHashShortSecretPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("DocHash with a 16-byte secret did not panic")
		}
	}()
	DocHash(make([]byte, 16), "UTO", "L898902C3")
}

func TestLoadOrCreateSecret(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	first, err := LoadOrCreateSecret(dir)
	must(t, err)
	if len(first) != SecretSize || bytes.Equal(first, make([]byte, SecretSize)) {
		t.Fatalf("secret %x: want %d random bytes", first, SecretSize)
	}
	st, err := os.Stat(filepath.Join(dir, SecretFile))
	must(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s mode %v, want 0600", SecretFile, st.Mode().Perm())
	}
	again, err := LoadOrCreateSecret(dir)
	must(t, err)
	if !bytes.Equal(first, again) {
		t.Errorf("second call gave another secret")
	}
	if other, _ := LoadOrCreateSecret(t.TempDir()); bytes.Equal(first, other) {
		t.Errorf("two directories got the same secret")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %d files, want only %s", len(entries), SecretFile)
	}
}

// TestLoadOrCreateSecretRace: instances starting together must agree on one secret.
func TestLoadOrCreateSecretRace(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], errs[i] = LoadOrCreateSecret(dir) }()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], got[0]) {
			t.Errorf("caller %d got another secret", i)
		}
	}
}

func TestLoadSecretRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		want    string
	}{
		{"readable by others", strings.Repeat("ab", 32) + "\n", 0o644, "chmod 600"},
		{"not hex", "this is not a key\n", 0o600, "not hex"},
		{"too short", "abcd\n", 0o600, "has 2 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, SecretFile)
			must(t, os.WriteFile(path, []byte(tc.content), tc.mode))
			must(t, os.Chmod(path, tc.mode))
			_, err := LoadOrCreateSecret(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if b, _ := os.ReadFile(path); string(b) != tc.content {
				t.Errorf("the bad file was overwritten")
			}
		})
	}
}
