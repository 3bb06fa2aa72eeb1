package report

import (
	"encoding/json"
	"io"
)

// jsonFinding is the stable JSON shape of a finding.
type jsonFinding struct {
	Rule        string `json:"rule"`
	Requirement string `json:"requirement"`
	Severity    string `json:"severity"`
	Resource    string `json:"resource"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Message     string `json:"message"`
	Fix         string `json:"fix"`
	// DocURI is the rule's page (docs/rules/ID.md), "" for a rule without one.
	DocURI  string        `json:"doc_uri,omitempty"`
	Related []jsonRelated `json:"related,omitempty"`
}

type jsonRelated struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	ID     string `json:"id,omitempty"`
}

type jsonReport struct {
	Inputs   []string      `json:"inputs"`
	Findings []jsonFinding `json:"findings"`
	Summary  Summary       `json:"summary"`
}

// writeJSON writes {"inputs": [...], "findings": [...], "summary": {...}}. File is the
// file of the finding's position, or "" for API input (Resource then holds the AWS ID).
func writeJSON(w io.Writer, r *Report) error {
	out := jsonReport{Inputs: r.Inputs, Findings: []jsonFinding{}, Summary: r.Summarize()}
	if out.Inputs == nil {
		out.Inputs = []string{}
	}
	docs := map[string]string{}
	for _, rule := range r.Rules {
		docs[rule.ID] = rule.DocURI
	}
	for _, f := range r.Findings {
		jf := jsonFinding{
			Rule: f.Rule, Requirement: f.Requirement, Severity: string(f.Severity),
			Resource: f.Resource, File: f.Source.File, Line: f.Source.Line, Column: f.Source.Column,
			Message: f.Message, Fix: f.Fix, DocURI: docs[f.Rule],
		}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{File: rel.File, Line: rel.Line, Column: rel.Column, ID: rel.ID})
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
