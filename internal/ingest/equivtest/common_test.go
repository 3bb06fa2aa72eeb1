package equivtest

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Fixed values the writers give where the model is symbolic.
const (
	testAccount = "111122223333"
	testRegion  = "us-east-1"
)

// azOf turns the model's AZ ("${AWS::Region}#1", or a real name) into a real AZ name.
func azOf(az, region string) string {
	if i := strings.Index(az, "#"); i >= 0 {
		n := 0
		fmt.Sscanf(az[i+1:], "%d", &n)
		return region + string(rune('a'+n))
	}
	return az
}

// literal resolves the pseudo parameters of a symbolic string; references to objects
// are given by obj (ID, attribute) -> text.
func literal(s, region string, obj func(id, attr string) (string, bool)) string {
	out, _ := model.Substitute(s, func(p model.SubPart) (string, bool) {
		switch p.ID {
		case "AWS::Region":
			return region, true
		case "AWS::Partition":
			return model.PartitionOf(region), true
		case "AWS::AccountId":
			return testAccount, true
		case "AWS::URLSuffix":
			return "amazonaws.com", true
		case "AWS::StackName":
			return "equiv", true
		}
		if obj != nil {
			return obj(p.ID, p.Attr)
		}
		return "", false
	})
	return out
}

// nthAddr returns the n-th address of p (p's base address plus n).
func nthAddr(p netip.Prefix, n int) netip.Addr {
	a := p.Masked().Addr()
	for i := 0; i < n; i++ {
		a = a.Next()
	}
	return a
}

// tagList renders tags as the EC2 API's [{"Key","Value"}] list, sorted by key.
func tagList(tags map[string]string) []any {
	out := []any{}
	for _, k := range sortedKeys(tags) {
		out = append(out, map[string]any{"Key": k, "Value": tags[k]})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ids assigns synthetic AWS IDs to model objects ("subnet-0000000000000003") and maps
// them back.
type ids struct {
	n       int
	fwd     map[string]string // kind|model ID -> form ID
	back    map[string]string // form ID -> model ID
	numbers map[string]int
}

func newIDs() *ids {
	return &ids{fwd: map[string]string{}, back: map[string]string{}, numbers: map[string]int{}}
}

// assign gives the object id of kind a new AWS ID with the given prefix.
func (m *ids) assign(kind, id, prefix string) string {
	if x, ok := m.fwd[kind+"|"+id]; ok {
		return x
	}
	m.n++
	x := fmt.Sprintf("%s-%016x", prefix, m.n)
	m.set(kind, id, x)
	return x
}

func (m *ids) set(kind, id, x string) {
	m.fwd[kind+"|"+id] = x
	m.back[x] = id
}

// get returns the form ID of a model ID, or the ID itself when it is not in the model (a
// literal AWS ID of something outside the input).
func (m *ids) get(kind, id string) string {
	if x, ok := m.fwd[kind+"|"+id]; ok {
		return x
	}
	return id
}

// modelID maps a form ID back to the model ID. A name the writer did not give (a model ID
// where a form ID was due) comes back marked "unmapped:", so that it never compares equal;
// literal IDs of existing objects and "" stay as they are.
func (m *ids) modelID(x string) string {
	if id, ok := m.back[x]; ok {
		return id
	}
	if x == "" || existing(x) {
		return x
	}
	return "unmapped:" + x
}

// names gives the literal names and ARNs of the resources around the environment, which
// the snapshot and the plan both refer to by ARN.
type names struct {
	a      *model.Architecture
	region string
}

func (n names) bucketName(id string) string {
	for _, b := range n.a.Buckets {
		if b.ID == id {
			if name := literal(b.Name, n.region, nil); b.Name != "" && !model.IsSymbolic(name) {
				return name
			}
		}
	}
	return "equiv-" + strings.ToLower(id)
}

// arn resolves a reference to the bucket, role or key of the architecture.
func (n names) obj(id, attr string) (string, bool) {
	part := model.PartitionOf(n.region)
	for _, b := range n.a.Buckets {
		if b.ID == id {
			if attr == "Arn" {
				return "arn:" + part + ":s3:::" + n.bucketName(id), true
			}
			return n.bucketName(id), true
		}
	}
	for _, r := range n.a.Roles {
		if r.ID == id {
			name := "equiv-" + strings.ToLower(id)
			if r.Name != "" && !model.IsSymbolic(r.Name) {
				name = r.Name
			}
			if attr == "Arn" {
				return "arn:" + part + ":iam::" + testAccount + ":role/" + name, true
			}
			return name, true
		}
	}
	for _, e := range n.a.Environments {
		if e.ID == id && attr == "" {
			return literal(e.Name, n.region, nil), true
		}
	}
	for i, k := range n.a.Keys {
		if k.ID == id {
			kid := fmt.Sprintf("00000000-0000-0000-0000-%012d", i+1)
			if attr == "Arn" {
				return "arn:" + part + ":kms:" + n.region + ":" + testAccount + ":key/" + kid, true
			}
			return kid, true
		}
	}
	return "", false
}

func (n names) str(s string) string { return literal(s, n.region, n.obj) }

// policyJSON renders a policy document as IAM JSON with its references resolved by res.
func policyJSON(doc *model.PolicyDocument, res func(string) string) map[string]any {
	strs := func(xs []string) any {
		out := make([]any, len(xs))
		for i, x := range xs {
			out[i] = res(x)
		}
		if len(out) == 1 {
			return out[0]
		}
		return out
	}
	principal := func(p map[string][]string) any {
		if vs, ok := p["*"]; ok && len(p) == 1 && len(vs) == 1 && vs[0] == "*" {
			return "*"
		}
		out := map[string]any{}
		for k, vs := range p {
			out[k] = strs(vs)
		}
		return out
	}
	var sts []any
	for _, st := range doc.Statements {
		m := map[string]any{"Effect": st.Effect}
		if st.Sid != "" {
			m["Sid"] = st.Sid
		}
		if st.Principal != nil {
			m["Principal"] = principal(st.Principal)
		}
		if st.NotPrincipal != nil {
			m["NotPrincipal"] = principal(st.NotPrincipal)
		}
		for k, v := range map[string][]string{"Action": st.Action, "NotAction": st.NotAction, "Resource": st.Resource, "NotResource": st.NotResource} {
			if len(v) > 0 {
				m[k] = strs(v)
			}
		}
		if len(st.Condition) > 0 {
			c := map[string]any{}
			for op, kv := range st.Condition {
				x := map[string]any{}
				for k, vs := range kv {
					x[k] = strs(vs)
				}
				c[op] = x
			}
			m["Condition"] = c
		}
		sts = append(sts, m)
	}
	out := map[string]any{"Statement": sts}
	if doc.Version != "" {
		out["Version"] = doc.Version
	}
	return out
}

var awsID = regexp.MustCompile(`^[a-z]+(-[a-z]+)*-[0-9a-f]{8,17}$`)

// existing reports whether a model ID is the literal AWS ID of an object the input
// names but does not create (an existing VPC of a spec): the template refers to it by ID,
// and so do the snapshot and the plan that mirror the template.
func existing(id string) bool { return awsID.MatchString(id) }
