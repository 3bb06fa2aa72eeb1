package main

// Planning without AWS: enough for `terraform plan` and `terraform show -json` to describe
// a configuration. A resource's planned state is its configuration with every computed
// attribute left null marked unknown (known after apply); a data source returns its
// configuration with the few values the pseudo parameters need filled in (Region,
// partition, account, zones) and, for aws_iam_policy_document, the policy JSON built from
// its statements. Nothing is ever applied.

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mwaanet/mwaanet/internal/testkit/tfschema"
)

// RegionEnv names the environment variable with the Region data.aws_region reports.
const RegionEnv = "MWAANET_TFSTUB_REGION"

// objectType is the value type of a block.
func objectType(b *tfschema.Block) tftypes.Object {
	attrs := map[string]tftypes.Type{}
	for n, a := range b.Attributes {
		attrs[n] = protoType(a.Type)
	}
	for n, nb := range b.Blocks {
		o := objectType(nb.Block)
		switch nb.Nesting {
		case "single":
			attrs[n] = o
		case "set":
			attrs[n] = tftypes.Set{ElementType: o}
		case "map":
			attrs[n] = tftypes.Map{ElementType: o}
		default:
			attrs[n] = tftypes.List{ElementType: o}
		}
	}
	return tftypes.Object{AttributeTypes: attrs}
}

// attributeAt returns the schema attribute a value path names, nil for blocks and
// elements.
func attributeAt(b *tfschema.Block, path *tftypes.AttributePath) *tfschema.Attribute {
	steps := path.Steps()
	for i := 0; i < len(steps); i++ {
		name, ok := steps[i].(tftypes.AttributeName)
		if !ok {
			continue // an element of a nested block
		}
		if a := b.Attributes[string(name)]; a != nil {
			if i == len(steps)-1 {
				return a
			}
			return nil // inside an attribute's value
		}
		nb := b.Blocks[string(name)]
		if nb == nil {
			return nil
		}
		b = nb.Block
	}
	return nil
}

func diag(summary string, err error) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: err.Error()}}
}

func (p *provider) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	b := p.src.Resources[req.TypeName]
	if b == nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: unsupported("PlanResourceChange of " + req.TypeName)}, nil
	}
	typ := objectType(b)
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diag("Decoding the proposed state", err)}, nil
	}
	if proposed.IsNull() {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState}, nil
	}
	planned, err := tftypes.Transform(proposed, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if a := attributeAt(b, path); a != nil && a.Computed && v.IsNull() {
			return tftypes.NewValue(v.Type(), tftypes.UnknownValue), nil
		}
		return v, nil
	})
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diag("Planning", err)}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, planned)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diag("Encoding the planned state", err)}, nil
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &dv}, nil
}

// dataValues are the values data sources report, by type and attribute.
func dataValues(region string) map[string]map[string]any {
	partition, suffix, reverse := "aws", "amazonaws.com", "com.amazonaws"
	switch {
	case strings.HasPrefix(region, "cn-"):
		partition, suffix, reverse = "aws-cn", "amazonaws.com.cn", "cn.com.amazonaws"
	case strings.HasPrefix(region, "us-gov-"):
		partition = "aws-us-gov"
	}
	return map[string]map[string]any{
		"aws_region":             {"region": region, "name": region, "id": region},
		"aws_partition":          {"partition": partition, "dns_suffix": suffix, "reverse_dns_prefix": reverse, "id": partition},
		"aws_caller_identity":    {"account_id": "123456789012", "arn": "arn:" + partition + ":iam::123456789012:root", "user_id": "123456789012", "id": "123456789012"},
		"aws_availability_zones": {"names": []string{region + "a", region + "b", region + "c"}, "zone_ids": []string{"use1-az1", "use1-az2", "use1-az3"}, "id": region},
	}
}

