package equivtest

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
)

// The hand-written fidelity corpus (testdata/fidelity-cli): small networks written from AWS
// documentation whose snapshot form is written by hand as the AWS CLI prints it (not by
// this package's writer, as testdata/fidelity's are), so the snapshot reader is held to
// AWS's output shapes independently of the writer:
// one documented behaviour each, in CloudFormation and in snapshot (AWS CLI) form. Each case
// is a txtar archive whose comment quotes the AWS sentence it rests on and names the page;
// its files are:
//
//	template.yaml        resources added to base.txtar's template (indented under Resources)
//	snapshot/NAME.json   AWS CLI output added to base.txtar's snapshot (a file named as one of
//	                     the base's replaces it)
//	places               one line per place: NAME TEMPLATE-ID SNAPSHOT-ID
//	queries              one line per question: FROM TO PORT ANSWER [CODE]
//
// FROM and TO are place names, trace places (internet, an address) or names from places;
// ANSWER is reachable, not-reachable or undetermined; CODE, when given, must be among the
// blocking (not-reachable) or unknown (undetermined) hops' codes. Every query is asked of
// both forms and must give the same answer in each. Adding a case is adding a file.

type cliFidelityQuery struct {
	line     int
	from, to string
	port     int32
	answer   reach.State
	code     string
}

type cliFidelityCase struct {
	name     string
	template []byte
	snapshot map[string][]byte
	places   map[string][2]string
	queries  []cliFidelityQuery
	sentence string
}

func loadCLIFidelity(t *testing.T, path string, base *txtar.Archive) cliFidelityCase {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := cliFidelityCase{name: strings.TrimSuffix(filepath.Base(path), ".txtar"), snapshot: map[string][]byte{},
		places: map[string][2]string{}, sentence: strings.TrimSpace(string(ar.Comment))}
	add := func(ar *txtar.Archive, own bool) {
		for _, f := range ar.Files {
			switch {
			case f.Name == "template.yaml":
				c.template = append(c.template, f.Data...)
			case strings.HasPrefix(f.Name, "snapshot/"):
				c.snapshot[f.Name] = f.Data // a case's file replaces the base's of the same name
			case f.Name == "places" && own:
				for _, l := range cliLines(f.Data) {
					fs := strings.Fields(l.text)
					if len(fs) != 3 {
						t.Fatalf("%s: places line %d: want NAME TEMPLATE-ID SNAPSHOT-ID, got %q", path, l.n, l.text)
					}
					c.places[fs[0]] = [2]string{fs[1], fs[2]}
				}
			case f.Name == "queries" && own:
				for _, l := range cliLines(f.Data) {
					c.queries = append(c.queries, parseCLIQuery(t, path, l.n, l.text))
				}
			}
		}
	}
	add(base, false)
	add(ar, true)
	if c.sentence == "" || len(c.queries) == 0 {
		t.Fatalf("%s: a case needs the AWS sentence in its comment and at least one query", path)
	}
	return c
}

type cliNumbered struct {
	n    int
	text string
}

func cliLines(data []byte) []cliNumbered {
	var out []cliNumbered
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			out = append(out, cliNumbered{n, s})
		}
	}
	return out
}

func parseCLIQuery(t *testing.T, path string, n int, s string) cliFidelityQuery {
	t.Helper()
	fs := strings.Fields(s)
	if len(fs) < 4 || len(fs) > 5 {
		t.Fatalf("%s: queries line %d: want FROM TO PORT ANSWER [CODE], got %q", path, n, s)
	}
	port, err := strconv.Atoi(fs[2])
	if err != nil {
		t.Fatalf("%s: queries line %d: port %q", path, n, fs[2])
	}
	q := cliFidelityQuery{line: n, from: fs[0], to: fs[1], port: int32(port)}
	switch fs[3] {
	case "reachable":
		q.answer = reach.Reachable
	case "not-reachable":
		q.answer = reach.NotReachable
	case "undetermined":
		q.answer = reach.Undetermined
	default:
		t.Fatalf("%s: queries line %d: answer %q: want reachable, not-reachable or undetermined", path, n, fs[3])
	}
	if len(fs) == 5 {
		q.code = fs[4]
	}
	return q
}

func (c cliFidelityCase) forms(t *testing.T) map[string]*model.Architecture {
	t.Helper()
	tmpl, err := cfn.Read([]cfn.File{{Name: c.name + ".yaml", Data: c.template}}, cfn.Options{Region: "us-east-1"})
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	snap, err := awscli.Read(c.snapshot)
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return map[string]*model.Architecture{"template": tmpl, "snapshot": snap}
}

func (c cliFidelityCase) place(name string, form int) string {
	if p, ok := c.places[name]; ok {
		return p[form]
	}
	return name
}

func TestFidelityHandWrittenSnapshots(t *testing.T) {
	base, err := txtar.ParseFile("testdata/fidelity-cli/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("testdata/fidelity-cli/*.txtar")
	n := 0
	for _, path := range paths {
		if filepath.Base(path) == "base.txtar" {
			continue
		}
		n++
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			c := loadCLIFidelity(t, path, base)
			forms := c.forms(t)
			for i, form := range []string{"template", "snapshot"} {
				an := reach.New(forms[form])
				for _, q := range c.queries {
					pq := reach.PathQuery{From: c.place(q.from, i), To: c.place(q.to, i), Protocol: model.TCP, Port: q.port}
					r, err := an.Trace(pq)
					if err != nil {
						t.Errorf("%s: queries line %d (%s): %v", form, q.line, pq, err)
						continue
					}
					if r.State != q.answer {
						t.Errorf("%s: queries line %d (%s): %s, want %s (%s)\n%s", form, q.line, pq, r.State, q.answer, r.Summary(), c.sentence)
						continue
					}
					if q.code != "" && !cliHasCode(r, q.code) {
						t.Errorf("%s: queries line %d (%s): codes %s lack %s", form, q.line, pq, cliCodes(r), q.code)
					}
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no fidelity cases")
	}
}

func cliHasCode(r *reach.Result, code string) bool {
	for _, h := range append(append([]reach.Hop{}, r.Blocks...), r.Unknowns...) {
		if h.Code == code {
			return true
		}
	}
	return false
}

func cliCodes(r *reach.Result) string {
	var s []string
	for _, h := range append(append([]reach.Hop{}, r.Blocks...), r.Unknowns...) {
		s = append(s, h.Code)
	}
	return fmt.Sprint(s)
}
