package ruledocs_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	ruledocs "github.com/mwaanet/mwaanet/docs/rules"
	"github.com/mwaanet/mwaanet/internal/cli"
)

// ruleIDs lists the rules `mwaanet rules` lists.
func ruleIDs(t *testing.T) []string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cli.Run(&cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb}}, []string{"rules", "--format", "json"}); code != 0 {
		t.Fatalf("rules exited %d: %s", code, errb.String())
	}
	var rules []struct{ ID string }
	if err := json.Unmarshal(out.Bytes(), &rules); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	if len(ids) < 40 {
		t.Fatalf("only %d rules listed", len(ids))
	}
	return ids
}

// Every rule has a page that names it and has a failing snippet for it; every page
// documents at least one rule; the index links every page.
func TestEveryRuleHasAPage(t *testing.T) {
	ids := ruleIDs(t)
	pages := pageTexts(t)
	documented := map[string]bool{}
	for _, id := range ids {
		name := ruledocs.PageName(id)
		text, ok := pages[name]
		if !ok {
			t.Errorf("rule %s has no page docs/rules/%s.md", id, name)
			continue
		}
		documented[name] = true
		if !strings.Contains(string(text), "`"+id+"`") {
			t.Errorf("%s.md does not name rule `%s`", name, id)
		}
		failing := false
		for _, s := range readSnippets(t, name, text) {
			for _, f := range s.fails {
				if s.kind == "cfn" && f == id {
					failing = true
				}
			}
		}
		if !failing && notFromTemplate[id] == "" {
			t.Errorf("%s.md has no failing CloudFormation snippet for %s", name, id)
		}
	}
	index, err := readIndex()
	if err != nil {
		t.Fatal(err)
	}
	for name := range pages {
		if !documented[name] {
			t.Errorf("docs/rules/%s.md documents no rule that mwaanet rules lists", name)
		}
		if !strings.Contains(index, "("+name+".md)") {
			t.Errorf("README.md does not link %s.md", name)
		}
	}
}

// notFromTemplate names the rules no template can make fire, and why; their pages show
// the input that does (a snapshot) in text.
var notFromTemplate = map[string]string{
	"EPM-01/shared-vpc":  "the owner account of a subnet exists only in a snapshot or the live account",
	"PRV-02/local-route": "AWS adds the local route to every table; only a snapshot can show one replaced",
	"PRV-03/path":        "a service path that breaks at a hop no narrower rule owns; every template we could write is reported by PRV-03/endpoints, PRV-04/path or NET-0x instead",
}

func readIndex() (string, error) {
	b, err := readFile("README.md")
	return string(b), err
}

func TestPageLookup(t *testing.T) {
	for _, id := range []string{"NET-05", "net-05", "NET-05/path", "Net-05/Self-Reference", "INPUT/cfn-duplicate-key"} {
		if _, ok := ruledocs.Page(id); !ok {
			t.Errorf("Page(%q) not found", id)
		}
	}
	for _, id := range []string{"", "README", "NET-99", "../go", "x.md"} {
		if _, ok := ruledocs.Page(id); ok {
			t.Errorf("Page(%q) found", id)
		}
	}
	if got, want := ruledocs.URL("NET-05/path"), "https://github.com/mwaanet/mwaanet/blob/main/docs/rules/NET-05.md"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
	page := []byte("# T\n<!-- snippet cfn passes base=private -->\ntext\n## Examples\nmore\n")
	if got := ruledocs.Readable(page); strings.Contains(got, "snippet") {
		t.Errorf("Readable kept the directive: %q", got)
	}
	if got := ruledocs.Summary(page); got != "# T\ntext\n" {
		t.Errorf("Summary = %q", got)
	}
}
