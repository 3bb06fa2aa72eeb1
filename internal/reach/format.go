package reach

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// resultJSON is the JSON form of a Result.
type resultJSON struct {
	From         string          `json:"from"`
	To           string          `json:"to"`
	Protocol     string          `json:"protocol"`
	Port         *int32          `json:"port,omitempty"`
	Reachable    bool            `json:"reachable"`
	Undetermined bool            `json:"undetermined"`
	Partial      bool            `json:"partial,omitempty"`
	Expect       string          `json:"expect,omitempty"`
	Requirement  string          `json:"requirement,omitempty"`
	Why          string          `json:"why,omitempty"`
	Meets        *bool           `json:"meets_expectation,omitempty"`
	Guarded      string          `json:"must_stay_blocked,omitempty"`
	Hops         []Hop           `json:"hops"`
	Explanation  explanationJSON `json:"explanation"`
	Paths        []pathJSON      `json:"paths"`
}

type explanationJSON struct {
	Summary  string `json:"summary"`
	Blocks   []Hop  `json:"blocks"`
	Unknowns []Hop  `json:"unknowns"`
}

type pathJSON struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Result string `json:"result"`
	Hops   []Hop  `json:"hops"`
}

func nonNil(h []Hop) []Hop {
	if h == nil {
		return []Hop{}
	}
	return h
}

// MarshalJSON writes {"reachable", "undetermined", "hops", "explanation", "paths", ...}.
func (r *Result) MarshalJSON() ([]byte, error) {
	q := r.Query
	j := resultJSON{
		From: q.From, To: q.To, Protocol: q.Protocol.String(),
		Reachable: r.State == Reachable, Undetermined: r.State == Undetermined, Partial: r.Partial,
		Expect: q.Expect.String(), Requirement: q.Requirement, Why: q.Why, Guarded: r.Guarded,
		Hops:        nonNil(r.Hops),
		Explanation: explanationJSON{Summary: r.Summary(), Blocks: nonNil(r.Blocks), Unknowns: nonNil(r.Unknowns)},
		Paths:       make([]pathJSON, len(r.Paths)),
	}
	if q.Protocol.HasPorts() {
		p := q.Port
		j.Port = &p
	}
	if q.Expect != ExpectNothing {
		m := r.MeetsExpectation()
		j.Meets = &m
	}
	for i, p := range r.Paths {
		j.Paths[i] = pathJSON{From: p.From, To: p.To, Result: p.State.String(), Hops: nonNil(p.Hops)}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// WriteText writes r like a traceroute: the first blocked (or undetermined, or only)
// path hop by hop, one line for each other path, then what blocks it and how to fix it.
func WriteText(w io.Writer, r *Result) error { return writeText(w, r, false) }

// WriteTextAllPaths is WriteText with the hops of every path.
func WriteTextAllPaths(w io.Writer, r *Result) error { return writeText(w, r, true) }

func writeText(w io.Writer, r *Result, all bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "trace %s\n", r.Query)
	shown := -1
	for i := range r.Paths {
		if len(r.Hops) > 0 && len(r.Paths[i].Hops) > 0 && &r.Paths[i].Hops[0] == &r.Hops[0] {
			shown = i
		}
	}
	for i, p := range r.Paths {
		fmt.Fprintf(&b, "path %d/%d: %s -> %s: %s\n", i+1, len(r.Paths), p.From, p.To, p.State)
		if i != shown && !all {
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for n, h := range p.Hops {
			rule := h.Rule
			if rule == "" {
				rule = h.Message
			}
			if w := h.Where.String(); w != "" && w != h.ID {
				rule += "  [" + w + "]"
			}
			fmt.Fprintf(tw, "  %2d\t%s\t%s\t%s\t%s\t%s\n", n+1, h.Component, h.ID, h.Step, strings.ToUpper(h.Decision.String()), rule)
		}
		tw.Flush()
	}
	switch r.State {
	case Reachable:
		fmt.Fprintf(&b, "result: REACHABLE\n")
	case NotReachable:
		if r.Partial {
			fmt.Fprintf(&b, "result: NOT REACHABLE (some paths get through, others do not)\n")
		} else {
			fmt.Fprintf(&b, "result: NOT REACHABLE\n")
		}
	default:
		fmt.Fprintf(&b, "result: UNDETERMINED (the input does not give every value the answer needs)\n")
	}
	switch {
	case len(r.Blocks) > 0 && r.Guarded != "":
		fmt.Fprintf(&b, "blocked by (as it must be: %s; each of these keeps it closed):\n", r.Guarded)
		for _, h := range r.Blocks {
			writeProblem(&b, h)
		}
	case r.Guarded != "" && r.State == Reachable:
		fmt.Fprintf(&b, "this path must be blocked: %s\n", r.Guarded)
	case len(r.Blocks) > 0:
		fmt.Fprintf(&b, "blocked by (fix each for the path to work):\n")
		for _, h := range r.Blocks {
			writeProblem(&b, h)
		}
	}
	if len(r.Unknowns) > 0 {
		fmt.Fprintf(&b, "not known from the input:\n")
		for _, h := range r.Unknowns {
			writeProblem(&b, h)
		}
	}
	// IDs, names and messages come from the input or from AWS: a control character in
	// them (an escape sequence in a tag or logical ID) is shown escaped, never sent to the
	// terminal raw.
	_, err := io.WriteString(w, textsafe.EscapeMultiline(b.String()))
	return err
}

func writeProblem(b *strings.Builder, h Hop) {
	fmt.Fprintf(b, "  %s %s %s (%s): %s\n", h.Code, h.Component, h.ID, h.Step, h.Message)
	if w := h.Where.String(); w != "" && w != h.ID {
		fmt.Fprintf(b, "      at %s\n", w)
	}
	if h.Fix != "" {
		fmt.Fprintf(b, "      fix: %s\n", h.Fix)
	}
}

// WriteTable writes results as a table: one line per query with what it should give,
// what it gives, and the first blocking code.
func WriteTable(w io.Writer, rs []*Result) error {
	var out strings.Builder
	tw := tabwriter.NewWriter(&out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "FROM\tTO\tPORT\tEXPECTED\tRESULT\tOK\tREQ\tDETAIL\n")
	for _, r := range rs {
		ok := "ok"
		if !r.MeetsExpectation() {
			ok = "FAIL"
		}
		detail := ""
		switch {
		case r.State == NotReachable && len(r.Blocks) > 0:
			detail = strings.TrimSpace(r.Blocks[0].Code + " " + r.Blocks[0].Component + " " + r.Blocks[0].ID)
			if len(r.Blocks) > 1 {
				detail += fmt.Sprintf(" (+%d)", len(r.Blocks)-1)
			}
		case r.State == Undetermined && len(r.Unknowns) > 0:
			detail = r.Unknowns[0].Message
		}
		state := r.State.String()
		if r.Partial {
			state = "partial"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Query.From, r.Query.To, r.Query.ProtoPort(),
			dash(r.Query.Expect.String()), state, ok, dash(r.Query.Requirement), textsafe.Escape(detail))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, textsafe.EscapeMultiline(out.String()))
	return err
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
