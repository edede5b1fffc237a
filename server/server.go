package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/store"
	"github.com/docverify/docverify/templates"
	"github.com/gin-gonic/gin"
)

// Checker checks a document. *engine.Engine is one; tests put slow or failing fakes in its
// place.
type Checker interface {
	Check(ctx context.Context, in engine.Input) (*engine.Report, error)
}

// Engine is what the service needs of the detection engine. *engine.Engine implements it.
type Engine interface {
	Checker
	Library() *templates.Library
	Close()
}

// Option changes how New builds the service; the defaults are what production runs.
type Option func(*options)

type options struct {
	engine func(ctx context.Context) (Engine, error)
	store  store.Store
	logger *slog.Logger
}

// WithEngine builds the engine with build instead of engine.New(cfg.Engine). build runs in the
// background while the service already answers /healthz (and 503 on /readyz).
func WithEngine(build func(ctx context.Context) (Engine, error)) Option {
	return func(o *options) { o.engine = build }
}

// WithStore uses s as the audit store and key registry instead of opening cfg.Store. The
// server closes it when it stops.
func WithStore(s store.Store) Option { return func(o *options) { o.store = s } }

// WithLogger logs to l instead of JSON on stderr.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// Server is the HTTP service: the kiosk API, the officers' web page, the audit log, metrics.
type Server struct {
	cfg     Config
	log     *slog.Logger
	store   store.Store // the audit log and keys
	audit   *auditor
	keys    *keys
	limiter *limiter
	metrics *metrics
	web     *webFiles
	router  *gin.Engine
	demo    *demoSet
	thumbs  sync.Map // specimen id → thumbnail PNG

	warm     *warmState // set once the engine is built
	warmDone chan struct{}
	warmErr  error
	draining atomic.Bool

	bg       context.Context // background jobs (spool, retention); cancelled at Close
	bgCancel context.CancelFunc
	bgWG     sync.WaitGroup
	closed   sync.Once
}

// warmState is what exists once the engine is built and its OCR pools are warm.
type warmState struct {
	engine Engine
	lib    *templates.Library
	pool   *pool
}

// New builds the service in order: logger, data directory, store, audit secret and spool,
// keys, limits, metrics, routes; then it starts building the engine (specimens, OCR pools)
// in the background: /readyz says 503 until that is done.
func New(ctx context.Context, cfg Config, opts ...Option) (*Server, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: o.logger, warmDone: make(chan struct{})}
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	s.bg, s.bgCancel = context.WithCancel(context.WithoutCancel(ctx))
	s.store = o.store
	if s.store == nil {
		scfg := cfg.Store
		if scfg.Log == nil {
			scfg.Log = s.log
		}
		var err error
		if s.store, err = store.Open(ctx, scfg); err != nil {
			return nil, err
		}
	}
	fail := func(err error) (*Server, error) {
		s.bgCancel()
		s.store.Close()
		return nil, err
	}
	secret, err := cfg.Store.Secret()
	if err != nil {
		return fail(err)
	}
	s.metrics = newMetrics()
	if s.audit, err = newAuditor(s.store, secret, cfg, s.log, s.metrics); err != nil {
		return fail(err)
	}
	s.store = s.audit.spool // records fall back to the spool; the rest goes to the store
	s.keys = newKeys(s.store, cfg.RequireKeys)
	if cfg.Rate > 0 {
		s.limiter = newLimiter(cfg.Rate, cfg.Burst)
	}
	if s.demo, err = loadDemo(); err != nil {
		return fail(fmt.Errorf("demo set: %w", err))
	}
	if s.web, err = loadWeb(); err != nil {
		return fail(fmt.Errorf("web page: %w", err))
	}
	s.metrics.queueCap.Set(float64(cfg.Queue))
	s.metrics.workers.Set(float64(cfg.Workers))
	s.metrics.gauges(
		func() float64 {
			if w := s.ready(); w != nil {
				return float64(w.pool.Depth())
			}
			return 0
		},
		func() float64 {
			if w := s.ready(); w != nil {
				return float64(w.pool.Busy())
			}
			return 0
		},
		func() float64 { return float64(s.audit.depth()) },
	)
	if s.router, err = s.routes(); err != nil {
		return fail(err)
	}
	s.audit.start(s.bg, &s.bgWG)

	build := o.engine
	if build == nil {
		ecfg := cfg.Engine
		build = func(context.Context) (Engine, error) { return engine.New(ecfg) }
	}
	go s.warmUp(s.bg, build)
	return s, nil
}

