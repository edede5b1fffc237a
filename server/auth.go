package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/docverify/docverify/store"
	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// principal is who makes a request: an API key, or nobody in open mode (no key exists, not
// required, and the service listens on loopback only).
type principal struct {
	KeyID string
	Role  store.Role
	Open  bool // open mode: every route, the whole audit log
}

// seesAll reports whether the caller may read every key's verifications.
func (p principal) seesAll() bool {
	return p.Open || p.Role == store.RoleOfficer || p.Role == store.RoleTrainer
}

// The roles allowed on each group of routes.
var (
	rolesAll     = []store.Role{store.RoleKiosk, store.RoleOfficer, store.RoleTrainer}
	rolesOfficer = []store.Role{store.RoleOfficer, store.RoleTrainer}
)

// keys authenticates API keys: a lookup by the key's SHA-256, then a constant-time comparison
// of the stored hash (Key.Matches), so neither step's timing depends on how much of a guess
// was right. A key seen recently is remembered for when the store is unreachable, so a short
// store outage does not stop the kiosks (revocations take effect when it is back).
type keys struct {
	store       store.Store
	require     bool          // --require-keys
	staleFor    time.Duration // how long a remembered key serves during a store outage
	anyTTL      time.Duration // how long "do keys exist?" is remembered
	mu          sync.Mutex
	seen        map[string]cachedKey // by hash
	anyKnown    bool
	anyAt       time.Time
	anyExisting bool
}

type cachedKey struct {
	key store.Key
	at  time.Time
}

func newKeys(s store.Store, require bool) *keys {
	return &keys{store: s, require: require, staleFor: 10 * time.Minute, anyTTL: 5 * time.Second, seen: map[string]cachedKey{}}
}

// required reports whether requests need a key: --require-keys, or any key exists (revoked
// ones included, so revoking the last key does not open the service). When the store cannot
// say, keys are required.
func (k *keys) required(ctx context.Context) bool {
	if k.require {
		return true
	}
	k.mu.Lock()
	if k.anyKnown && time.Since(k.anyAt) < k.anyTTL {
		v := k.anyExisting
		k.mu.Unlock()
		return v
	}
	k.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	all, err := k.store.Keys(ctx)
	if err != nil {
		return true // fail closed
	}
	k.mu.Lock()
	k.anyKnown, k.anyAt, k.anyExisting = true, time.Now(), len(all) > 0
	k.mu.Unlock()
	return len(all) > 0
}

// lookup finds the unrevoked key whose plaintext is token.
func (k *keys) lookup(ctx context.Context, token string) (store.Key, error) {
	unknown := errorf(http.StatusUnauthorized, CodeUnauthorized, "unknown or revoked API key")
	hash := store.HashKey(token)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	key, err := k.store.KeyByHash(ctx, hash)
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case err == nil:
		if key.RevokedAt != nil || !key.Matches(token) {
			delete(k.seen, string(hash))
			return store.Key{}, unknown
		}
		if len(k.seen) >= 10000 { // bound the memory a flood of keys could take
			clear(k.seen)
		}
		k.seen[string(hash)] = cachedKey{key, time.Now()}
		return key, nil
	case errors.Is(err, store.ErrNotFound):
		delete(k.seen, string(hash))
		return store.Key{}, unknown
	}
	c, ok := k.seen[string(hash)]
	if !ok || time.Since(c.at) > k.staleFor {
		return store.Key{}, errorf(http.StatusServiceUnavailable, CodeUnavailable, "the key store cannot be reached; try again shortly").withCause(err)
	}
	if !c.key.Matches(token) {
		return store.Key{}, unknown
	}
	return c.key, nil
}

// authenticate finds the caller: the key of "Authorization: Bearer KEY", or open mode when
// keys are not required.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	if h == "" {
		if s.keys.required(c.Request.Context()) {
			s.fail(c, errorf(http.StatusUnauthorized, CodeUnauthorized, "an API key is required: Authorization: Bearer KEY"))
			return
		}
		c.Set(ctxPrincipal, principal{Open: true})
		return
	}
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || len(token) > 256 {
		s.fail(c, errorf(http.StatusUnauthorized, CodeUnauthorized, "the Authorization header must be: Bearer KEY"))
		return
	}
	key, err := s.keys.lookup(c.Request.Context(), token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxPrincipal, principal{KeyID: key.ID, Role: key.Role})
}

// allow lets the given roles through (and everybody in open mode).
func (s *Server) allow(roles ...store.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := caller(c)
		if p.Open || slices.Contains(roles, p.Role) {
			return
		}
		s.fail(c, errorf(http.StatusForbidden, CodeForbidden, "this API key's role (%s) may not do this", p.Role))
	}
}

// caller is the request's principal (set by authenticate).
func caller(c *gin.Context) principal {
	if v, ok := c.Get(ctxPrincipal); ok {
		return v.(principal)
	}
	return principal{}
}

// limiter keeps a token bucket per API key (per client address without a key).
type limiter struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*bucket
	swept time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(r Rate, burst int) *limiter {
	return &limiter{rate: rate.Limit(r), burst: burst, m: map[string]*bucket{}, swept: time.Now()}
}

// allow takes a token for who, or says how long until one is free.
func (l *limiter) allow(who string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.m[who]
	if b == nil {
		b = &bucket{l: rate.NewLimiter(l.rate, l.burst)}
		l.m[who] = b
	}
	b.seen = now
	r := b.l.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Minute
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep forgets buckets that have been idle long enough to be full again: forgetting them
// changes nothing.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	idle := max(time.Duration(float64(l.burst)/float64(l.rate)*float64(time.Second)), time.Minute)
	for k, b := range l.m {
		if now.Sub(b.seen) > idle {
			delete(l.m, k)
		}
	}
}

// rateLimit applies the caller's token bucket (429 with Retry-After when empty).
func (s *Server) rateLimit(c *gin.Context) {
	if s.limiter == nil {
		return
	}
	p := caller(c)
	who := "key:" + p.KeyID
	if p.KeyID == "" {
		who = "ip:" + c.ClientIP()
	}
	if ok, wait := s.limiter.allow(who, time.Now()); !ok {
		s.fail(c, &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
			Message: "too many requests for this API key; slow down", RetryAfter: wait})
	}
}
