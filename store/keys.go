package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// KeyPrefix starts every API key, so that a leaked key is easy to recognise (secret scanners).
const KeyPrefix = "dv_"

// NewKey makes a random API key: the plaintext, shown to the operator once ("dv_" and 32
// random bytes in unpadded base64url), and the Key to store, which holds only its SHA-256.
func NewKey(name string, role Role) (plaintext string, k Key, err error) {
	if strings.TrimSpace(name) == "" {
		return "", Key{}, fmt.Errorf("%w: key has no name", ErrInvalid)
	}
	if !role.Valid() {
		return "", Key{}, fmt.Errorf("%w: role %q: want kiosk, officer or trainer", ErrInvalid, role)
	}
	secret := make([]byte, 32)
	id := make([]byte, 5)
	if _, err := rand.Read(secret); err != nil {
		return "", Key{}, err
	}
	if _, err := rand.Read(id); err != nil {
		return "", Key{}, err
	}
	plaintext = KeyPrefix + base64.RawURLEncoding.EncodeToString(secret)
	k = Key{
		ID:      "k_" + strings.ToLower(base32.StdEncoding.EncodeToString(id)), // 8 characters
		Name:    name,
		Role:    role,
		Hash:    HashKey(plaintext),
		Created: time.Now().UTC().Truncate(time.Microsecond),
	}
	return plaintext, k, nil
}

// HashKey returns the SHA-256 of an API key, as stored and looked up. A plain hash is enough:
// keys are 256 random bits, so there is nothing to guess.
func HashKey(plaintext string) []byte {
	h := sha256.Sum256([]byte(plaintext))
	return h[:]
}

// Matches reports, in constant time, whether plaintext is this key.
func (k Key) Matches(plaintext string) bool {
	return len(k.Hash) == sha256.Size && subtle.ConstantTimeCompare(HashKey(plaintext), k.Hash) == 1
}

// validate checks a key before it is stored.
func (k Key) validate() error {
	switch {
	case k.ID == "" || len(k.ID) > 64:
		return fmt.Errorf("%w: key id must have 1 to 64 characters", ErrInvalid)
	case strings.TrimSpace(k.Name) == "":
		return fmt.Errorf("%w: key %s has no name", ErrInvalid, k.ID)
	case !k.Role.Valid():
		return fmt.Errorf("%w: key %s: role %q", ErrInvalid, k.ID, k.Role)
	case len(k.Hash) != sha256.Size:
		return fmt.Errorf("%w: key %s: hash has %d bytes, want %d", ErrInvalid, k.ID, len(k.Hash), sha256.Size)
	}
	return nil
}
