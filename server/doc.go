// Package server is docverify's HTTP service: the kiosk API (verify, mrz, specimens, audit
// records), the officers' web page, probes, metrics and the OpenAPI document.
//
// New is the composition root: it opens the store, wraps it in the audit spool, sets up keys,
// rate limits, metrics and routes, and builds the detection engine in the background, so that
// /healthz answers at once and /readyz only once the OCR pools are warm. Serve runs until its
// context ends, then stops gracefully.
//
// Untrusted input enters in limits.go (bounded bodies, magic bytes and image headers checked
// before a check may queue); errors become HTTP statuses and public messages in one place
// (errors.go); a fixed worker pool with a bounded queue answers 429 at once when full
// (pool.go). Logs are JSON (log/slog) with request ids and never hold personal data: no
// bodies, no MRZ, no client addresses.
package server
