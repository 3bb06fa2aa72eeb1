package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// JUnit XML: one test suite per requirement family, one test case per rule; a rule's
// findings of error or warning severity are its failures (info findings go to
// system-out). CI dashboards then show which requirements hold.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func family(req string) string {
	if i := strings.IndexByte(req, '-'); i > 0 {
		return req[:i]
	}
	return req
}

func writeJUnit(w io.Writer, r *Report) error {
	byRule := map[string][]model.Finding{}
	for _, f := range r.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	rules := append([]Rule(nil), r.Rules...)
	known := map[string]bool{}
	for _, rule := range rules {
		known[rule.ID] = true
	}
	// Findings of rules that were not declared (input problems) still show up.
	for _, f := range r.Findings {
		if !known[f.Rule] {
			known[f.Rule] = true
			rules = append(rules, Rule{ID: f.Rule, Requirement: f.Requirement, Severity: f.Severity})
		}
	}
	out := junitSuites{Name: "mwaanet"}
	suiteIndex := map[string]int{}
	for _, rule := range rules {
		fam := family(rule.Requirement)
		i, ok := suiteIndex[fam]
		if !ok {
			i = len(out.Suites)
			suiteIndex[fam] = i
			out.Suites = append(out.Suites, junitSuite{Name: fam})
		}
		c := junitCase{Name: rule.ID, Classname: "mwaanet." + fam}
		var info []string
		for _, f := range byRule[rule.ID] {
			text := fmt.Sprintf("%s: %s", where(f), f.Message)
			if f.Fix != "" {
				text += "\nfix: " + f.Fix
			}
			if f.Severity == model.SeverityInfo {
				info = append(info, text)
				continue
			}
			c.Failures = append(c.Failures, junitFailure{Message: f.Message, Type: string(f.Severity), Text: text})
		}
		c.SystemOut = strings.Join(info, "\n")
		s := &out.Suites[i]
		s.Cases = append(s.Cases, c)
		s.Tests++
		out.Tests++
		if len(c.Failures) > 0 {
			s.Failures++
			out.Failures++
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func where(f model.Finding) string {
	s := f.Source.String()
	if f.Resource != "" && f.Resource != s {
		if s == "" {
			return f.Resource
		}
		s += " (" + f.Resource + ")"
	}
	return s
}
