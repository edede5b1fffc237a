package server

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// TestValidate reports every problem at once.
func TestValidate(t *testing.T) {
	cfg := DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	cfg.Addr = "nope"
	cfg.Workers = 100
	cfg.Timeout = -time.Second
	cfg.Rate, cfg.Burst = 5, 0
	cfg.MaxUpload = 10
	cfg.Retention = -time.Hour
	cfg.TrustedProxies = []string{"not-an-ip"}
	cfg.Store.Driver = "mongo"
	err := cfg.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"addr", "workers", "timeout", "burst", "max upload", "retention", "trusted proxy", "driver"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not mention %s: %v", want, err)
		}
	}
}

// TestFlagsAndEnv: every flag is also a DOCVERIFY_* variable; the command line wins; bad
// values are all reported.
func TestFlagsAndEnv(t *testing.T) {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.RegisterFlags(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:9999", "--retention", "90d"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"DOCVERIFY_ADDR":            "0.0.0.0:1",
		"DOCVERIFY_DATA":            "/srv/docverify",
		"DOCVERIFY_RATE":            "300/m",
		"DOCVERIFY_REQUIRE_KEYS":    "true",
		"DOCVERIFY_TIMEOUT":         "3s",
		"DOCVERIFY_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1",
		"DOCVERIFY_DSN":             "postgres://u@h/db",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if err := ApplyEnv(fs, lookup); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9999" || cfg.DataDir != "/srv/docverify" || cfg.Rate != 5 || !cfg.RequireKeys ||
		cfg.Timeout != 3*time.Second || cfg.Retention != 90*24*time.Hour || len(cfg.TrustedProxies) != 2 || cfg.Store.DSN != "postgres://u@h/db" {
		t.Errorf("config %+v", cfg)
	}
	fs = flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.RegisterFlags(fs)
	fs.Parse(nil)
	env = map[string]string{"DOCVERIFY_QUEUE": "many", "DOCVERIFY_RATE": "fast", "DOCVERIFY_RETENTION": "forever"}
	err := ApplyEnv(fs, lookup)
	for _, want := range []string{"DOCVERIFY_QUEUE", "DOCVERIFY_RATE", "DOCVERIFY_RETENTION"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad %s not reported: %v", want, err)
		}
	}
}

func TestRateFlag(t *testing.T) {
	for in, want := range map[string]float64{"5": 5, "5/s": 5, "300/m": 5, "3600/h": 1, "0": 0, "0.5/s": 0.5} {
		var r Rate
		if err := r.Set(in); err != nil || float64(r) != want {
			t.Errorf("%q: %v %v, want %v", in, float64(r), err, want)
		}
	}
	for _, in := range []string{"", "x", "-1", "5/d", "NaN"} {
		var r Rate
		if err := r.Set(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
