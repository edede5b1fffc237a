package server

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/store"
)

// Config sets up the service. DefaultConfig gives the defaults; RegisterFlags and ApplyEnv
// fill it from flags and DOCVERIFY_* variables; Validate reports every problem at once.
type Config struct {
	Addr              string        // listen address host:port; without API keys only a loopback address is served
	DataDir           string        // data directory: SQLite database, audit secret, spool; made (0700) if missing
	Workers           int           // documents checked at once, also the engine's OCR clients; 0 for GOMAXPROCS
	Queue             int           // checks waiting for a worker at most, beyond which the answer is 429 at once; 0 for 2 × Workers
	Timeout           time.Duration // deadline of a request, the wait in the queue included
	Rate              Rate          // requests a second per API key (per client address without a key); 0 turns the limit off
	Burst             int           // requests a key may make at once above the rate
	RequireKeys       bool          // require an API key even while none exists
	MaxUpload         int64         // bytes of a request body at most (413 beyond)
	Retention         time.Duration // audit records older than this are purged; 0 keeps them forever
	RetentionEvery    time.Duration // how often the purge runs
	SpoolEvery        time.Duration // how often records spooled during a store outage are retried
	ShutdownTimeout   time.Duration // how long a graceful stop waits for running requests
	ReadHeaderTimeout time.Duration // how long a client may take to send the request headers
	TrustedProxies    []string      // proxies (IPs or CIDRs) whose X-Forwarded-For is believed; none by default
	Store             store.Config  // the audit log and the API keys; its DataDir defaults to DataDir
	Engine            engine.Config // the detection engine; its Workers follow Workers, its Limits follow MaxUpload
}

// DefaultConfig returns the defaults: 127.0.0.1:8080, ./data, SQLite, 10 s a request, 5
// requests a second per key with bursts of 10, 15 MiB uploads, a year of audit records.
func DefaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		DataDir:           "data",
		Workers:           runtime.GOMAXPROCS(0),
		Timeout:           10 * time.Second,
		Rate:              5,
		Burst:             10,
		MaxUpload:         int64(detect.DefaultLimits.MaxBytes),
		Retention:         365 * 24 * time.Hour,
		RetentionEvery:    time.Hour,
		SpoolEvery:        10 * time.Second,
		ShutdownTimeout:   20 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		Store:             storeDefaults(),
	}
}

// storeDefaults are the store's defaults with its data directory left to follow DataDir.
func storeDefaults() store.Config {
	c := store.DefaultConfig()
	c.DataDir = ""
	return c
}

// withDefaults fills the zero fields that have a default and derives the engine's settings.
func (c Config) withDefaults() Config {
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Queue == 0 {
		c.Queue = 2 * c.Workers
	}
	if c.RetentionEvery == 0 {
		c.RetentionEvery = time.Hour
	}
	if c.SpoolEvery == 0 {
		c.SpoolEvery = 10 * time.Second
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 20 * time.Second
	}
	if c.ReadHeaderTimeout == 0 {
		c.ReadHeaderTimeout = 5 * time.Second
	}
	if c.Store.Driver == "" {
		c.Store.Driver = store.DriverSQLite
	}
	if c.Store.DataDir == "" && c.Store.Path == "" && c.Store.Driver == store.DriverSQLite {
		c.Store.DataDir = c.DataDir
	}
	c.Engine.Workers = c.Workers
	if c.Engine.Limits == (detect.Limits{}) {
		c.Engine.Limits = detect.DefaultLimits
	}
	if c.MaxUpload > 0 && int64(c.Engine.Limits.MaxBytes) > c.MaxUpload {
		c.Engine.Limits.MaxBytes = int(c.MaxUpload)
	}
	return c
}

// Validate reports every problem of the configuration at once, joined.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr %q: want host:port", c.Addr)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("addr %q: bad port", c.Addr)
	}
	if c.DataDir == "" {
		bad("data directory is empty")
	}
	if c.Workers < 1 || c.Workers > 64 {
		bad("workers %d is outside 1–64", c.Workers)
	}
	if c.Queue < 1 || c.Queue > 10000 {
		bad("queue %d is outside 1–10000", c.Queue)
	}
	if c.Timeout <= 0 || c.Timeout > 10*time.Minute {
		bad("timeout %v is outside (0, 10m]", c.Timeout)
	}
	if c.Rate < 0 || math.IsNaN(float64(c.Rate)) || math.IsInf(float64(c.Rate), 0) {
		bad("rate %v is negative or not a number", float64(c.Rate))
	}
	if c.Rate > 0 && c.Burst < 1 {
		bad("burst %d: at least 1 when a rate is set", c.Burst)
	}
	if c.MaxUpload < 1024 || c.MaxUpload > 256<<20 {
		bad("max upload %d bytes is outside 1 KiB–256 MiB", c.MaxUpload)
	}
	if c.Retention < 0 {
		bad("retention %v is negative", c.Retention)
	}
	if c.RetentionEvery < 0 || c.SpoolEvery < 0 || c.ShutdownTimeout < 0 || c.ReadHeaderTimeout < 0 {
		bad("intervals and timeouts must not be negative")
	}
	for _, p := range c.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				bad("trusted proxy %q is neither an IP nor a CIDR", p)
			}
		}
	}
	if err := c.Store.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.Engine.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("engine: %w", err))
	}
	return errors.Join(errs...)
}

