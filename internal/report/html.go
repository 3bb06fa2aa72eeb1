package report

import (
	"fmt"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// HTML: one self-contained page a person opens in a browser, with no network access: the
// verdict, the architecture diagram with the components at fault marked, the findings
// grouped by requirement (file:line, fix, a link to the rule's page), and the paths MWAA
// depends on with each path's hops in a <details>. Everything is readable without
// JavaScript; a small inline script only filters. A Content-Security-Policy forbids any
// request: styles and the script are inline, images only data: URIs. All text goes
// through html/template; the diagram is mwaanet's own SVG, with any script, foreign
// object or external reference refused.

// HTMLPath is one path of `mwaanet trace --all`, in the terms the page shows.
type HTMLPath struct {
	From, To, ProtoPort string
	Expect              string // "reachable" or "unreachable"
	Result              string // "reachable", "not reachable", "partial", "undetermined"
	OK                  bool   // the result is what MWAA needs
	Requirement, Why    string
	Hops                []HTMLHop
}

// HTMLHop is one component on a path and what it decided.
type HTMLHop struct {
	Component, ID, Step, Rule, Decision, Where, Message, Fix string
}

// HTMLExtras are what the HTML page shows beyond the findings; the caller computes them
// (report decides nothing).
type HTMLExtras struct {
	// Diagram is the SVG of the input's architecture with the components at fault marked.
	Diagram []byte
	// Environment and Routing name what the paths were traced for.
	Environment, Routing string
	Paths                []HTMLPath
}

type htmlGroup struct {
	Requirement string
	DocURI      string
	Worst       string
	Findings    []htmlFinding
}

type htmlFinding struct {
	N                                int
	Rule, DocURI, Severity, Resource string
	Where, Message, Fix              string
	Related                          []string
}

type htmlPathRow struct {
	HTMLPath
	N int
}

type htmlData struct {
	Title, Verdict, VerdictClass string
	Inputs                       []string
	Summary                      Summary
	Version                      string
	Diagram                      template.HTML
	DiagramNote                  string
	Groups                       []htmlGroup
	Environment, Routing         string
	Paths                        []htmlPathRow
	Failing                      []htmlPathRow
	Script                       template.JS
}

// unsafeSVG finds what must never be inlined: scripts, event handlers, foreign objects,
// and references that would load something.
var unsafeSVG = regexp.MustCompile(`(?i)<script|<foreignobject|\son[a-z]+\s*=|(?:href|src)\s*=\s*["'](?:https?:|//|javascript:)|url\(\s*["']?(?:https?:|//)`)

// inlineSVG returns the SVG without its XML declaration, ready to inline, or an error
// when it holds anything active or external.
func inlineSVG(svg []byte) (template.HTML, error) {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	} else if strings.TrimSpace(s) != "" {
		return "", fmt.Errorf("the diagram is not an SVG document")
	}
	if unsafeSVG.MatchString(s) {
		return "", fmt.Errorf("the diagram holds a script or an external reference; it is not inlined")
	}
	return template.HTML(s), nil // #nosec: mwaanet's own SVG, checked above
}

