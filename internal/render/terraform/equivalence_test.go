package terraform_test

// Equivalence: the Terraform module and the architecture it was rendered from describe
// the same network and policies. Both sides are reduced to one neutral summary, and the
// summaries must be equal:
//
//   - The model side reads the *model.Architecture directly.
//   - The Terraform side reads the rendered HCL back with hclparse and evaluates it
//     statically: variables take their defaults, data.aws_region/partition/
//     caller_identity become the pseudo parameters ${AWS::Region} ..., for_each is
//     expanded over its local list, policy documents are read from their statement
//     blocks, and references to resources become references to those resources'
//     identities.
//
// Objects are identified by what they are, not by names either side gives them: a VPC or
// subnet by its CIDR, a security group by its group name, a route table or NAT gateway by
// its Name tag, an endpoint by its service name, a Client VPN by its client CIDR, existing
// objects by their AWS IDs, buckets/keys/roles by their order. So a renderer that wires a
// rule to the wrong group, drops a route or a policy statement, or changes a CIDR fails
// here even though Terraform accepts the module.
//
// CloudFormation is compared through the model too: the use case's template (render/cfn)
// is read back into a model by ingest/cfn, and that model's summary must equal the
// Terraform module's. Routes AWS adds by itself (local routes, a gateway endpoint's
// prefix-list routes, a Client VPN's route to the VPC through an associated subnet) are
// in both summaries or in neither, since one input may list them and another not. The
// CloudFormation reader resolves the pseudo parameters (Region, partition, URL suffix), so
// that comparison resolves them on both sides.

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"

	ingestcfn "github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/model"
	rendercfn "github.com/mwaanet/mwaanet/internal/render/cfn"
)

// summary is the neutral description both sides are reduced to.
type summary struct {
	Endpoints    map[string]string // service -> type, DNS, subnets, groups, route tables, policy
	SGRules      []string
	Routes       []string // route table: destination -> target (AWS-added routes included)
	Associations []string // subnet -> route table
	ACLEntries   []string
	Policies     map[string]string // owner -> statements
	Environment  []string
	VPN          []string
	Outputs      map[string]string
}

func (s *summary) sort() {
	for _, l := range []*[]string{&s.SGRules, &s.Routes, &s.Associations, &s.ACLEntries, &s.VPN} {
		sort.Strings(*l)
	}
}

func diffSummaries(t errorer, model, tf *summary) {
	t.Helper()
	cmpMap := func(what string, a, b map[string]string) {
		for k, v := range a {
			if w, ok := b[k]; !ok {
				t.Errorf("%s %q: in the model, not in Terraform", what, k)
			} else if v != w {
				t.Errorf("%s %q differs:\n model:     %s\n terraform: %s", what, k, v, w)
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				t.Errorf("%s %q: in Terraform, not in the model", what, k)
			}
		}
	}
	cmpList := func(what string, a, b []string) {
		in := func(xs []string) map[string]int {
			m := map[string]int{}
			for _, x := range xs {
				m[x]++
			}
			return m
		}
		ma, mb := in(a), in(b)
		for k, n := range ma {
			if mb[k] != n {
				t.Errorf("%s %q: %d in the model, %d in Terraform", what, k, n, mb[k])
			}
		}
		for k, n := range mb {
			if ma[k] == 0 {
				t.Errorf("%s %q: %d in Terraform, none in the model", what, k, n)
			}
		}
	}
	cmpMap("endpoint", model.Endpoints, tf.Endpoints)
	cmpList("security-group rule", model.SGRules, tf.SGRules)
	cmpList("route", model.Routes, tf.Routes)
	cmpList("association", model.Associations, tf.Associations)
	cmpList("network ACL entry", model.ACLEntries, tf.ACLEntries)
	cmpMap("policy", model.Policies, tf.Policies)
	cmpList("environment setting", model.Environment, tf.Environment)
	cmpList("Client VPN setting", model.VPN, tf.VPN)
	cmpMap("output", model.Outputs, tf.Outputs)
}