// RegisterFlags binds the service's own flags to c, with c's values as defaults. The engine's
// flags (--workers, --specimens, …) are the commands' shared set and are bound by the caller.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address host:port (without API keys only a loopback address)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory: database, audit secret, spool")
	fs.IntVar(&c.Queue, "queue", c.Queue, "checks waiting for a worker at most, then 429 (0: 2 × workers)")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "deadline of a request, the wait in the queue included")
	fs.Var(&c.Rate, "rate", "requests per API key (per client address without a key), e.g. 5/s or 300/m; 0 turns the limit off")
	fs.IntVar(&c.Burst, "burst", c.Burst, "requests a key may make at once above the rate")
	fs.BoolVar(&c.RequireKeys, "require-keys", c.RequireKeys, "require an API key even while none exists")
	fs.Int64Var(&c.MaxUpload, "max-upload", c.MaxUpload, "bytes of a request body at most")
	fs.Var((*days)(&c.Retention), "retention", "purge audit records older than this, e.g. 90d or 2160h; 0 keeps them forever")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long a graceful stop waits for running requests")
	fs.Var((*list)(&c.TrustedProxies), "trusted-proxies", "comma-separated proxies (IPs, CIDRs) whose X-Forwarded-For is believed")
	fs.StringVar(&c.Store.Driver, "store", c.Store.Driver, "audit store: sqlite (a file in the data directory) or postgres")
	fs.StringVar(&c.Store.DSN, "dsn", c.Store.DSN, "postgres: the DSN (prefer DOCVERIFY_DSN: a password on the command line is visible to others)")
	fs.StringVar(&c.Store.SecretHex, "audit-secret", c.Store.SecretHex, "document-hash key, 64 hex digits (required with postgres; prefer DOCVERIFY_AUDIT_SECRET)")
}

// EnvPrefix starts the environment variable of every flag: --require-keys is
// DOCVERIFY_REQUIRE_KEYS.
const EnvPrefix = "DOCVERIFY_"

// EnvName is the environment variable that sets a flag.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// ApplyEnv sets every flag of fs that the command line did not set from its DOCVERIFY_*
// variable (see EnvName; empty counts as unset), reporting every bad value at once. Call it
// after fs.Parse.
func ApplyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		v, ok := lookup(EnvName(f.Name))
		if !ok || v == "" { // an empty variable counts as unset
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", EnvName(f.Name), err))
		}
	})
	return errors.Join(errs...)
}

// Rate is a number of requests a second. As a flag it reads "5", "5/s", "300/m" or "1000/h".
type Rate float64

// String formats the rate as requests a second.
func (r *Rate) String() string {
	if r == nil {
		return "0"
	}
	return strconv.FormatFloat(float64(*r), 'g', -1, 64) + "/s"
}

// Set parses a rate.
func (r *Rate) Set(s string) error {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), "/")
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Errorf("rate %q: want a number of requests, e.g. 5/s", s)
	}
	switch unit {
	case "", "s", "sec", "second":
	case "m", "min", "minute":
		v /= 60
	case "h", "hour":
		v /= 3600
	default:
		return fmt.Errorf("rate %q: the unit is s, m or h", s)
	}
	*r = Rate(v)
	return nil
}

// days is a duration flag that also reads whole days: "90d".
type days time.Duration

func (d *days) String() string {
	if d == nil {
		return "0"
	}
	if v := time.Duration(*d); v > 0 && v%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(v/(24*time.Hour)), 10) + "d"
	}
	return time.Duration(*d).String()
}

func (d *days) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "0" {
		*d = 0
		return nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		v, err := strconv.Atoi(n)
		if err != nil || v < 0 || v > 100*365 {
			return fmt.Errorf("%q: want whole days, e.g. 90d", s)
		}
		*d = days(time.Duration(v) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q: want days (90d) or a duration (2160h)", s)
	}
	*d = days(v)
	return nil
}

// list is a comma-separated flag.
type list []string

func (l *list) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *list) Set(s string) error {
	*l = nil
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