func writeHTML(w io.Writer, r *Report, opts Options) error {
	ex := opts.HTML
	if ex == nil {
		ex = &HTMLExtras{}
	}
	s := r.Summarize()
	d := htmlData{Title: "mwaanet check", Inputs: r.Inputs, Summary: s, Version: opts.Version,
		Environment: ex.Environment, Routing: ex.Routing, Script: template.JS(htmlScript)}
	switch {
	case s.Errors > 0:
		d.Verdict, d.VerdictClass = fmt.Sprintf("FAIL: %s, %s, %d info", plural(s.Errors, "error", "errors"), plural(s.Warnings, "warning", "warnings"), s.Info), "fail"
	case s.Warnings > 0:
		d.Verdict, d.VerdictClass = fmt.Sprintf("PASS with %s, %d info", plural(s.Warnings, "warning", "warnings"), s.Info), "warn"
	default:
		d.Verdict, d.VerdictClass = fmt.Sprintf("PASS: no errors or warnings, %d info", s.Info), "pass"
	}
	if len(ex.Diagram) > 0 {
		svg, err := inlineSVG(ex.Diagram)
		if err != nil {
			d.DiagramNote = err.Error()
		} else {
			d.Diagram = svg
		}
	}
	docs := map[string]string{}
	reqDocs := map[string]string{}
	for _, rule := range r.Rules {
		docs[rule.ID] = rule.DocURI
		if rule.DocURI != "" {
			reqDocs[rule.Requirement] = rule.DocURI
		}
	}
	byReq := map[string]*htmlGroup{}
	var order []string
	for i, f := range r.Findings { // already sorted by Write
		g := byReq[f.Requirement]
		if g == nil {
			g = &htmlGroup{Requirement: f.Requirement, DocURI: reqDocs[f.Requirement], Worst: string(f.Severity)}
			byReq[f.Requirement] = g
			order = append(order, f.Requirement)
		}
		if f.Severity.Rank() > model.Severity(g.Worst).Rank() {
			g.Worst = string(f.Severity)
		}
		hf := htmlFinding{N: i + 1, Rule: f.Rule, DocURI: docs[f.Rule], Severity: string(f.Severity),
			Resource: f.Resource, Where: f.Source.String(), Message: f.Message, Fix: f.Fix}
		for _, rel := range f.Related {
			hf.Related = append(hf.Related, rel.String())
		}
		g.Findings = append(g.Findings, hf)
	}
	// Groups: the worst severity first, then by requirement.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := byReq[order[i]], byReq[order[j]]
		if ra, rb := model.Severity(a.Worst).Rank(), model.Severity(b.Worst).Rank(); ra != rb {
			return ra > rb
		}
		return a.Requirement < b.Requirement
	})
	for _, req := range order {
		d.Groups = append(d.Groups, *byReq[req])
	}
	for i, p := range ex.Paths {
		row := htmlPathRow{HTMLPath: p, N: i + 1}
		d.Paths = append(d.Paths, row)
		if !p.OK {
			d.Failing = append(d.Failing, row)
		}
	}
	return htmlPage.Execute(w, d)
}

// htmlScript filters findings and paths by text and hides what meets expectations; the
// page is complete without it.
const htmlScript = `(function () {
  var q = document.getElementById('filter');
  var bad = document.getElementById('only-bad');
  if (!q || !bad) { return; }
  document.getElementById('filters').hidden = false;
  function apply() {
    var t = q.value.toLowerCase();
    var items = document.querySelectorAll('[data-filter]');
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      var okText = t === '' || el.getAttribute('data-filter').toLowerCase().indexOf(t) >= 0;
      var okBad = !bad.checked || el.getAttribute('data-ok') !== 'true';
      el.hidden = !(okText && okBad);
    }
  }
  q.addEventListener('input', apply);
  bad.addEventListener('change', apply);
})();`

