package terraform

import (
	"sort"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

// policyDocument writes an aws_iam_policy_document data source into file and returns the
// expression of its JSON.
func (r *renderer) policyDocument(file, name string, doc *model.PolicyDocument) hclwrite.Tokens {
	if r.names["data.aws_iam_policy_document."+name] {
		r.errorf("two policy documents named %s", name)
	}
	r.names["data.aws_iam_policy_document."+name] = true
	b := r.block(file, "data", "aws_iam_policy_document", name)
	if doc.Version != "" {
		b.SetAttributeValue("version", cty.StringVal(doc.Version))
	}
	for _, st := range doc.Statements {
		b.AppendNewline()
		sb := b.AppendNewBlock("statement", nil).Body()
		setString(sb, "sid", st.Sid)
		setString(sb, "effect", st.Effect)
		if len(st.Action) > 0 {
			sb.SetAttributeRaw("actions", r.symList(st.Action))
		}
		if len(st.NotAction) > 0 {
			sb.SetAttributeRaw("not_actions", r.symList(st.NotAction))
		}
		if len(st.Resource) > 0 {
			sb.SetAttributeRaw("resources", r.symList(st.Resource))
		}
		if len(st.NotResource) > 0 {
			sb.SetAttributeRaw("not_resources", r.symList(st.NotResource))
		}
		r.principals(sb, "principals", st.Principal)
		r.principals(sb, "not_principals", st.NotPrincipal)
		ops := make([]string, 0, len(st.Condition))
		for op := range st.Condition {
			ops = append(ops, op)
		}
		sort.Strings(ops)
		for _, op := range ops {
			keys := make([]string, 0, len(st.Condition[op]))
			for k := range st.Condition[op] {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				sb.AppendNewline()
				cb := sb.AppendNewBlock("condition", nil).Body()
				cb.SetAttributeValue("test", cty.StringVal(op))
				cb.SetAttributeValue("variable", cty.StringVal(k))
				cb.SetAttributeRaw("values", r.symList(st.Condition[op][k]))
			}
		}
	}
	return travTokens(trav("data", "aws_iam_policy_document", name, "json"))
}

func (r *renderer) principals(b *hclwrite.Body, block string, p map[string][]string) {
	types := make([]string, 0, len(p))
	for t := range p {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		b.AppendNewline()
		pb := b.AppendNewBlock(block, nil).Body()
		pb.SetAttributeValue("type", cty.StringVal(t))
		pb.SetAttributeRaw("identifiers", r.symList(p[t]))
	}
}
