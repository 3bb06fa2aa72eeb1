package ruledocs_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	ruledocs "github.com/mwaanet/mwaanet/docs/rules"
	"github.com/mwaanet/mwaanet/internal/cli"
)

// A snippet is a fenced code block of a rule page preceded by a directive comment:
//
//	<!-- snippet cfn fails=NET-04/vpc-dns base=private -->
//	<!-- snippet cfn passes base=private remove=LogsEndpoint -->
//	<!-- snippet tf fails=PUB-04/path base=public remove=aws_route.private_default_route_1 -->
//
// The kind is cfn (CloudFormation) or tf (Terraform). The keys:
//
//   - fails=RULE,... or passes: a failing snippet must make check report every rule it
//     names as an error or warning (as info only when the rule's severity is info: a
//     "not verifiable" info is no failure); a passing one must make check report no rule
//     of its page, not even as info.
//   - base=private|public|network: what the snippet is completed with: what `mwaanet synth`
//     makes for use case 3 ("private") or 1 ("public"), or "network", the private one
//     without its environment (checked with the environment given by flags). cfn also
//     takes base=none: the snippet is a whole template.
//   - remove=X,...: the base's resources (cfn: logical IDs) or blocks (tf: aws_vpc.main,
//     data.TYPE.NAME, output.NAME, variable.NAME, module.NAME) to delete first.
//   - args=A;B: more check flags.
//   - raw (cfn): insert the snippet's resources as text (for duplicates, which a YAML
//     decoder refuses).
//   - unverifiable="why" (tf): check cannot decide the snippet; it is only parsed, and
//     the test logs and counts it (there are none).
//
// A CloudFormation snippet is merged into testdata/base-<base>.yaml: each top-level
// section and each resource of the snippet is merged key by key into the base's (mappings
// merge, anything else replaces). A Terraform snippet is merged into the configuration
// synth writes for base (see tfBase and completeTF in tf_test.go): each of its blocks replaces
// the base's block of the same type and labels, or is added; check then reads the
// directory as a Terraform configuration.
type snippet struct {
	page, kind, base string
	fails            []string // rules the snippet must make check report; none: it passes
	remove, args     []string
	raw              bool   // insert the snippet's resources as text (duplicates survive)
	unverifiable     string // why check cannot decide this snippet; it is then only logged
	line             int
	body             string
}

var (
	directiveRe = regexp.MustCompile(`^<!-- snippet (cfn|tf)((?: [a-z]+(?:=(?:"[^"]*"|[^ "]+))?)*) -->$`)
	keyRe       = regexp.MustCompile(`[a-z]+(?:=(?:"[^"]*"|[^ "]+))?`)
)

func readSnippets(t *testing.T, page string, text []byte) []snippet {
	t.Helper()
	lines := strings.Split(string(text), "\n")
	var out []snippet
	for i := 0; i < len(lines); i++ {
		m := directiveRe.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			if strings.HasPrefix(strings.TrimSpace(lines[i]), "<!-- snippet") {
				t.Errorf("%s.md:%d: malformed snippet directive %q", page, i+1, lines[i])
			}
			continue
		}
		s := snippet{page: page, kind: m[1], line: i + 1}
		for _, kv := range keyRe.FindAllString(m[2], -1) {
			k, v, _ := strings.Cut(kv, "=")
			v = strings.Trim(v, `"`)
			switch k {
			case "fails":
				s.fails = strings.Split(v, ",")
			case "passes":
			case "raw":
				s.raw = true
			case "base":
				s.base = v
			case "remove":
				s.remove = strings.Split(v, ",")
			case "args":
				s.args = strings.Split(v, ";")
			case "unverifiable":
				s.unverifiable = v
			default:
				t.Errorf("%s.md:%d: unknown snippet key %q", page, i+1, k)
			}
		}
		if s.base == "" {
			t.Errorf("%s.md:%d: a snippet directive needs base=", page, i+1)
		}
		if s.unverifiable != "" && s.kind != "tf" {
			t.Errorf("%s.md:%d: only a Terraform snippet may be unverifiable", page, i+1)
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			t.Errorf("%s.md:%d: a snippet directive must be followed by a fenced block", page, i+1)
			continue
		}
		var body []string
		j := i + 2
		for ; j < len(lines) && !strings.HasPrefix(lines[j], "```"); j++ {
			body = append(body, lines[j])
		}
		s.body = strings.Join(body, "\n") + "\n"
		out = append(out, s)
		i = j
	}
	return out
}

