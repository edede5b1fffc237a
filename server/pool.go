package server

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// pool is a fixed set of workers fed by a bounded queue. A task that finds the queue full is
// refused at once (429), so a burst of requests cannot pile up memory or latency; a task whose
// deadline passes while it waits is dropped before it starts.
type pool struct {
	tasks   chan *task
	workers int
	busy    atomic.Int64 // tasks running
	avg     atomic.Int64 // moving average of a task's duration, in nanoseconds
	wg      sync.WaitGroup
	mu      sync.RWMutex // held to send; Close takes it to close tasks
	closed  bool
	onPanic func(v any, stack []byte)
}

type task struct {
	ctx  context.Context
	run  func(ctx context.Context) error
	done chan error // buffered: a worker never blocks on a client that has gone
}

// newPool starts the workers.
func newPool(workers, queue int, onPanic func(v any, stack []byte)) *pool {
	p := &pool{tasks: make(chan *task, queue), workers: workers, onPanic: onPanic}
	p.avg.Store(int64(time.Second))
	for range workers {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *pool) work() {
	defer p.wg.Done()
	for t := range p.tasks {
		if err := t.ctx.Err(); err != nil {
			t.done <- err // expired in the queue: nobody waits for the result
			continue
		}
		p.busy.Add(1)
		start := time.Now()
		err := p.runSafe(t)
		d := time.Since(start)
		p.busy.Add(-1)
		old := p.avg.Load()
		p.avg.Store(old + (int64(d)-old)/8)
		t.done <- err
	}
}

// runSafe runs a task, turning a panic into an error so that the worker lives on.
func (p *pool) runSafe(t *task) (err error) {
	defer func() {
		if v := recover(); v != nil {
			if p.onPanic != nil {
				p.onPanic(v, debug.Stack())
			}
			err = errorf(http.StatusInternalServerError, CodeInternal, "internal error; quote the request id when reporting it").withCause(fmt.Errorf("panic in a worker"))
		}
	}()
	return t.run(t.ctx)
}

// Do queues run and waits for it, or for ctx. A full queue gives an overloaded error at once.
// When ctx ends first Do returns ctx's error; the task, if it started, sees the cancelled
// context between the engine's stages and stops.
func (p *pool) Do(ctx context.Context, run func(ctx context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := &task{ctx: ctx, run: run, done: make(chan error, 1)}
	if err := p.enqueue(t); err != nil {
		return err
	}
	select {
	case err := <-t.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// enqueue puts a task in the queue without waiting.
func (p *pool) enqueue(t *task) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return errNotReady
	}
	select {
	case p.tasks <- t:
		return nil
	default:
		return p.overloadedError()
	}
}

// overloaded is the error of a full queue, if the queue is full now: a request can be refused
// before its body is read.
func (p *pool) overloaded() error {
	if len(p.tasks) < cap(p.tasks) {
		return nil
	}
	return p.overloadedError()
}

func (p *pool) overloadedError() error {
	return &Error{Status: http.StatusTooManyRequests, Code: CodeOverloaded,
		Message: "the service is at capacity; try again shortly", RetryAfter: p.retryAfter()}
}

// retryAfter estimates when a place in the queue frees: the queue's work spread over the
// workers, at least a second.
func (p *pool) retryAfter() time.Duration {
	d := time.Duration(p.avg.Load()) * time.Duration(len(p.tasks)+p.workers) / time.Duration(p.workers)
	return max(d, time.Second)
}

// Depth is the number of tasks waiting.
func (p *pool) Depth() int { return len(p.tasks) }

// Busy is the number of tasks running.
func (p *pool) Busy() int { return int(p.busy.Load()) }

// Close stops taking tasks (Do answers not ready) and waits for the queued and running ones
// to finish.
func (p *pool) Close() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.tasks)
	}
	p.mu.Unlock()
	p.wg.Wait()
}
