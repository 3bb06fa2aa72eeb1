package deps

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/mwaanet/mwaanet/internal/model"
)

type jsonFinding struct {
	Rule        string `json:"rule"`
	Requirement string `json:"requirement"`
	Severity    string `json:"severity"`
	Package     string `json:"package,omitempty"`
	File        string `json:"file,omitempty"`
	Line        int    `json:"line,omitempty"`
	Message     string `json:"message"`
	Fix         string `json:"fix,omitempty"`
}

type jsonReport struct {
	Platform struct {
		Airflow string `json:"airflow_version"`
		Python  string `json:"python_version"`
		Glibc   string `json:"glibc"`
		OS      string `json:"os"`
		Machine string `json:"machine"`
	} `json:"platform"`
	Checked     bool          `json:"closure_checked"`
	Findings    []jsonFinding `json:"findings"`
	Resolved    []Pin         `json:"resolved"`
	PipDownload string        `json:"pip_download,omitempty"`
	Summary     struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Info     int `json:"info"`
	} `json:"summary"`
}

func (r *Report) counts() (e, w, i int) {
	for _, f := range r.Findings {
		switch f.Severity {
		case model.SeverityError:
			e++
		case model.SeverityWarning:
			w++
		default:
			i++
		}
	}
	return
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	var j jsonReport
	j.Platform.Airflow = r.Platform.Airflow
	j.Platform.Python = r.Platform.Python
	j.Platform.Glibc = fmt.Sprintf("%d.%d", r.Platform.GlibcMajor, r.Platform.GlibcMinor)
	j.Platform.OS = r.Platform.OS
	j.Platform.Machine = "x86_64"
	j.Checked = r.Checked
	j.Findings = []jsonFinding{}
	for _, f := range r.Findings {
		j.Findings = append(j.Findings, jsonFinding{f.Rule, f.Requirement, string(f.Severity), f.Resource, f.Source.File, f.Source.Line, f.Message, f.Fix})
	}
	j.Resolved = r.Resolved
	if j.Resolved == nil {
		j.Resolved = []Pin{}
	}
	j.PipDownload = r.PipDownload
	j.Summary.Errors, j.Summary.Warnings, j.Summary.Info = r.counts()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(j)
}

// WriteText writes the report for a terminal: one finding per block, then the resolved
// set and the pip download command.
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "Python dependencies for %s\n", r.Platform.Describe())
	for _, f := range r.Findings {
		where := f.Source.String()
		if where == "" {
			where = "-"
		}
		pkg := ""
		if f.Resource != "" {
			pkg = " [" + f.Resource + "]"
		}
		fmt.Fprintf(w, "\n%s: %s %s%s: %s\n", where, f.Severity, f.Rule, pkg, f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "  fix: %s\n", f.Fix)
		}
	}
	if r.Checked {
		fmt.Fprintf(w, "\nResolved (%d):\n", len(r.Resolved))
		for _, p := range r.Resolved {
			fmt.Fprintf(w, "  %s==%s  (%s)\n", p.Name, p.Version, p.From)
		}
	}
	if r.PipDownload != "" {
		fmt.Fprintf(w, "\nTo fetch the missing wheels (on a machine with internet), then add them to plugins.zip:\n  %s\n", r.PipDownload)
	}
	e, wn, i := r.counts()
	_, err := fmt.Fprintf(w, "\n%d error(s), %d warning(s), %d info\n", e, wn, i)
	return err
}
