package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestKeysCommand creates, lists and revokes keys in a data directory, in process.
func TestKeysCommand(t *testing.T) {
	dir := t.TempDir()
	keys := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(append([]string{"keys"}, args...), strings.NewReader(""), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, errOut := keys("create", "--name", "kiosk-7", "--role", "kiosk", "--data", dir)
	key := strings.TrimSpace(out)
	if code != exitOK || !strings.HasPrefix(key, "dv_") || strings.Contains(key, "\n") || !strings.Contains(errOut, "shown this once") {
		t.Fatalf("create: %d %q %q", code, out, errOut)
	}
	code, out, _ = keys("list", "--data", dir)
	if code != exitOK || !strings.Contains(out, "kiosk-7") || !strings.Contains(out, "kiosk") || strings.Contains(out, key) {
		t.Fatalf("list: %d %q", code, out)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if code, _, errOut := keys("revoke", "--data", dir, id); code != exitOK {
		t.Fatalf("revoke: %d %s", code, errOut)
	}
	if code, out, _ := keys("list", "--json", "--data", dir); code != exitOK || !strings.Contains(out, `"revoked_at"`) || strings.Contains(out, "hash") {
		t.Errorf("list --json after revoke: %d %s", code, out)
	}
	if code, _, _ := keys("revoke", "--data", dir, "k_nope"); code != exitInvalid {
		t.Errorf("revoke an unknown key: %d, want %d", code, exitInvalid)
	}
	t.Setenv("DOCVERIFY_DATA", dir)
	if code, out, _ := keys("list"); code != exitOK || !strings.Contains(out, "kiosk-7") {
		t.Errorf("DOCVERIFY_DATA: %d %s", code, out)
	}
	for _, args := range [][]string{
		{},
		{"create", "--name", "x"},
		{"create", "--name", "x", "--role", "admin", "--data", dir},
		{"revoke"},
		{"rotate"},
	} {
		if code, _, _ := keys(args...); code != exitUnusable {
			t.Errorf("keys %v: %d, want %d", args, code, exitUnusable)
		}
	}
}

// TestServeRefuses: bad settings are reported together, and without keys the service will not
// listen beyond loopback.
func TestServeRefuses(t *testing.T) {
	var out, errOut bytes.Buffer
	t.Setenv("DOCVERIFY_QUEUE", "-5")
	code := run([]string{"serve", "--data", t.TempDir(), "--timeout", "-1s", "--store", "mongo"}, strings.NewReader(""), &out, &errOut)
	if code != exitUnusable {
		t.Fatalf("bad settings: %d", code)
	}
	for _, want := range []string{"queue", "timeout", "driver"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("the error does not mention %s: %s", want, errOut.String())
		}
	}
	t.Setenv("DOCVERIFY_QUEUE", "")
	out.Reset()
	errOut.Reset()
	code = run([]string{"serve", "--data", t.TempDir(), "--addr", "0.0.0.0:0"}, strings.NewReader(""), &out, &errOut)
	if code != exitUnusable || !strings.Contains(errOut.String(), "without API keys") {
		t.Errorf("0.0.0.0 without keys: %d %s", code, errOut.String())
	}
}

// TestHealthcheck asks a service that is not there.
func TestHealthcheck(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"serve", "--healthcheck", "--addr", "127.0.0.1:1"}, strings.NewReader(""), &out, &errOut); code != exitInvalid {
		t.Errorf("no service: %d, want %d", code, exitInvalid)
	}
}