// merge merges src into dst (both mapping nodes): mappings recursively, anything else
// replaces.
func merge(dst, src *yaml.Node) {
	for i := 0; i+1 < len(src.Content); i += 2 {
		k, v := src.Content[i], src.Content[i+1]
		found := false
		for j := 0; j+1 < len(dst.Content); j += 2 {
			if dst.Content[j].Value != k.Value {
				continue
			}
			found = true
			if dst.Content[j+1].Kind == yaml.MappingNode && v.Kind == yaml.MappingNode && v.Tag == dst.Content[j+1].Tag {
				merge(dst.Content[j+1], v)
			} else {
				dst.Content[j+1] = v
			}
		}
		if !found {
			dst.Content = append(dst.Content, k, v)
		}
	}
}

func removeKeys(m *yaml.Node, keys []string) error {
	for _, key := range keys {
		ok := false
		for j := 0; j+1 < len(m.Content); j += 2 {
			if m.Content[j].Value == key {
				m.Content = append(m.Content[:j], m.Content[j+2:]...)
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("remove=%s: the base has no resource %s", key, key)
		}
	}
	return nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == key {
			return m.Content[j+1]
		}
	}
	return nil
}

// completeCFN returns the base template with the snippet merged in.
func completeCFN(s snippet) ([]byte, error) {
	if s.base == "none" {
		return []byte(s.body), nil
	}
	if s.raw {
		return insertRaw(s)
	}
	base, err := os.ReadFile(filepath.Join("testdata", "base-"+s.base+".yaml"))
	if err != nil {
		return nil, err
	}
	var doc, part yaml.Node
	if err := yaml.Unmarshal(base, &doc); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal([]byte(s.body), &part); err != nil {
		return nil, fmt.Errorf("snippet: %v", err)
	}
	root := doc.Content[0]
	if len(s.remove) > 0 {
		if err := removeKeys(mapValue(root, "Resources"), s.remove); err != nil {
			return nil, err
		}
	}
	if len(part.Content) > 0 {
		if part.Content[0].Kind != yaml.MappingNode {
			return nil, fmt.Errorf("snippet: not a template fragment (a mapping with Resources)")
		}
		merge(root, part.Content[0])
	}
	return yaml.Marshal(&doc)
}

// insertRaw inserts the lines after the snippet's "Resources:" line right after the
// base's, as text: a YAML decoder would refuse the duplicates the INPUT rules are about.
func insertRaw(s snippet) ([]byte, error) {
	base, err := os.ReadFile(filepath.Join("testdata", "base-"+s.base+".yaml"))
	if err != nil {
		return nil, err
	}
	_, part, ok := strings.Cut(s.body, "Resources:\n")
	if !ok {
		return nil, fmt.Errorf("a raw snippet starts with Resources:")
	}
	before, after, ok := strings.Cut(string(base), "\nResources:\n")
	if !ok {
		return nil, fmt.Errorf("base-%s has no Resources section", s.base)
	}
	return []byte(before + "\nResources:\n" + part + after), nil
}

type finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func check(t *testing.T, template []byte, args ...string) []finding {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(path, template, 0o644); err != nil {
		t.Fatal(err)
	}
	return checkPath(t, path, args...)
}

// checkPath runs `mwaanet check --format json PATH ARGS` and returns its findings.
func checkPath(t *testing.T, path string, args ...string) []finding {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(&cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }}, append([]string{"check", "--format", "json", "--fail-on", "none", path}, args...))
	if code != 0 {
		t.Fatalf("check exited %d: %s", code, errb.String())
	}
	var rep struct{ Findings []finding }
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}

var (
	infoOnce sync.Once
	infoSet  map[string]bool
)

