package bench

// reportTemplate is report.html. It loads nothing from outside: styles are inline and every
// image is a data: URI.
const reportTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0 auto; max-width: 1180px; padding: 0 24px 60px; }
h1 { margin: 28px 0 4px; font-size: 26px; }
h2 { margin: 36px 0 10px; padding-top: 10px; border-top: 1px solid #ddd; font-size: 20px; }
h3 { margin: 20px 0 8px; font-size: 16px; }
.sub { color: #666; margin: 0 0 12px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 9px; border-bottom: 1px solid #e4e4e4; text-align: right; white-space: nowrap; }
th { background: #f4f5f7; font-weight: 600; }
td:first-child, th:first-child { text-align: left; }
tr.all td { font-weight: 600; }
.ok { background: #e3f4e1; }
.bad { color: #a01818; }
.good { color: #16722a; }
.muted { color: #888; }
img.plot { max-width: 100%; height: auto; border: 1px solid #eee; }
nav a { margin-right: 12px; color: #2a5ea8; text-decoration: none; }
.misses { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr)); gap: 18px; }
.miss { border: 1px solid #ddd; border-radius: 6px; padding: 10px; }
.miss img { width: 100%; height: auto; }
.miss p { margin: 4px 0; }
code { font-size: 12px; }
dl.terms dt { font-weight: 600; margin-top: 6px; }
dl.terms dd { margin-left: 18px; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="sub">{{.Run.Outcomes | len}} samples from <code>{{.Metrics.Samples}}</code> ·
{{with .Metrics.Engine}}engine {{index . "version"}}, specimens {{index . "specimens_version"}}, calibration {{index . "calibration_version"}}{{with index . "mode"}} · {{.}}{{end}} · {{end}}
{{.Metrics.Workers}} {{plural .Metrics.Workers "worker" "workers"}} · {{printf "%.1f" .Metrics.Elapsed}} s{{if not .Created.IsZero}} · {{date .Created}}{{end}}</p>
<nav><a href="#headline">Headline</a><a href="#compare">Comparison</a><a href="#roc">ROC and DET</a><a href="#scores">Scores</a><a href="#attacks">Attacks</a><a href="#confusion">Confusion</a><a href="#false-alarms">False alarms</a><a href="#mrz">MRZ</a><a href="#latency">Latency</a><a href="#misses">Worst misses</a><a href="#terms">Terms</a></nav>

<h2 id="headline">Headline</h2>
<p>A document is <b>rejected</b> when its verdict is anything but <i>genuine</i> (suspicious, forged, unknown document, unreadable).
Forged samples are attack presentations, genuine ones bona fide presentations (ISO/IEC 30107-3).
{{if .Metrics.APCERMaxClass}}{{with .Metrics.APCERMax}}The worst attack class is <b>{{$.Metrics.APCERMaxClass}}</b>, with an APCER of {{pct .}}.{{end}}{{else if .Metrics.APCERMax}}No attack class got through.{{end}}
{{if .Metrics.Errors}}<span class="bad">{{.Metrics.Errors}} {{plural .Metrics.Errors "sample" "samples"}} could not be checked (see <a href="#errors">errors</a>); they count as rejected.</span>{{end}}</p>
{{template "rates" .Headline}}
<img class="plot" alt="ROC per capture and detection per attack" src="{{.Main}}">

{{if .Deltas}}
<h2 id="compare">Comparison with an earlier run</h2>
<p class="sub">Against <code>{{.Against}}</code>: {{.Better}} {{plural .Better "figure" "figures"}} better (▲), {{.Worse}} worse (▼). Rate changes under 0.05 points and timing changes under 5% are not marked.</p>
<table>
<tr><th>group</th><th>figure</th><th>before</th><th>now</th><th>change</th><th></th></tr>
{{range .Deltas}}<tr><td>{{.Group}}</td><td>{{.Figure}}</td><td>{{.Format .Old}}</td><td>{{.Format .New}}</td><td>{{.Difference}}</td><td class="{{if eq .Change 1}}good{{else if eq .Change -1}}bad{{end}}">{{.Marker}}</td></tr>
{{end}}</table>
{{end}}

<h2 id="roc">ROC and DET curves</h2>
<p class="sub">Every threshold of the reject score (the risk score; 100 and above for documents rejected outright as unknown or unreadable).
ROC: detection rate against genuine documents rejected. DET: both error rates on normal deviate scales; rates of 0 sit on the lower edge.</p>
<img class="plot" alt="ROC and DET curves" src="{{.ROC}}">

<h2 id="scores">Risk scores, genuine vs forged</h2>
<p class="sub">Dashed lines: the verdict thresholds (suspicious, forged).</p>
<img class="plot" alt="score histograms" src="{{.Hist}}">

<h2 id="attacks">Detection per attack and strength</h2>
<img class="plot" alt="detection rate per attack and strength" src="{{.Attacks}}">
<h3>Per attack class</h3>
<p class="sub">APCER per attack class (PAI species); AUC, EER and BPCER@APCER put the class's forgeries against all genuine samples.</p>
{{template "attackrates" .Attack}}
<h3>Per attack class and strength</h3>
{{template "attackrates" .AttackLevel}}
<h3>Per specimen</h3>
{{template "rates" .Specimen}}

<h2 id="confusion">Confusion matrix</h2>
<p class="sub">Label and attack class × verdict. Shaded: the right decision (genuine accepted, forgery rejected).</p>
<table>
<tr><th>label / attack</th>{{range .Confusion.Verdicts}}<th>{{.}}</th>{{end}}<th>samples</th></tr>
{{range .Confusion.Rows}}<tr><td>{{.Name}}</td>{{range .Cells}}<td{{if and .Correct .N}} class="ok"{{end}}>{{if .N}}{{.N}} <span class="muted">({{pctf .Share}})</span>{{else}}<span class="muted">·</span>{{end}}</td>{{end}}<td>{{.Total}}</td></tr>
{{end}}</table>

<h2 id="false-alarms">False-alarm sources</h2>
<p class="sub">Checks that failed on genuine samples: the share of genuine samples each failed, overall and per capture. {{with .Metrics.UnknownDoc}}Unknown-document verdicts: {{range $k, $v := .}}{{$k}} {{pctf $v}} {{end}}{{end}}</p>
{{if .FalseAlarms.Rows}}<table>
<tr><th>check</th>{{range $i, $c := .FalseAlarms.Captures}}<th>{{$c}} <span class="muted">(n={{index $.FalseAlarms.Genuine $i}})</span></th>{{end}}</tr>
{{range $row := .FalseAlarms.Rows}}<tr><td>{{$row.Check}}</td>{{range $i, $n := $row.Counts}}<td style="{{heat (index $row.Shares $i)}}">{{$n}} <span class="muted">({{pctf (index $row.Shares $i)}})</span></td>{{end}}</tr>
{{end}}</table>{{else}}<p>No check failed on a genuine sample.</p>{{end}}

<h2 id="mrz">MRZ reading</h2>
<p class="sub">Against the MRZ printed on each sample (fantasy documents and counterfeit fonts left out). Wrong but valid: read with every check digit holding, yet not what is printed — the worst outcome.</p>
<table>
<tr><th>group</th><th>samples</th><th>read exactly</th><th>wrong but valid</th><th>character error rate</th>{{range .MRZFields}}<th>{{.}}</th>{{end}}</tr>
{{range .MRZ}}<tr{{if eq .Name "all"}} class="all"{{end}}><td>{{.Name}}</td><td>{{.S.Samples}}</td><td>{{pctf .S.Exact}}</td><td>{{.S.WrongValid}}</td><td>{{pctf .S.CER}}</td>{{$f := .S.FieldAccuracy}}{{range $.MRZFields}}<td>{{field $f .}}</td>{{end}}</tr>
{{end}}</table>

<h2 id="latency">Latency and throughput</h2>
<p>{{printf "%.2f" .Metrics.Throughput}} documents per second with {{.Metrics.Workers}} {{plural .Metrics.Workers "worker" "workers"}} · peak memory {{mb .Metrics.PeakMemoryMB}} MB{{if .HTTP}} · HTTP responses: {{range .HTTP}}{{.Status}} × {{.N}} {{end}}{{end}}</p>
<img class="plot" alt="latency histogram" src="{{.Latency}}">
<table>
<tr><th>stage</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr>
{{range .Stages}}<tr><td>{{.Stage}}</td><td>{{ms .P50}}</td><td>{{ms .P95}}</td><td>{{ms .P99}}</td></tr>
{{end}}</table>
{{if .CheckStages}}<h3>Per check (slowest first)</h3>
<table>
<tr><th>check</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr>
{{range .CheckStages}}<tr><td>{{.Stage}}</td><td>{{printf "%.1f" .P50}}</td><td>{{printf "%.1f" .P95}}</td><td>{{printf "%.1f" .P99}}</td></tr>
{{end}}</table>{{end}}

<h2 id="misses">Worst misses</h2>
<p class="sub">Red: the regions of the checks that failed; blue: the MRZ as found.</p>
<h3>Forgeries accepted, lowest risk first</h3>
{{template "misses" .Accepted}}
<h3>Genuine documents rejected, highest risk first</h3>
{{template "misses" .Rejected}}

{{if .Errors}}<h2 id="errors">Errors</h2>
<table><tr><th>sample</th><th>HTTP</th><th style="text-align:left">error</th></tr>
{{range .Errors}}<tr><td>{{.ID}}</td><td>{{if .HTTP}}{{.HTTP}}{{end}}</td><td style="text-align:left; white-space: normal">{{.Error}}</td></tr>
{{end}}</table>{{end}}

<h2 id="terms">Terms (ISO/IEC 30107-3)</h2>
<dl class="terms">
<dt>APCER</dt><dd>Attack presentation classification error rate: the share of forged samples accepted as genuine. Per attack class (PAI species) it is measured on that class's samples; the overall APCER pools all forgeries; "worst attack" is the highest per-class APCER.</dd>
<dt>BPCER</dt><dd>Bona fide presentation classification error rate: the share of genuine samples rejected.</dd>
<dt>Detection rate</dt><dd>1 − APCER.</dd>
<dt>ROC AUC</dt><dd>The probability that a forged sample has a higher reject score than a genuine one (ties count half), with a bootstrap 95% interval.</dd>
<dt>EER</dt><dd>Equal error rate: where APCER and BPCER are equal as the threshold moves.</dd>
<dt>BPCER@APCER 5% / 10%</dt><dd>The lowest BPCER at a threshold where APCER is at most 5% (10%).</dd>
</dl>
</body>
</html>
{{define "rates"}}<table>
<tr><th>group</th><th>samples</th><th>genuine</th><th>forged</th><th>APCER</th><th>BPCER</th><th>detection</th><th>ROC AUC [95% CI]</th><th>EER</th><th>BPCER@APCER 5%</th><th>BPCER@APCER 10%</th></tr>
{{range .}}<tr{{if eq .Name "all"}} class="all"{{end}}><td>{{.Name}}</td><td>{{.R.Samples}}</td><td>{{.R.Genuine}}</td><td>{{.R.Forged}}</td><td>{{pct .R.APCER}}</td><td>{{pct .R.BPCER}}</td><td>{{pct .R.Detection}}</td><td>{{f3 .R.AUC}}{{if .R.AUCLow}} <span class="muted">[{{f3 .R.AUCLow}}, {{f3 .R.AUCHigh}}]</span>{{end}}</td><td>{{pct .R.EER}}</td><td>{{pct .R.BPCERAt5}}</td><td>{{pct .R.BPCERAt10}}</td></tr>
{{end}}</table>{{end}}
{{define "attackrates"}}<table>
<tr><th>attack</th><th>forged</th><th>APCER</th><th>detection</th><th>ROC AUC</th><th>EER</th><th>BPCER@APCER 5%</th><th>BPCER@APCER 10%</th></tr>
{{range .}}<tr><td>{{.Name}}</td><td>{{.R.Forged}}</td><td>{{pct .R.APCER}}</td><td>{{pct .R.Detection}}</td><td>{{f3 .R.AUC}}</td><td>{{pct .R.EER}}</td><td>{{pct .R.BPCERAt5}}</td><td>{{pct .R.BPCERAt10}}</td></tr>
{{end}}</table>{{end}}
{{define "misses"}}{{if .}}<div class="misses">
{{range .}}<div class="miss">
<p><b>{{.O.ID}}</b> · {{if .O.Forged}}forged: {{.O.Attack}} ({{.O.Strength}}){{else}}genuine{{end}} · {{.O.Capture}} · {{.O.Specimen}}</p>
<p>verdict <b>{{.O.Verdict}}</b>, risk {{.O.Risk}}{{if and .O.Found (ne .O.Found .O.Specimen)}} · identified as {{.O.Found}}{{end}}</p>
{{if .Failed}}<p>failed: {{join .Failed ", "}}</p>{{end}}
{{if .O.Reasons}}<p class="muted">{{join .O.Reasons "; "}}</p>{{end}}
{{if .Image}}<img alt="{{.O.ID}}" src="{{.Image}}">{{else}}<p class="muted">no image: {{.Problem}}</p>{{end}}
</div>
{{end}}</div>{{else}}<p>None.</p>{{end}}{{end}}
`