func (p *provider) ReadDataSource(_ context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	b := p.src.DataSources[req.TypeName]
	if b == nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: unsupported("ReadDataSource of " + req.TypeName)}, nil
	}
	typ := objectType(b)
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: diag("Decoding the configuration", err)}, nil
	}
	region := os.Getenv(RegionEnv)
	if region == "" {
		region = "us-east-1"
	}
	fill := dataValues(region)[req.TypeName]
	if req.TypeName == "aws_iam_policy_document" {
		doc, err := policyJSON(config)
		if err != nil {
			return &tfprotov6.ReadDataSourceResponse{Diagnostics: diag("Building the policy document", err)}, nil
		}
		fill = map[string]any{"json": doc, "minified_json": doc, "id": "policy"}
	}
	state, err := tftypes.Transform(config, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		steps := path.Steps()
		if len(steps) != 1 || !v.IsNull() {
			return v, nil
		}
		name, _ := steps[0].(tftypes.AttributeName)
		switch x := fill[string(name)].(type) {
		case string:
			return tftypes.NewValue(tftypes.String, x), nil
		case []string:
			var elems []tftypes.Value
			for _, s := range x {
				elems = append(elems, tftypes.NewValue(tftypes.String, s))
			}
			return tftypes.NewValue(v.Type(), elems), nil
		}
		return v, nil
	})
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: diag("Reading", err)}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, state)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: diag("Encoding the state", err)}, nil
	}
	return &tfprotov6.ReadDataSourceResponse{State: &dv}, nil
}

// goValue converts a known value to strings, slices and maps.
func goValue(v tftypes.Value) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.List{}), v.Type().Is(tftypes.Set{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		var out []any
		for _, e := range elems {
			out = append(out, goValue(e))
		}
		return out
	case v.Type().Is(tftypes.Object{}), v.Type().Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		_ = v.As(&m)
		out := map[string]any{}
		for k, e := range m {
			out[k] = goValue(e)
		}
		return out
	}
	return nil
}

func strs(x any) []string {
	var out []string
	for _, e := range asList(x) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func asList(x any) []any {
	l, _ := x.([]any)
	return l
}

// oneOrMany is how IAM spells a list: a single string when it has one element.
func oneOrMany(xs []string) any {
	if len(xs) == 1 {
		return xs[0]
	}
	return xs
}

// policyJSON builds the policy document of an aws_iam_policy_document configuration.
func policyJSON(config tftypes.Value) (string, error) {
	cfg, _ := goValue(config).(map[string]any)
	version, _ := cfg["version"].(string)
	if version == "" {
		version = "2012-10-17"
	}
	var statements []any
	for _, s := range asList(cfg["statement"]) {
		st, _ := s.(map[string]any)
		out := map[string]any{}
		if sid, _ := st["sid"].(string); sid != "" {
			out["Sid"] = sid
		}
		effect, _ := st["effect"].(string)
		if effect == "" {
			effect = "Allow"
		}
		out["Effect"] = effect
		for arg, key := range map[string]string{"actions": "Action", "not_actions": "NotAction", "resources": "Resource", "not_resources": "NotResource"} {
			if v := strs(st[arg]); len(v) > 0 {
				sort.Strings(v)
				out[key] = oneOrMany(v)
			}
		}
		for arg, key := range map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"} {
			ps := asList(st[arg])
			if len(ps) == 0 {
				continue
			}
			m := map[string]any{}
			for _, p := range ps {
				pm, _ := p.(map[string]any)
				t, _ := pm["type"].(string)
				ids := strs(pm["identifiers"])
				sort.Strings(ids)
				if t == "*" {
					out[key] = "*"
					continue
				}
				m[t] = oneOrMany(ids)
			}
			if len(m) > 0 {
				out[key] = m
			}
		}
		if conds := asList(st["condition"]); len(conds) > 0 {
			m := map[string]map[string]any{}
			for _, c := range conds {
				cm, _ := c.(map[string]any)
				test, _ := cm["test"].(string)
				variable, _ := cm["variable"].(string)
				if m[test] == nil {
					m[test] = map[string]any{}
				}
				m[test][variable] = oneOrMany(strs(cm["values"]))
			}
			out["Condition"] = m
		}
		statements = append(statements, out)
	}
	b, err := json.Marshal(map[string]any{"Version": version, "Statement": statements})
	return string(b), err
}
