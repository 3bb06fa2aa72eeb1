package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

const iamFile = "iam.tf"

// iam writes the roles with their trust policies, inline policies and attachments, and
// the managed policies.
func (r *renderer) iam() error {
	for _, role := range r.a.Roles {
		name := r.nameOf(role.ID)
		var trust = travTokens(trav("data", "aws_iam_policy_document", name+"_trust", "json"))
		if role.AssumeRolePolicy == nil {
			return fmt.Errorf("terraform: role %s has no trust policy", role.ID)
		}
		r.policyDocument(iamFile, name+"_trust", role.AssumeRolePolicy)
		b := r.resource(iamFile, "aws_iam_role", name)
		r.setSym(b, "name", role.Name)
		setString(b, "path", role.Path)
		b.SetAttributeRaw("assume_role_policy", trust)
		r.tags(b, role.Tags)
		for _, p := range role.Policies {
			pname := name + "_" + snake(p.Name)
			doc := r.policyDocument(iamFile, pname, p.Document)
			pb := r.resource(iamFile, "aws_iam_role_policy", pname)
			pb.SetAttributeValue("name", cty.StringVal(p.Name))
			pb.SetAttributeRaw("role", travTokens(attr(r.refs[role.ID].addr, "id")))
			pb.SetAttributeRaw("policy", doc)
		}
		for i, arn := range role.ManagedPolicyARNs {
			ab := r.resource(iamFile, "aws_iam_role_policy_attachment", fmt.Sprintf("%s_%d", name, i+1))
			ab.SetAttributeRaw("role", travTokens(attr(r.refs[role.ID].addr, "name")))
			ab.SetAttributeRaw("policy_arn", r.sym(arn))
		}
	}
	for _, p := range r.a.ManagedPolicies {
		name := r.nameOf(p.ID)
		doc := r.policyDocument(iamFile, name, p.Document)
		if p.Inline {
			if len(p.Roles) != 1 {
				return fmt.Errorf("terraform: inline policy %s is attached to %d roles, want 1", p.ID, len(p.Roles))
			}
			b := r.resource(iamFile, "aws_iam_role_policy", name)
			r.setSym(b, "name", p.Name)
			b.SetAttributeRaw("role", r.roleID(p.Roles[0]))
			b.SetAttributeRaw("policy", doc)
			continue
		}
		b := r.resource(iamFile, "aws_iam_policy", name)
		r.setSym(b, "name", p.Name)
		b.SetAttributeRaw("policy", doc)
		for i, role := range p.Roles {
			ab := r.resource(iamFile, "aws_iam_role_policy_attachment", fmt.Sprintf("%s_%d", name, i+1))
			ab.SetAttributeRaw("role", r.roleID(role))
			ab.SetAttributeRaw("policy_arn", travTokens(attr(r.refs[p.ID].addr, "arn")))
		}
	}
	return nil
}

// roleID is the expression of a role's name (a model role, or a literal role name).
func (r *renderer) roleID(role string) hclwrite.Tokens {
	if t := r.refs[role]; t != nil && t.kind == "role" {
		return travTokens(attr(t.addr, "id"))
	}
	return r.sym(role)
}