// warmUp builds the engine and starts the workers.
func (s *Server) warmUp(ctx context.Context, build func(context.Context) (Engine, error)) {
	defer close(s.warmDone)
	start := time.Now()
	e, err := build(ctx)
	if err != nil {
		s.warmErr = err
		s.log.Error("engine failed to start", "error", err.Error())
		return
	}
	if ctx.Err() != nil { // closed while warming up
		e.Close()
		s.warmErr = ctx.Err()
		return
	}
	w := &warmState{engine: e, lib: e.Library()}
	w.pool = newPool(s.cfg.Workers, s.cfg.Queue, func(v any, stack []byte) {
		s.log.Error("panic in a worker", "panic", panicText(v), "stack", string(stack))
	})
	s.warm = w
	s.log.Info("ready", "specimens", len(w.lib.All()), "workers", s.cfg.Workers, "queue", s.cfg.Queue,
		"warm_up_ms", time.Since(start).Milliseconds())
}

// ready is the warm state, or nil while warming up.
func (s *Server) ready() *warmState {
	select {
	case <-s.warmDone:
		return s.warm
	default:
		return nil
	}
}

// WaitReady waits until the engine is warm, it failed, or ctx ends.
func (s *Server) WaitReady(ctx context.Context) error {
	select {
	case <-s.warmDone:
		if s.warmErr != nil {
			return s.warmErr
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Handler is the service's HTTP handler.
func (s *Server) Handler() http.Handler { return s.router }

// Listen opens the listening socket. Without API keys (and without --require-keys) it refuses
// any address but a loopback one: an open service must not be reachable from the network.
func (s *Server) Listen(ctx context.Context) (net.Listener, error) {
	if !s.keys.required(ctx) && !loopback(s.cfg.Addr) {
		return nil, fmt.Errorf("refusing to listen on %s without API keys: create one (docverify keys create --name NAME --role officer) or pass --require-keys, or listen on 127.0.0.1", s.cfg.Addr)
	}
	var lc net.ListenConfig
	return lc.Listen(ctx, "tcp", s.cfg.Addr)
}

// loopback reports whether addr's host is a loopback address (or localhost).
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve answers requests on ln until ctx ends (SIGINT, SIGTERM), then stops gracefully: it
// stops accepting, says not ready, lets running requests finish (up to ShutdownTimeout), and
// closes everything (Close). It also returns when the engine fails to start.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.router,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.Timeout + 30*time.Second, // a slow phone upload of 15 MiB
		WriteTimeout:      s.cfg.Timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	warmFailed := make(chan struct{})
	go func() {
		<-s.warmDone
		if s.warmErr != nil && ctx.Err() == nil {
			close(warmFailed)
		}
	}()
	var err error
	select {
	case <-ctx.Done():
		s.log.Info("stopping: finishing running requests", "timeout", s.cfg.ShutdownTimeout.String())
	case <-warmFailed:
		err = fmt.Errorf("engine: %w", s.warmErr)
	case err = <-served:
	}
	s.draining.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if serr := hs.Shutdown(sctx); serr != nil {
		s.log.Warn("shutdown: requests still running at the deadline", "error", serr.Error())
		hs.Close()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, s.Close())
}

// Close releases everything: the workers (after the running checks end), the spool (flushed
// to the store if it is reachable, otherwise kept on disk for the next start), the store and
// the engine. Serve calls it; call it yourself only when using Handler directly.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		s.draining.Store(true)
		s.bgCancel()
		<-s.warmDone
		if w := s.warm; w != nil {
			w.pool.Close()
		}
		s.bgWG.Wait()
		err = errors.Join(s.audit.flush(), s.store.Close())
		if w := s.warm; w != nil {
			w.engine.Close()
		}
		s.log.Info("stopped")
	})
	return err
}

// panicText is what is logged of a panic value: a runtime error's text (about the program,
// never the data), otherwise only its type.
func panicText(v any) string {
	if e, ok := v.(interface{ RuntimeError() }); ok {
		return fmt.Sprint(e)
	}
	return fmt.Sprintf("%T", v)
}

var _ io.Closer = (*Server)(nil)
