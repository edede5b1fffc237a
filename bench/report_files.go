package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The files a benchmark writes into its output directory.
const (
	MetricsFile = "metrics.json" // Metrics, documented in bench/METRICS.md
	CSVFile     = "samples.csv"  // one row per sample (WriteCSV)
	HTMLFile    = "report.html"  // the report, self-contained
	PlotFile    = "report.png"   // the main plot, for the README
	SummaryFile = "summary.md"   // the headline table in Markdown, for the README
)

// ReadMetrics reads a metrics.json.
func ReadMetrics(path string) (*Metrics, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Metrics
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// WriteMetrics writes metrics as indented JSON. Maps are written with sorted keys, so the same
// metrics give the same bytes.
func WriteMetrics(w io.Writer, m *Metrics) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// WriteFiles writes every output of the run into dir: metrics.json, samples.csv, report.html,
// report.png and summary.md. It returns the paths written.
func (r *Report) WriteFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	write := func(name string, fill func(w io.Writer) error) error {
		var b bytes.Buffer
		if err := fill(&b); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	for _, f := range []struct {
		name string
		fill func(w io.Writer) error
	}{
		{MetricsFile, func(w io.Writer) error { return WriteMetrics(w, r.Metrics) }},
		{CSVFile, func(w io.Writer) error { return WriteCSV(w, r.Run.Outcomes) }},
		{PlotFile, func(w io.Writer) error {
			b, err := MainPlot(r.Run)
			if err == nil {
				_, err = w.Write(b)
			}
			return err
		}},
		{SummaryFile, func(w io.Writer) error { return WriteSummary(w, r.Metrics) }},
		{HTMLFile, r.WriteHTML},
	} {
		if err := write(f.name, f.fill); err != nil {
			return written, err
		}
	}
	return written, nil
}

// WriteSummary writes the headline table in Markdown: overall and per capture, with MRZ reading
// and speed, as the README shows it.
func WriteSummary(w io.Writer, m *Metrics) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "| group | samples | APCER | BPCER | ROC AUC [95%% CI] | EER | BPCER@APCER 5%% |\n")
	fmt.Fprintf(&b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	row := func(name string, r Rates) {
		auc := f3Of(r.AUC)
		if r.AUCLow != nil {
			auc += fmt.Sprintf(" [%s, %s]", f3Of(r.AUCLow), f3Of(r.AUCHigh))
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s |\n", name, r.Samples, pctOf(r.APCER), pctOf(r.BPCER), auc, pctOf(r.EER), pctOf(r.BPCERAt5))
	}
	row("**all**", m.Overall)
	for _, k := range SortedKeys(m.ByCapture) {
		row(k, m.ByCapture[k])
	}
	fmt.Fprintln(&b)
	if m.APCERMaxClass != "" {
		fmt.Fprintf(&b, "Worst attack class: %s (APCER %s). ", m.APCERMaxClass, pctOf(m.APCERMax))
	}
	if m.MRZ.Samples > 0 {
		fmt.Fprintf(&b, "MRZ read exactly: %.1f%% (character error rate %.2f%%). ", m.MRZ.Exact*100, m.MRZ.CER*100)
	}
	for _, k := range []string{"total", "wall"} {
		if l, ok := m.Latency[k]; ok && (k == "total" || m.HTTPStatus != nil) {
			fmt.Fprintf(&b, "Latency (%s) p50 %.0f ms, p95 %.0f ms. ", k, l[0], l[1])
		}
	}
	workers := "workers"
	if m.Workers == 1 {
		workers = "worker"
	}
	fmt.Fprintf(&b, "Throughput %.2f documents/s with %d %s.\n", m.Throughput, m.Workers, workers)
	_, err := w.Write(b.Bytes())
	return err
}