var htmlPage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}: {{.Verdict}}</title>
<style>
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;margin:0;color:#16191f;background:#fafafa;font-size:15px;line-height:1.4}
header{padding:16px 24px;background:#232f3e;color:#fff}
header h1{margin:0 0 4px 0;font-size:22px}
header .inputs{font-size:13px;color:#d5dbdb}
main{padding:16px 24px;max-width:1800px}
.verdict{display:inline-block;padding:8px 14px;border-radius:4px;font-weight:bold;font-size:18px;margin:8px 0}
.verdict.fail{background:#d13212;color:#fff}.verdict.warn{background:#ff9900;color:#16191f}.verdict.pass{background:#1d8102;color:#fff}
section{background:#fff;border:1px solid #d5dbdb;border-radius:4px;margin:16px 0;padding:12px 16px}
h2{font-size:18px;margin:4px 0 10px 0}
h3{font-size:16px;margin:12px 0 6px 0}
.diagram{overflow:auto;max-height:900px;border:1px solid #eaeded}
.diagram svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeded;font-size:14px}
th{background:#f2f3f3}
.sev{font-weight:bold;text-transform:uppercase;font-size:12px;padding:1px 6px;border-radius:3px}
.sev.error{background:#d13212;color:#fff}.sev.warning{background:#ff9900}.sev.info{background:#d5dbdb}
.where,code{font-family:"Liberation Mono",Consolas,monospace;font-size:13px}
.fix{color:#1d8102}
.bad summary{color:#d13212;font-weight:bold}
details{border-bottom:1px solid #eaeded;padding:4px 0}
summary{cursor:pointer}
.ok{color:#1d8102}.notok{color:#d13212;font-weight:bold}
#filters{margin:8px 0}
a{color:#0073bb}
</style>
</head>
<body>
<header>
<h1>mwaanet check</h1>
<div class="inputs">{{range $i, $in := .Inputs}}{{if $i}}; {{end}}{{$in}}{{end}}{{if .Version}} · mwaanet {{.Version}}{{end}}</div>
</header>
<main>
<div class="verdict {{.VerdictClass}}" id="verdict">{{.Verdict}}</div>
<div>{{.Summary.Rules}} rules ran. {{if .Paths}}{{len .Failing}} of {{len .Paths}} MWAA paths are not as MWAA needs them.{{end}}</div>
{{if .Failing}}<p>Failing paths: {{range $i, $p := .Failing}}{{if $i}}, {{end}}<a href="#path-{{$p.N}}">{{$p.From}} → {{$p.To}} {{$p.ProtoPort}}</a>{{end}}</p>{{end}}
<div id="filters" hidden><label>Filter: <input id="filter" type="search" placeholder="rule, resource, text"></label> <label><input id="only-bad" type="checkbox"> only what fails</label></div>

<section id="diagram-section">
<h2>Architecture</h2>
{{if .Diagram}}<div class="diagram">{{.Diagram}}</div><p>Components at fault are marked in red.</p>{{else if .DiagramNote}}<p>{{.DiagramNote}}</p>{{else}}<p>No diagram for this input.</p>{{end}}
</section>

<section id="findings">
<h2>Findings by requirement</h2>
{{if not .Groups}}<p>No findings.</p>{{end}}
{{range .Groups}}
<h3 id="req-{{.Requirement}}">{{if .DocURI}}<a href="{{.DocURI}}">{{.Requirement}}</a>{{else}}{{.Requirement}}{{end}} <span class="sev {{.Worst}}">{{.Worst}}</span></h3>
<table>
<tr><th>severity</th><th>rule</th><th>where</th><th>finding and fix</th></tr>
{{range .Findings}}<tr class="finding" id="finding-{{.N}}" data-filter="{{.Rule}} {{.Resource}} {{.Where}} {{.Message}}" data-ok="{{if eq .Severity "info"}}true{{else}}false{{end}}">
<td><span class="sev {{.Severity}}">{{.Severity}}</span></td>
<td>{{if .DocURI}}<a href="{{.DocURI}}">{{.Rule}}</a>{{else}}{{.Rule}}{{end}}</td>
<td class="where">{{.Where}}{{if .Resource}}<br>{{.Resource}}{{end}}</td>
<td>{{.Message}}{{if .Fix}}<div class="fix">fix: {{.Fix}}</div>{{end}}{{range .Related}}<div class="where">related: {{.}}</div>{{end}}</td>
</tr>
{{end}}</table>
{{end}}
</section>

<section id="paths">
<h2>MWAA paths{{if .Environment}} of {{.Environment}}{{end}}{{if .Routing}} ({{.Routing}} routing){{end}}</h2>
{{if not .Paths}}<p>No paths: the input has no MWAA environment to trace.</p>{{end}}
{{range .Paths}}<details class="path{{if not .OK}} bad{{end}}" id="path-{{.N}}"{{if not .OK}} open{{end}} data-filter="{{.From}} {{.To}} {{.ProtoPort}} {{.Requirement}} {{.Why}}" data-ok="{{.OK}}">
<summary><span class="{{if .OK}}ok{{else}}notok{{end}}">{{if .OK}}as needed{{else}}NOT AS NEEDED{{end}}</span> · {{.From}} → {{.To}} {{.ProtoPort}} · expected {{.Expect}}, {{.Result}} · {{.Requirement}}: {{.Why}}</summary>
<table>
<tr><th>component</th><th>id</th><th>step</th><th>decision</th><th>rule</th><th>where</th></tr>
{{range .Hops}}<tr><td>{{.Component}}</td><td>{{.ID}}</td><td>{{.Step}}</td><td>{{.Decision}}</td><td>{{.Rule}}</td><td class="where">{{.Where}}</td></tr>
{{if or .Message .Fix}}<tr><td></td><td colspan="5">{{.Message}}{{if .Fix}}<div class="fix">fix: {{.Fix}}</div>{{end}}</td></tr>{{end}}
{{end}}</table>
</details>
{{end}}
</section>
</main>
<script>{{.Script}}</script>
</body>
</html>
`))