// infoRules are the rules `mwaanet rules` lists with severity info.
func infoRules(t *testing.T) map[string]bool {
	t.Helper()
	infoOnce.Do(func() {
		var out, errb bytes.Buffer
		if code := cli.Run(&cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb}}, []string{"rules", "--format", "json"}); code != 0 {
			t.Fatalf("rules exited %d: %s", code, errb.String())
		}
		var rules []struct{ ID, Severity string }
		if err := json.Unmarshal(out.Bytes(), &rules); err != nil {
			t.Fatal(err)
		}
		infoSet = map[string]bool{}
		for _, r := range rules {
			infoSet[r.ID] = r.Severity == "info"
		}
	})
	return infoSet
}

// expectFindings reports an error unless fs is what snippet s promises: every rule of
// fails= reported as an error or warning (or as info, for a rule of severity info), or
// (a passing snippet) no rule of its page, not even as info.
func expectFindings(t *testing.T, s snippet, fs []finding) {
	t.Helper()
	if len(s.fails) > 0 {
		reported := map[string]bool{}
		for _, f := range fs {
			// An info finding ("not verifiable from this input") is no failure, except of
			// a rule whose findings are all info.
			if f.Severity != "info" || infoRules(t)[f.Rule] {
				reported[f.Rule] = true
			}
		}
		for _, want := range s.fails {
			if !reported[want] {
				t.Errorf("%s.md:%d: the failing snippet does not make check report %s as an error or warning; it reports %v", s.page, s.line, want, rulesOf(fs))
			}
		}
		return
	}
	for _, f := range fs {
		if ruledocs.PageName(f.Rule) == s.page {
			t.Errorf("%s.md:%d: the passing snippet makes check report %s: %s", s.page, s.line, f.Rule, f.Message)
		}
	}
}

func pageTexts(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range ruledocs.Names() {
		b, ok := ruledocs.Page(n)
		if !ok {
			t.Fatalf("page %s listed but not readable", n)
		}
		out[n] = b
	}
	return out
}

// alwaysReported pages document info rules reported for every environment: they have a
// snippet that shows the finding and no "passes" snippet.
var alwaysReported = map[string]bool{"NET-08": true, "CST-01": true, "DOC-01": true}

func TestBasesAreClean(t *testing.T) {
	for _, base := range []string{"private", "public", "network"} {
		var args []string
		if base == "network" {
			args = networkArgs
		}
		fs := check(t, mustRead(t, filepath.Join("testdata", "base-"+base+".yaml")), args...)
		for _, f := range fs {
			if f.Severity == "error" || (f.Severity == "warning" && !(base == "public" && f.Rule == "WEB-03/public-only")) {
				t.Errorf("base-%s: %s %s: %s", base, f.Severity, f.Rule, f.Message)
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCloudFormationSnippets(t *testing.T) {
	pages := pageTexts(t)
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		snips := readSnippets(t, name, pages[name])
		var fails, passes int
		for _, s := range snips {
			if s.kind != "cfn" {
				continue
			}
			if len(s.fails) > 0 {
				fails++
			} else {
				passes++
			}
			s := s
			t.Run(fmt.Sprintf("%s/line%d", name, s.line), func(t *testing.T) {
				tmpl, err := completeCFN(s)
				if err != nil {
					t.Fatalf("%s.md:%d: %v", s.page, s.line, err)
				}
				expectFindings(t, s, check(t, tmpl, s.args...))
			})
		}
		if fails == 0 && !hasRuleNotFromTemplate(name) {
			t.Errorf("%s.md has no failing CloudFormation snippet", name)
		}
		if passes == 0 && !alwaysReported[name] {
			t.Errorf("%s.md has no passing CloudFormation snippet", name)
		}
	}
}

func rulesOf(fs []finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

// networkArgs are the flags base-network.yaml is checked with.
var networkArgs = []string{"--subnets", "PrivateSubnet1,PrivateSubnet2", "--security-groups", "EnvironmentSecurityGroup", "--routing", "private"}

// hasRuleNotFromTemplate reports whether page documents a rule no template can make fire.
func hasRuleNotFromTemplate(page string) bool {
	for id := range notFromTemplate {
		if ruledocs.PageName(id) == page {
			return true
		}
	}
	return false
}
