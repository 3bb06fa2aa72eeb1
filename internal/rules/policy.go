package rules

import (
	"regexp"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Policy questions over symbolic strings. Both the policy's patterns and the resource asked
// about are normalised the same way: pseudo parameters become the input's values (or fixed
// stand-ins when unknown) and references to objects become "<ID>", so that
// "${DagBucket.Arn}/*" in a policy matches the bucket "${DagBucket.Arn}" of the
// environment.
//
// An unknown account becomes the stand-in unknownAccount, which no literal account equals:
// a policy that names a literal account (CDK writes "arn:aws:airflow:us-east-1:
// 111122223333:environment/x") then neither matches nor fails to match; policyGrants
// answers model.Unknown ("not verifiable", never an error) until --account or the input
// says the account. The Region is always known here (the input's, --region, else the
// us-east-1 CloudFormation's reader assumes), so a literal Region that differs is a
// mismatch.

// unknownAccount stands for the account when the input does not say it. It is not twelve
// digits, so that no literal account (not even the documentation's 123456789012) equals it.
// It holds no colon, so ARNs still split into their six fields.
const unknownAccount = "<account>"

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
		account = unknownAccount
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

// policyAllows reports whether doc may allow action on resource (normalised): policyGrants
// is Yes or Unknown. Checks that fail only on a definite "no" use it.
func (c *Context) policyAllows(doc *model.PolicyDocument, action, resource string) bool {
	return c.policyGrants(doc, action, resource) != model.No
}

// policyGrants reports whether doc allows action on resource (normalised): Yes when some
// Allow statement names the action and a resource pattern matching it, and no Deny
// statement without conditions names both; Unknown when that depends on an account the
// input does not say; else No. Conditions on Allow statements are taken as met. A nil
// document (an endpoint without a policy) allows everything.
func (c *Context) policyGrants(doc *model.PolicyDocument, action, resource string) model.Tri {
	if doc == nil {
		return model.Yes
	}
	allowed, denyMaybe := model.No, false
	for _, st := range doc.Statements {
		m := c.stmtMatches(st, action, resource)
		if m == model.No {
			continue
		}
		switch {
		case st.Allows():
			allowed = triMax(allowed, m)
		case len(st.Condition) > 0:
		case m == model.Yes:
			return model.No
		default:
			denyMaybe = true
		}
	}
	if allowed == model.Yes && denyMaybe {
		return model.Unknown
	}
	return allowed
}

// triMax orders No < Unknown < Yes.
func triMax(a, b model.Tri) model.Tri {
	rank := func(t model.Tri) int {
		switch t {
		case model.Yes:
			return 2
		case model.Unknown:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

func (c *Context) stmtMatches(st model.Statement, action, resource string) model.Tri {
	act := strings.ToLower(action)
	switch {
	case len(st.Action) > 0:
		if !st.HasAction(action) {
			return model.No
		}
	case len(st.NotAction) > 0:
		for _, a := range st.NotAction {
			if model.WildcardMatch(strings.ToLower(a), act) {
				return model.No
			}
		}
	default:
		return model.No
	}
	switch {
	case len(st.Resource) > 0:
		out := model.No
		for _, r := range st.Resource {
			out = triMax(out, c.resourceMatch(r, resource))
		}
		return out
	case len(st.NotResource) > 0:
		out := model.Yes
		for _, r := range st.NotResource {
			switch c.resourceMatch(r, resource) {
			case model.Yes:
				return model.No
			case model.Unknown:
				out = model.Unknown
			}
		}
		return out
	}
	return model.Yes // endpoint policies may leave Resource out: all resources
}

// resourceMatch reports whether the policy's resource pattern matches resource
// (normalised): Unknown when it would if its literal account were the input's unknown
// account, or its literal Region the one the input is checked in (CDK writes the stack's
// Region into ARNs; a template read without --region is checked as us-east-1).
func (c *Context) resourceMatch(pattern, resource string) model.Tri {
	if pattern == "*" {
		return model.Yes
	}
	p := c.norm(pattern)
	if model.WildcardMatch(p, resource) {
		return model.Yes
	}
	parts := strings.SplitN(p, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return model.No
	}
	loose := false
	if _, ok := c.literalAccount(p); ok {
		parts[4], loose = "*", true
	}
	if _, ok := c.otherRegion(p); ok {
		parts[3], loose = "*", true
	}
	if loose && model.WildcardMatch(strings.Join(parts, ":"), resource) {
		return model.Unknown
	}
	return model.No
}

// otherRegion returns the Region a normalised ARN pattern names when it is a literal
// Region other than the one the input is checked in.
func (c *Context) otherRegion(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !regionName.MatchString(parts[3]) || parts[3] == c.norm(model.PseudoRegion) {
		return "", false
	}
	return parts[3], true
}

var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// literalAccount returns the account a normalised ARN pattern names when the input's
// account is unknown and the pattern names a literal one (twelve digits).
func (c *Context) literalAccount(arn string) (string, bool) {
	if c.Arch.AccountID != "" {
		return "", false
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !model.IsAccountID(parts[4]) {
		return "", false
	}
	return parts[4], true
}
