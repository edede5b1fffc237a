package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	okDSN := "postgres://docverify:s3cret@db.internal:5432/docverify?sslmode=verify-full"
	hex64 := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		cfg  Config
		want []string // substrings of the error, each; none means valid
	}{
		{"defaults", DefaultConfig(), nil},
		{"empty driver is sqlite", Config{DataDir: "d"}, nil},
		{"sqlite with a path", Config{Driver: DriverSQLite, Path: "/var/lib/dv/audit.db"}, nil},
		{"postgres", Config{Driver: DriverPostgres, DSN: okDSN, SecretHex: hex64}, nil},
		{"postgres keyword DSN", Config{Driver: DriverPostgres, DSN: "host=db dbname=docverify"}, nil},
		{"unknown driver", Config{Driver: "mysql"}, []string{`driver "mysql"`}},
		{"sqlite without a place", Config{Driver: DriverSQLite}, []string{"data directory or a database path"}},
		{"sqlite with a DSN", Config{DataDir: "d", DSN: okDSN}, []string{"DSN is for postgres"}},
		{"postgres without DSN", Config{Driver: DriverPostgres}, []string{"postgres needs a DSN"}},
		{"postgres with a path", Config{Driver: DriverPostgres, DSN: okDSN, Path: "x.db"}, []string{"path is for sqlite"}},
		{"bad DSN", Config{Driver: DriverPostgres, DSN: "postgres://u:pw@host:notaport/db"}, []string{"postgres DSN"}},
		{"negative numbers", Config{DataDir: "d", BusyTimeout: -time.Second, MaxConns: -1},
			[]string{"busy timeout -1s is negative", "max connections -1 is negative"}},
		{"secret not hex", Config{DataDir: "d", SecretHex: "zz"}, []string{"not hex"}},
		{"secret short", Config{DataDir: "d", SecretHex: "abcd"}, []string{"has 2 bytes, want at least 32"}},
		{"every error at once", Config{Driver: DriverPostgres, Path: "x", SecretHex: "abcd", MaxConns: -2},
			[]string{"needs a DSN", "path is for sqlite", "has 2 bytes", "max connections -2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want errors %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
			if n := len(strings.Split(err.Error(), "\n")); n != len(tc.want) {
				t.Errorf("Validate() gave %d errors, want %d: %q", n, len(tc.want), err)
			}
		})
	}
}

// TestConfigErrorsHidePassword: a DSN's password must not reach logs through an error.
func TestConfigErrorsHidePassword(t *testing.T) {
	err := Config{Driver: DriverPostgres, DSN: "postgres://u:hunter2@host:notaport/db"}.Validate()
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Validate() = %v, want an error without the password", err)
	}
}

// TestOpenInvalidConfig: Open validates before it touches anything.
func TestOpenInvalidConfig(t *testing.T) {
	if _, err := Open(context.Background(), Config{Driver: "mysql"}); err == nil || !strings.Contains(err.Error(), "mysql") {
		t.Errorf("Open = %v, want the driver error", err)
	}
}

func TestConfigSecret(t *testing.T) {
	hex64 := strings.Repeat("0f", 32)
	dir := t.TempDir()
	fromFile, err := LoadOrCreateSecret(dir)
	must(t, err)
	tests := []struct {
		name    string
		cfg     Config
		want    []byte
		wantErr string
	}{
		{"hex wins", Config{DataDir: dir, SecretHex: hex64}, []byte(strings.Repeat("\x0f", 32)), ""},
		{"sqlite keeps it in the data directory", Config{DataDir: dir}, fromFile, ""},
		{"sqlite path's directory", Config{Path: dir + "/x.db"}, fromFile, ""},
		{"postgres needs it shared", Config{Driver: DriverPostgres, DSN: "postgres://h/db"}, nil, "shared audit secret"},
		{"postgres with hex", Config{Driver: DriverPostgres, DSN: "postgres://h/db", SecretHex: hex64}, []byte(strings.Repeat("\x0f", 32)), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.cfg.Secret()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Secret() error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			must(t, err)
			if string(got) != string(tc.want) {
				t.Errorf("Secret() = %x, want %x", got, tc.want)
			}
		})
	}
}
