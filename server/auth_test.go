package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docverify/docverify/store"
)

// TestAuth: keys are required once one exists; a missing, malformed, unknown or revoked key is
// 401; a kiosk key may not read the key list or another key's verifications.
func TestAuth(t *testing.T) {
	cfg := testConfig(t)
	st := &flakyStore{Store: openStore(t, cfg.DataDir)}
	kiosk, kioskKey := addKey(t, st, "kiosk-7", store.RoleKiosk)
	kiosk2, _ := addKey(t, st, "kiosk-8", store.RoleKiosk)
	officer, _ := addKey(t, st, "desk-1", store.RoleOfficer)
	trainer, _ := addKey(t, st, "bench", store.RoleTrainer)
	revoked, revokedKey := addKey(t, st, "old", store.RoleOfficer)
	if err := st.RevokeKey(context.Background(), revokedKey.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, cfg, WithStore(st), withFakeEngine(t, nil))
	_, img := pickDemo(t, genuinePassport)
	verify := func(key string) *http.Request {
		return withKey(multipartRequest("/v1/verify", map[string][]byte{"image": img}), key)
	}

	// A verification by each kiosk.
	var ids []string
	for _, k := range []string{kiosk, kiosk2} {
		rec := s.do(verify(k))
		if rec.Code != http.StatusOK {
			t.Fatalf("verify: %d %s", rec.Code, rec.Body.String())
		}
		var a struct{ ID string }
		json.Unmarshal(rec.Body.Bytes(), &a)
		ids = append(ids, a.ID)
	}

	for _, c := range []struct {
		name   string
		req    *http.Request
		status int
		code   string
	}{
		{"no key", multipartRequest("/v1/verify", map[string][]byte{"image": img}), 401, CodeUnauthorized},
		{"not bearer", func() *http.Request {
			r := get("/v1/specimens", "")
			r.Header.Set("Authorization", "Basic "+kiosk)
			return r
		}(), 401, CodeUnauthorized},
		{"empty bearer", func() *http.Request {
			r := get("/v1/specimens", "")
			r.Header.Set("Authorization", "Bearer ")
			return r
		}(), 401, CodeUnauthorized},
		{"unknown key", get("/v1/specimens", "dv_not-a-key"), 401, CodeUnauthorized},
		{"key with a changed character", get("/v1/specimens", kiosk[:len(kiosk)-1]+"x"), 401, CodeUnauthorized},
		{"revoked key", get("/v1/specimens", revoked), 401, CodeUnauthorized},
		{"kiosk verifies", verify(kiosk), 200, ""},
		{"kiosk reads specimens", get("/v1/specimens", kiosk), 200, ""},
		{"kiosk checks an MRZ", withKey(jsonRequest("/v1/mrz", map[string]any{"lines": []string{"P<UTO"}}), kiosk), 200, ""},
		{"kiosk reads its verification", get("/v1/verifications/"+ids[0], kiosk), 200, ""},
		{"kiosk reads another kiosk's verification", get("/v1/verifications/"+ids[1], kiosk), 404, CodeNotFound},
		{"kiosk asks for another key's list", get("/v1/verifications?key_id=k_other", kiosk), 403, CodeForbidden},
		{"kiosk lists keys", get("/v1/keys", kiosk), 403, CodeForbidden},
		{"officer reads any verification", get("/v1/verifications/"+ids[0], officer), 200, ""},
		{"officer lists keys", get("/v1/keys", officer), 200, ""},
		{"trainer lists keys", get("/v1/keys", trainer), 200, ""},
		{"officer asks for a kiosk's list", get("/v1/verifications?key_id="+kioskKey.ID, officer), 200, ""},
		{"unknown verification", get("/v1/verifications/nope", officer), 404, CodeNotFound},
		{"demo needs no key", get("/v1/demo", ""), 200, ""},
		{"probes need no key", get("/readyz", ""), 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := s.do(c.req)
			if rec.Code != c.status || (c.code != "" && errorCode(t, rec) != c.code) {
				t.Fatalf("%d %s, want %d %s", rec.Code, rec.Body.String(), c.status, c.code)
			}
			if c.status == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Error("401 without WWW-Authenticate: Bearer")
			}
		})
	}

	// Lists: a kiosk sees its own, an officer everybody's.
	count := func(key string) int {
		var l struct{ Verifications []store.Verification }
		json.Unmarshal(s.do(get("/v1/verifications", key)).Body.Bytes(), &l)
		for _, v := range l.Verifications {
			if key == kiosk && v.KeyID != kioskKey.ID {
				t.Errorf("kiosk sees %s's verification", v.KeyID)
			}
		}
		return len(l.Verifications)
	}
	if k, o := count(kiosk), count(officer); k != 2 || o != 3 {
		t.Errorf("kiosk sees %d verifications (want its 2), officer %d (want 3)", k, o)
	}
	// The keys list holds no hashes.
	if body := s.do(get("/v1/keys", officer)).Body.String(); strings.Contains(body, "hash") || !strings.Contains(body, "kiosk-7") {
		t.Errorf("key list: %s", body)
	}

	// The lookup by hash is followed by a constant-time comparison with the stored hash: a
	// store that answers the wrong key is refused.
	st.set(func(f *flakyStore) { f.wrongHash = true })
	if rec := s.do(get("/v1/specimens", kiosk)); rec.Code != http.StatusUnauthorized {
		t.Errorf("a key whose stored hash differs: %d, want 401", rec.Code)
	}
	if rec := s.do(get("/v1/specimens", "dv_unknown")); rec.Code != http.StatusUnauthorized {
		t.Errorf("an unknown key answered with another key's row: %d, want 401", rec.Code)
	}
	st.set(func(f *flakyStore) { f.wrongHash = false })
	if rec := s.do(get("/v1/specimens", kiosk)); rec.Code != http.StatusOK {
		t.Errorf("the right key again: %d", rec.Code)
	}

	// A store outage: a key seen recently still works; an unseen one gets 503, not 401.
	st.set(func(f *flakyStore) { f.failKeys = true })
	if rec := s.do(get("/v1/specimens", kiosk)); rec.Code != http.StatusOK {
		t.Errorf("recent key during a store outage: %d %s", rec.Code, rec.Body.String())
	}
	if rec := s.do(get("/v1/specimens", trainer[:len(trainer)-2]+"zz")); rec.Code != http.StatusServiceUnavailable || errorCode(t, rec) != CodeUnavailable {
		t.Errorf("unseen key during a store outage: %d %s", rec.Code, rec.Body.String())
	}
	st.set(func(f *flakyStore) { f.failKeys = false })

	// Revoking takes effect at once.
	if err := st.RevokeKey(context.Background(), kioskKey.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if rec := s.do(get("/v1/specimens", kiosk)); rec.Code != http.StatusUnauthorized {
		t.Errorf("just revoked: %d, want 401", rec.Code)
	}
}

