package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SecretFile is the file in the data directory that keeps the document-hash key.
const SecretFile = "audit.key"

// SecretSize is the length of the document-hash key in bytes.
const SecretSize = 32

// DocHash returns the keyed hash (HMAC-SHA256, hex) that stands for a document in the audit
// log: the same document gives the same hash under the same secret, and without the secret
// the hash says nothing about the number. Case, spaces and the MRZ filler '<' are ignored.
// It returns "" when the document number is empty. It panics if the secret is shorter than
// SecretSize, a configuration error that must not silently weaken the hash.
func DocHash(secret []byte, issuingState, documentNumber string) string {
	if len(secret) < SecretSize {
		panic("store: DocHash: secret shorter than 32 bytes")
	}
	number := normalize(documentNumber)
	if number == "" {
		return ""
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(normalize(issuingState)))
	mac.Write([]byte{0}) // so that "AB"+"C1" and "A"+"BC1" differ
	mac.Write([]byte(number))
	return hex.EncodeToString(mac.Sum(nil))
}

// normalize upper-cases s and drops spaces and MRZ fillers.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '<' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
}

// ParseSecret decodes a document-hash key given in hex; it must be at least SecretSize bytes.
func ParseSecret(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("store: audit secret is not hex")
	}
	if len(b) < SecretSize {
		return nil, fmt.Errorf("store: audit secret has %d bytes, want at least %d (%d hex digits)", len(b), SecretSize, 2*SecretSize)
	}
	return b, nil
}

// LoadOrCreateSecret returns the document-hash key kept in dir/audit.key, making a random one
// the first time (hex, mode 0600; dir is made 0700 if missing). Losing the file means earlier
// documents are no longer recognised; sharing it lets several instances hash alike. A key file
// that others can read is refused.
func LoadOrCreateSecret(dir string) ([]byte, error) {
	path := filepath.Join(dir, SecretFile)
	b, err := readSecret(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return b, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: audit secret: %w", err)
	}
	secret := make([]byte, SecretSize)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("store: audit secret: %w", err)
	}
	// Write a temporary file and link it into place: a reader never sees half a key, and when
	// two processes start at once the first link wins and the other reads the winner's key.
	tmp, err := os.CreateTemp(dir, SecretFile+".*")
	if err != nil {
		return nil, fmt.Errorf("store: audit secret: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeSync(tmp, []byte(hex.EncodeToString(secret)+"\n")); err != nil {
		return nil, fmt.Errorf("store: audit secret: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return readSecret(path)
	} else if err != nil {
		return nil, fmt.Errorf("store: audit secret: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return nil, fmt.Errorf("store: audit secret: %w", err)
	}
	return secret, nil
}

// readSecret reads a key file made by LoadOrCreateSecret.
func readSecret(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("store: %s is open to other users (mode %04o): chmod 600 it", path, st.Mode().Perm())
	}
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	secret, err := ParseSecret(string(bytes.TrimSpace(b)))
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return secret, nil
}

// writeSync writes b to f, syncs and closes it.
func writeSync(f *os.File, b []byte) error {
	_, err := f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a new or renamed entry in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
