package store

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"testing"
)

func TestNewKey(t *testing.T) {
	plain, k, err := NewKey("gate 3", RoleKiosk)
	must(t, err)
	if !regexp.MustCompile(`^dv_[A-Za-z0-9_-]{43}$`).MatchString(plain) {
		t.Errorf("plaintext %q: want dv_ and 43 base64url characters", plain)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(plain[3:]); err != nil || len(raw) != 32 {
		t.Errorf("plaintext does not hold 32 bytes: %v", err)
	}
	if !regexp.MustCompile(`^k_[a-z2-7]{8}$`).MatchString(k.ID) {
		t.Errorf("id %q: want k_ and 8 base32 characters", k.ID)
	}
	if h := sha256.Sum256([]byte(plain)); string(k.Hash) != string(h[:]) {
		t.Errorf("hash is not the plaintext's SHA-256")
	}
	if k.Name != "gate 3" || k.Role != RoleKiosk || k.Created.IsZero() || k.RevokedAt != nil {
		t.Errorf("key %+v", k)
	}
	plain2, k2, _ := NewKey("gate 3", RoleKiosk)
	if plain2 == plain || k2.ID == k.ID {
		t.Errorf("two keys share a plaintext or an id")
	}
}

func TestNewKeyRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		role Role
	}{{"", RoleKiosk}, {"  ", RoleKiosk}, {"x", ""}, {"x", "admin"}} {
		if _, _, err := NewKey(c.name, c.role); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewKey(%q, %q): err = %v, want ErrInvalid", c.name, c.role, err)
		}
	}
}

func TestKeyMatches(t *testing.T) {
	plain, k, err := NewKey("x", RoleOfficer)
	must(t, err)
	other, _, _ := NewKey("y", RoleOfficer)
	tests := []struct {
		name  string
		key   Key
		plain string
		want  bool
	}{
		{"its key", k, plain, true},
		{"another key", k, other, false},
		{"empty", k, "", false},
		{"one character more", k, plain + "A", false},
		{"no hash", Key{}, "", false}, // an empty hash must never match
		{"truncated hash", Key{Hash: k.Hash[:16]}, plain, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.key.Matches(tc.plain); got != tc.want {
				t.Errorf("Matches = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRoleValid(t *testing.T) {
	for r, want := range map[Role]bool{RoleKiosk: true, RoleOfficer: true, RoleTrainer: true, "": false, "Kiosk": false} {
		if r.Valid() != want {
			t.Errorf("Role(%q).Valid() = %v", r, !want)
		}
	}
}