// TestOpenMode: without keys the API is open on loopback, and the service refuses to listen
// elsewhere; --require-keys closes it and allows other addresses.
func TestOpenMode(t *testing.T) {
	cfg := testConfig(t)
	s := newServer(t, cfg, withFakeEngine(t, nil))
	if rec := s.do(get("/v1/keys", "")); rec.Code != http.StatusOK {
		t.Errorf("open mode: %d", rec.Code)
	}
	ln, err := s.Listen(context.Background())
	if err != nil {
		t.Fatalf("loopback: %v", err)
	}
	ln.Close()
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:8080"} {
		s.cfg.Addr = addr
		if ln, err := s.Listen(context.Background()); err == nil || !strings.Contains(err.Error(), "without API keys") {
			if ln != nil {
				ln.Close()
			}
			t.Errorf("%s without keys: %v, want a refusal", addr, err)
		}
	}

	cfg = testConfig(t)
	cfg.RequireKeys = true
	cfg.Addr = "0.0.0.0:0"
	s = newServer(t, cfg, withFakeEngine(t, nil))
	if rec := s.do(get("/v1/specimens", "")); rec.Code != http.StatusUnauthorized {
		t.Errorf("--require-keys without keys: %d, want 401", rec.Code)
	}
	ln, err = s.Listen(context.Background())
	if err != nil {
		t.Fatalf("--require-keys on 0.0.0.0: %v", err)
	}
	ln.Close()
}

// TestRateLimit: a key's token bucket empties and the answer is 429 with Retry-After; another
// key, and a client without a key, have buckets of their own.
func TestRateLimit(t *testing.T) {
	cfg := testConfig(t)
	cfg.Rate, cfg.Burst = 1, 3
	st := openStore(t, cfg.DataDir)
	a, _ := addKey(t, st, "kiosk-a", store.RoleKiosk)
	b, _ := addKey(t, st, "kiosk-b", store.RoleKiosk)
	s := newServer(t, cfg, WithStore(st), withFakeEngine(t, nil))
	for i := range 3 {
		if rec := s.do(get("/v1/specimens", a)); rec.Code != http.StatusOK {
			t.Fatalf("request %d within the burst: %d", i, rec.Code)
		}
	}
	rec := s.do(get("/v1/specimens", a))
	if rec.Code != http.StatusTooManyRequests || errorCode(t, rec) != CodeRateLimited || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("over the rate: %d %s Retry-After %q", rec.Code, rec.Body.String(), rec.Header().Get("Retry-After"))
	}
	if rec := s.do(get("/v1/specimens", b)); rec.Code != http.StatusOK {
		t.Errorf("another key: %d", rec.Code)
	}
	if rec := s.do(get("/v1/demo", "")); rec.Code != http.StatusOK {
		t.Errorf("the demo set is not rate limited: %d", rec.Code)
	}
	if !strings.Contains(s.do(get("/metrics", "")).Body.String(), `docverify_rejected_total{code="rate_limited"} 1`) {
		t.Error("metrics do not count the rate-limited request")
	}

	// Without keys: per client address.
	cfg = testConfig(t)
	cfg.Rate, cfg.Burst = 1, 1
	s = newServer(t, cfg, withFakeEngine(t, nil))
	from := func(addr string) *http.Request { r := get("/v1/specimens", ""); r.RemoteAddr = addr; return r }
	if rec := s.do(from("127.0.0.1:1000")); rec.Code != 200 {
		t.Fatalf("first: %d", rec.Code)
	}
	if rec := s.do(from("127.0.0.1:1001")); rec.Code != http.StatusTooManyRequests {
		t.Errorf("same address, second request: %d, want 429", rec.Code)
	}
	if rec := s.do(from("127.0.0.2:1000")); rec.Code != 200 {
		t.Errorf("another address: %d", rec.Code)
	}
}

// TestLimiterForgets: idle buckets are dropped once they would be full again.
func TestLimiterForgets(t *testing.T) {
	l := newLimiter(10, 5)
	now := time.Now()
	for i := range 1000 {
		l.allow("ip:"+string(rune(i)), now)
	}
	l.allow("ip:late", now.Add(2*time.Minute))
	if len(l.m) != 1 {
		t.Errorf("%d buckets after the sweep, want 1", len(l.m))
	}
}
