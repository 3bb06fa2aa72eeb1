package rules

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Lookups of the environment's bucket, key and role: by reference ("${DagBucket.Arn}"),
// else by the name or ID in a literal ARN (snapshots name them so). nil means the object is
// outside the input.

func (c *Context) envBucket() *model.Bucket {
	arn := c.Env.SourceBucketARN
	if arn == "" {
		return nil
	}
	if b := c.Index.Buckets[refID(arn)]; b != nil {
		return b
	}
	name := arn
	if i := strings.Index(arn, ":::"); i >= 0 {
		name = arn[i+3:]
	}
	name = strings.TrimSuffix(name, "/")
	for _, b := range c.Arch.Buckets {
		if b.ID == name || b.Name == name {
			return b
		}
	}
	return nil
}

func (c *Context) envKey() *model.Key {
	k := c.Env.KMSKey
	if k == "" {
		return nil
	}
	if key := c.Index.Keys[refID(k)]; key != nil {
		return key
	}
	for _, key := range c.Arch.Keys {
		if strings.HasSuffix(k, "/"+key.ID) || strings.HasSuffix(key.ID, "/"+k) {
			return key
		}
	}
	return nil
}

func (c *Context) envRole() *model.Role {
	arn := c.Env.ExecutionRoleARN
	if arn == "" {
		return nil
	}
	if r := c.Index.Roles[refID(arn)]; r != nil {
		return r
	}
	name := arn[strings.LastIndex(arn, "/")+1:]
	for _, r := range c.Arch.Roles {
		if r.ID == arn || r.ID == name || (r.Name != "" && r.Name == name) {
			return r
		}
	}
	return nil
}

// rolePolicies returns the documents that grant the role its permissions (inline policies,
// policies attached by name or by reference) with where they were declared, and whether
// some attached policy is outside the input (an AWS managed policy, say).
func (c *Context) rolePolicies(r *model.Role) (docs []*model.PolicyDocument, srcs []model.Source, outside bool) {
	for _, p := range r.Policies {
		if p.Document != nil {
			docs = append(docs, p.Document)
			srcs = append(srcs, or(p.Source, r.Source))
		}
	}
	attached := map[string]bool{}
	for _, arn := range r.ManagedPolicyARNs {
		found := false
		for _, mp := range c.Arch.ManagedPolicies {
			if refersTo(arn, mp.ID) || (mp.Name != "" && strings.HasSuffix(arn, "/"+mp.Name)) {
				attached[mp.ID] = true
				found = true
			}
		}
		if !found {
			outside = true
		}
	}
	for _, mp := range c.Arch.ManagedPolicies {
		for _, role := range mp.Roles {
			if role == r.ID || refersTo(role, r.ID) || (r.Name != "" && role == r.Name) {
				attached[mp.ID] = true
			}
		}
	}
	for _, mp := range c.Arch.ManagedPolicies {
		if attached[mp.ID] && mp.Document != nil {
			docs = append(docs, mp.Document)
			srcs = append(srcs, mp.Source)
		}
	}
	return docs, srcs, outside
}
