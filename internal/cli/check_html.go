package cli

import (
	"bytes"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
	"github.com/mwaanet/mwaanet/internal/render/diagram"
	"github.com/mwaanet/mwaanet/internal/report"
)

// htmlExtras computes what `check --format html` shows beyond the findings: the diagram
// with the components at fault marked (as mwaanet diagram draws it) and the MWAA paths of
// the input's (first) environment with their hops (as mwaanet trace --all finds them).
func htmlExtras(a *model.Architecture, findings []model.Finding) *report.HTMLExtras {
	ex := &report.HTMLExtras{}
	var svg bytes.Buffer
	if err := diagram.Render(&svg, a, diagram.Options{Format: diagram.SVG, Findings: findings}); err == nil {
		ex.Diagram = svg.Bytes()
	}
	an := reach.New(a)
	qs := an.MWAAPaths()
	if len(qs) == 0 {
		return ex
	}
	if env := a.Environment(); env != nil {
		ex.Environment = env.ID
	}
	ex.Routing = an.Routing()
	for _, r := range an.Analyze(qs) {
		p := report.HTMLPath{From: r.Query.From, To: r.Query.To, ProtoPort: r.Query.ProtoPort(),
			Expect: r.Query.Expect.String(), Result: r.State.String(), OK: r.MeetsExpectation(),
			Requirement: r.Query.Requirement, Why: r.Query.Why}
		if r.Partial {
			p.Result += " (partly)"
		}
		for _, h := range r.Hops {
			p.Hops = append(p.Hops, report.HTMLHop{Component: h.Component, ID: h.ID, Step: h.Step, Rule: h.Rule,
				Decision: h.Decision.String(), Where: h.Where.String(), Message: h.Message, Fix: h.Fix})
		}
		ex.Paths = append(ex.Paths, p)
	}
	return ex
}