func TestEquivalence(t *testing.T) {
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			a, files := useCase(t, n)
			ms := modelSummary(a)
			ts, err := terraformSummary(parseModule(t, files))
			if err != nil {
				t.Fatal(err)
			}
			diffSummaries(t, ms, ts)
			if len(ms.Endpoints) == 0 && a.Routing == model.RoutingPrivate {
				t.Error("private routing without endpoints: the comparison saw nothing")
			}
			if len(ms.SGRules) == 0 || len(ms.Policies) == 0 || len(ms.Routes) == 0 && len(a.RouteTables) > 0 {
				t.Error("empty summary: the comparison saw nothing")
			}
		})
	}
}

// The comparison fails when the module and the model disagree.
func TestEquivalenceFires(t *testing.T) {
	a, files := useCase(t, 3)
	ts, err := terraformSummary(parseModule(t, files))
	if err != nil {
		t.Fatal(err)
	}
	// The model changes under the rendered module: one rule's port, one endpoint gone,
	// one policy action gone, one route's target changed.
	a.SecurityGroups[0].Ingress[0].Protocol = model.TCP
	a.SecurityGroups[0].Ingress[0].Ports = model.Port(22)
	a.Endpoints = a.Endpoints[1:]
	a.Buckets[0].Policy.Statements[0].Action = []string{"s3:GetObject"}
	a.RouteTables[0].Routes[0].Destination = netip.MustParsePrefix("10.0.0.0/8")
	ft := &fakeT{}
	diffSummaries(ft, modelSummary(a), ts)
	for _, want := range []string{"security-group rule", "endpoint", "policy", "route"} {
		if !strings.Contains(ft.msgs, want) {
			t.Errorf("a changed %s went unnoticed:\n%s", want, ft.msgs)
		}
	}
}

// fakeT collects the comparison's messages.
type fakeT struct{ msgs string }

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.msgs += fmt.Sprintf(format, args...) + "\n"
}

// errorer is what diffSummaries reports to.
type errorer interface {
	Helper()
	Errorf(format string, args ...any)
}

// The Terraform and the CloudFormation of each use case describe the same architecture,
// compared through the model: the template is read back by the CloudFormation reader.
func TestEquivalenceWithCloudFormation(t *testing.T) {
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			a, files := useCase(t, n)
			tmpl, err := rendercfn.YAML(a)
			if err != nil {
				t.Fatal(err)
			}
			fromCFN, err := ingestcfn.Read([]ingestcfn.File{{Name: "template.yaml", Data: tmpl}}, ingestcfn.Options{Region: a.Region})
			if err != nil {
				t.Fatal(err)
			}
			ts, err := terraformSummary(parseModule(t, files))
			if err != nil {
				t.Fatal(err)
			}
			cs := modelSummary(fromCFN)
			if len(cs.SGRules) == 0 || len(cs.Policies) == 0 {
				t.Fatal("the CloudFormation summary is empty: the comparison saw nothing")
			}
			diffSummaries(t, resolvePseudo(cs, a), resolvePseudo(ts, a))
		})
	}
}

// resolvePseudo replaces the pseudo parameters by their values in a's Region.
func resolvePseudo(s *summary, a *model.Architecture) *summary {
	partition := a.Partition
	if partition == "" {
		partition = model.PartitionOf(a.Region)
	}
	suffix := "amazonaws.com"
	if partition == "aws-cn" {
		suffix = "amazonaws.com.cn"
	}
	r := strings.NewReplacer("${AWS::Region}", a.Region, "${AWS::Partition}", partition, "${AWS::URLSuffix}", suffix)
	m := func(x map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range x {
			out[r.Replace(k)] = r.Replace(v)
		}
		return out
	}
	l := func(x []string) []string {
		var out []string
		for _, v := range x {
			out = append(out, r.Replace(v))
		}
		return out
	}
	o := &summary{Endpoints: m(s.Endpoints), SGRules: l(s.SGRules), Routes: l(s.Routes), Associations: l(s.Associations),
		ACLEntries: l(s.ACLEntries), Policies: m(s.Policies), Environment: l(s.Environment), VPN: l(s.VPN), Outputs: m(s.Outputs)}
	o.sort()
	return o
}
