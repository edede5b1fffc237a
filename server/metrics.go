package server

import (
	"strings"

	"github.com/docverify/docverify/detect/engine"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the service's Prometheus metrics, on a registry of their own (one per Server),
// served at /metrics.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // by method, route, status
	latency   *prometheus.HistogramVec // by method, route
	stages    *prometheus.HistogramVec // by stage, from a report's timings
	verdicts  *prometheus.CounterVec   // by verdict
	rejected  *prometheus.CounterVec   // by code: overloaded, rate_limited, timeout
	audit     *prometheus.CounterVec   // by outcome: recorded, failed
	queueCap  prometheus.Gauge
	workers   prometheus.Gauge
	checksSec prometheus.Histogram // a check's time in a worker
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docverify_http_requests_total",
			Help: "HTTP requests by method, route and status."}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "docverify_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 1.5, 2, 3, 5, 7.5, 10, 15}}, []string{"method", "route"}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "docverify_stage_duration_seconds",
			Help:    "Time of each pipeline stage of a verification (decode, mrz, identify, align, check:<name>, checks, score, total).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 5}}, []string{"stage"}),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docverify_verdicts_total",
			Help: "Verifications by verdict."}, []string{"verdict"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docverify_rejected_total",
			Help: "Requests refused for capacity: overloaded (queue full), rate_limited, timeout."}, []string{"code"}),
		audit: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docverify_audit_records_total",
			Help: "Audit records by outcome: recorded (in the store or the spool) or failed."}, []string{"outcome"}),
		queueCap: prometheus.NewGauge(prometheus.GaugeOpts{Name: "docverify_queue_capacity", Help: "Checks that may wait for a worker."}),
		workers:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "docverify_workers", Help: "Documents checked at once."}),
		checksSec: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "docverify_worker_task_seconds",
			Help: "Time a verification holds a worker.", Buckets: []float64{.1, .25, .5, .75, 1, 1.5, 2, 3, 5, 10}}),
	}
	reg.MustRegister(m.requests, m.latency, m.stages, m.verdicts, m.rejected, m.audit, m.queueCap, m.workers, m.checksSec,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, v := range []engine.Verdict{engine.Genuine, engine.Suspicious, engine.Forged, engine.UnknownDocument, engine.Unreadable} {
		m.verdicts.WithLabelValues(string(v))
	}
	for _, c := range []string{CodeOverloaded, CodeRateLimited, CodeTimeout} {
		m.rejected.WithLabelValues(c)
	}
	return m
}

// gauges registers the gauges read at scrape time.
func (m *metrics) gauges(queueDepth, inFlight, spoolDepth func() float64) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "docverify_queue_depth", Help: "Checks waiting for a worker."}, queueDepth),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "docverify_in_flight", Help: "Checks running in a worker."}, inFlight),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "docverify_spool_depth", Help: "Audit records waiting in the spool for the store."}, spoolDepth),
	)
}

// observeReport records a verification's verdict and stage timings.
func (m *metrics) observeReport(rep *engine.Report) {
	m.verdicts.WithLabelValues(string(rep.Verdict)).Inc()
	for stage, ms := range rep.TimingsMs {
		if !validStage(stage) {
			continue
		}
		m.stages.WithLabelValues(stage).Observe(ms / 1000)
	}
}

// validStage keeps label values to the engine's stage names (a bounded set).
func validStage(s string) bool {
	if len(s) == 0 || len(s) > 48 {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == ':')
	}) < 0
}
