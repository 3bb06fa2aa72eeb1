package equivtest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
)

// The fidelity corpus: small networks written from AWS's documentation, one documented
// behaviour each (testdata/fidelity/*.txtar). The archive's comment quotes the sentence
// of AWS's documentation the case rests on and names the page. Each case holds
//
//   - template.yaml: the network as CloudFormation;
//   - queries: one per line, `FROM TO PROTO/PORT => ANSWER [BLOCKER[:CODE] ...]`, where
//     ANSWER is reachable, not-reachable or undetermined, FROM and TO are trace places
//     (logical IDs, IPs, internet, service:NAME, ...), and each BLOCKER is the logical ID
//     of a component that must be among the result's blocking (or, for undetermined,
//     undeciding) hops, with its stable code when given; `snapshot=ANSWER` among them
//     says the snapshot form answers otherwise, for what the AWS CLI outputs do not
//     show (describe-managed-prefix-lists gives no entries, so a rule naming a customer
//     managed prefix list is undetermined there);
//   - optionally snapshot/*.json: the same network as the AWS CLI prints it, written by
//     hand where AWS shows something the template leaves implicit. Without them the
//     snapshot form is written from the template's model by the test writer of this
//     package (writeSnapshot).
//
// Each query is answered on both forms and must give the same answer.
func TestFidelity(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fidelity", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fidelity cases")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(ar.Comment), "AWS:") {
				t.Errorf("the case does not quote the AWS documentation it rests on (a comment line starting AWS:)")
			}
			var tmpl, queries []byte
			snapFiles := map[string][]byte{}
			for _, fl := range ar.Files {
				switch {
				case fl.Name == "template.yaml":
					tmpl = fl.Data
				case fl.Name == "queries":
					queries = fl.Data
				case strings.HasPrefix(fl.Name, "snapshot/"):
					snapFiles[fl.Name] = fl.Data
				default:
					t.Fatalf("unknown file %s in the case", fl.Name)
				}
			}
			ca, err := cfn.Read([]cfn.File{{Name: "template.yaml", Data: tmpl}}, cfn.Options{Region: testRegion})
			if err != nil {
				t.Fatalf("template: %v", err)
			}
			forms := []fidelityForm{{name: "template", arch: ca, to: ident, model: ident}}
			if len(snapFiles) > 0 {
				sa, err := awscli.Read(snapFiles)
				if err != nil {
					t.Fatalf("snapshot: %v", err)
				}
				forms = append(forms, fidelityForm{"snapshot (hand-written)", sa, ident, ident})
			} else {
				snap := writeSnapshot(ca)
				files := map[string][]byte{}
				for n, d := range snap.files {
					files[filepath.Join("snap", n)] = d
				}
				sa, err := awscli.Read(files)
				if err != nil {
					t.Fatalf("snapshot: %v", err)
				}
				forms = append(forms, fidelityForm{"snapshot", sa, snap.ids.formID, snap.ids.modelID})
			}
			qs := parseQueries(t, queries)
			for _, fm := range forms {
				an := reach.New(fm.arch)
				for _, q := range qs {
					pq := reach.PathQuery{From: fm.to(q.from), To: fm.to(q.to), Protocol: q.proto, Port: q.port}
					r, err := an.Trace(pq)
					if err != nil {
						t.Errorf("%s: line %d: %s: %v", fm.name, q.line, q.text, err)
						continue
					}
					want := q.want
					if q.snapshotSet && fm.name != "template" {
						want = q.snapshot
					}
					if r.State != want {
						t.Errorf("%s: line %d: %s: got %s, want %s: %s", fm.name, q.line, q.text, r.State, want, r.Summary())
						continue
					}
					if want != q.want {
						continue // the blockers named are the template form's
					}
					hops := r.Blocks
					if want == reach.Undetermined {
						hops = r.Unknowns
					}
					for _, b := range q.blockers {
						if !slices.ContainsFunc(hops, func(h reach.Hop) bool {
							return (fm.model(h.ID) == b.id || h.ID == fm.to(b.id)) && (b.code == "" || h.Code == b.code)
						}) {
							t.Errorf("%s: line %d: %s: %s is not among the deciding hops: %s", fm.name, q.line, q.text, b, describeHops(hops, fm.model))
						}
					}
				}
			}
		})
	}
}

// fidelityForm is one form of a fidelity case read back: the template, or its snapshot.
type fidelityForm struct {
	name  string
	arch  *model.Architecture
	to    func(string) string // logical ID -> the form's ID
	model func(string) string // the form's ID -> logical ID
}

func ident(s string) string { return s }

// formID maps a model ID (a logical ID) to the snapshot's AWS ID, whatever its kind; a
// name that is no model ID (internet, an IP address, service:sqs) stays as it is.
func (m *ids) formID(id string) string {
	for k, x := range m.fwd {
		if strings.HasSuffix(k, "|"+id) {
			return x
		}
	}
	return id
}

type blocker struct{ id, code string }

func (b blocker) String() string {
	if b.code == "" {
		return b.id
	}
	return b.id + ":" + b.code
}

type fidelityQuery struct {
	line     int
	text     string
	from, to string
	proto    model.Protocol
	port     int32
	want     reach.State
	blockers []blocker
	// snapshot is the snapshot form's answer when it differs (snapshotSet).
	snapshot    reach.State
	snapshotSet bool
}

func parseQueries(t *testing.T, data []byte) []fidelityQuery {
	t.Helper()
	var out []fidelityQuery
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=>")
		f := strings.Fields(left)
		r := strings.Fields(right)
		if !ok || len(f) != 3 || len(r) < 1 {
			t.Fatalf("queries:%d: want `FROM TO PROTO/PORT => ANSWER [BLOCKER[:CODE] ...]`, got %q", i+1, line)
		}
		q := fidelityQuery{line: i + 1, text: line, from: f[0], to: f[1]}
		proto, port, _ := strings.Cut(f[2], "/")
		switch proto {
		case "tcp":
			q.proto = model.TCP
		case "udp":
			q.proto = model.UDP
		case "icmp":
			q.proto = model.ICMP
		default:
			t.Fatalf("queries:%d: protocol %q", i+1, proto)
		}
		n, err := strconv.Atoi(port)
		if err != nil {
			t.Fatalf("queries:%d: port %q", i+1, port)
		}
		q.port = int32(n)
		switch r[0] {
		case "reachable":
			q.want = reach.Reachable
		case "not-reachable":
			q.want = reach.NotReachable
		case "undetermined":
			q.want = reach.Undetermined
		default:
			t.Fatalf("queries:%d: answer %q is not reachable, not-reachable or undetermined", i+1, r[0])
		}
		for _, b := range r[1:] {
			if a, ok := strings.CutPrefix(b, "snapshot="); ok {
				q.snapshotSet = true
				q.snapshot = map[string]reach.State{"reachable": reach.Reachable, "not-reachable": reach.NotReachable, "undetermined": reach.Undetermined}[a]
				continue
			}
			id, code, _ := strings.Cut(b, ":")
			q.blockers = append(q.blockers, blocker{id, code})
		}
		out = append(out, q)
	}
	return out
}

func describeHops(hs []reach.Hop, modelID func(string) string) string {
	var parts []string
	for _, h := range hs {
		parts = append(parts, fmt.Sprintf("%s(%s) %s", modelID(h.ID), h.ID, h.Code))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// TestFidelityCorpusSize keeps the corpus from shrinking unnoticed.
func TestFidelityCorpusSize(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fidelity", "*.txtar"))
	if min := 60; len(files) < min {
		t.Errorf("%d fidelity cases, want at least %d", len(files), min)
	}
}
