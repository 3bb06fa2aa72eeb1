package rules

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Policy questions over symbolic strings. Both the policy's patterns and the resource asked
// about are normalised the same way: pseudo parameters become the input's values (or fixed
// stand-ins when unknown) and references to objects become "<ID>", so that
// "${DagBucket.Arn}/*" in a policy matches the bucket "${DagBucket.Arn}" of the
// environment.

// norm normalises a symbolic string for matching. The ARN attribute of a bucket, key or
// role in the input becomes an ARN of the right shape, so that patterns such as
// "arn:aws:kms:*:*:key/*" match it.
func (c *Context) norm(s string) string {
	region := c.Arch.Region
	if region == "" {
		region = "us-east-1"
	}
	account := c.Arch.AccountID
	if account == "" {
		account = "123456789012"
	}
	out, _ := model.Substitute(s, func(p model.SubPart) (string, bool) {
		switch p.ID {
		case "AWS::Region":
			return region, true
		case "AWS::Partition":
			return c.Partition, true
		case "AWS::AccountId":
			return account, true
		case "AWS::URLSuffix":
			if c.Partition == "aws-cn" {
				return "amazonaws.com.cn", true
			}
			return "amazonaws.com", true
		}
		if p.Attr == "" {
			return "<" + p.ID + ">", true
		}
		if p.Attr == "Arn" {
			switch {
			case c.Index.Buckets[p.ID] != nil:
				return "arn:" + c.Partition + ":s3:::<" + p.ID + ">", true
			case c.Index.Keys[p.ID] != nil:
				return "arn:" + c.Partition + ":kms:" + region + ":" + account + ":key/<" + p.ID + ">", true
			case c.Index.Roles[p.ID] != nil:
				return "arn:" + c.Partition + ":iam::" + account + ":role/<" + p.ID + ">", true
			}
		}
		return "<" + p.ID + "." + p.Attr + ">", true
	})
	return out
}

// bucketARN returns the normalised ARN of the environment's bucket ("" when unset).
func (c *Context) bucketARN() string {
	if c.Env == nil || c.Env.SourceBucketARN == "" {
		return ""
	}
	return strings.TrimSuffix(c.norm(c.Env.SourceBucketARN), "/")
}

// policyAllows reports whether doc allows action on resource (normalised): some Allow
// statement names the action and a resource pattern matching it, and no Deny statement
// without conditions names both. Conditions on Allow statements are taken as met.
func (c *Context) policyAllows(doc *model.PolicyDocument, action, resource string) bool {
	if doc == nil {
		return true
	}
	allowed := false
	for _, st := range doc.Statements {
		if !c.stmtMatches(st, action, resource) {
			continue
		}
		if st.Allows() {
			allowed = true
		} else if len(st.Condition) == 0 {
			return false
		}
	}
	return allowed
}

func (c *Context) stmtMatches(st model.Statement, action, resource string) bool {
	act := strings.ToLower(action)
	switch {
	case len(st.Action) > 0:
		if !st.HasAction(action) {
			return false
		}
	case len(st.NotAction) > 0:
		for _, a := range st.NotAction {
			if model.WildcardMatch(strings.ToLower(a), act) {
				return false
			}
		}
	default:
		return false
	}
	switch {
	case len(st.Resource) > 0:
		for _, r := range st.Resource {
			if c.resourceMatch(r, resource) {
				return true
			}
		}
		return false
	case len(st.NotResource) > 0:
		for _, r := range st.NotResource {
			if c.resourceMatch(r, resource) {
				return false
			}
		}
		return true
	}
	return true // endpoint policies may leave Resource out: all resources
}

func (c *Context) resourceMatch(pattern, resource string) bool {
	if pattern == "*" {
		return true
	}
	return model.WildcardMatch(c.norm(pattern), resource)
}
