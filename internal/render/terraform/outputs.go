package terraform

import (
	"github.com/zclconf/go-cty/cty"
)

// outputs writes the architecture's outputs, named in snake_case.
func (r *renderer) outputs() error {
	for _, o := range r.a.Outputs {
		b := r.block("outputs.tf", "output", snake(o.Name))
		if o.Description != "" {
			b.SetAttributeValue("description", cty.StringVal(o.Description))
		}
		b.SetAttributeRaw("value", r.sym(o.Value))
	}
	return nil
}

// mainFile writes the provider, the data sources the other files use and the locals.
func (r *renderer) mainFile() {
	const f = "main.tf"
	pb := r.block(f, "provider", "aws")
	if r.tunables["region"] {
		pb.SetAttributeRaw("region", varRef("region"))
	}
	if r.nameVar {
		pb.AppendNewline()
		tb := pb.AppendNewBlock("default_tags", nil).Body()
		tb.SetAttributeRaw("tags", exprTokens(`{ "mwaanet:environment" = var.name }`))
	}
	if r.data["region"] {
		r.block(f, "data", "aws_region", "current")
	}
	if r.data["partition"] {
		r.block(f, "data", "aws_partition", "current")
	}
	if r.data["caller"] {
		r.block(f, "data", "aws_caller_identity", "current")
	}
	if r.data["azs"] {
		// Only the Region's own zones: opted-in Local and Wavelength Zones are listed too
		// otherwise, sort first ("us-west-2-lax-1a" < "us-west-2a") and cannot host MWAA,
		// a NAT gateway or most endpoints (Fn::GetAZs does not list them).
		b := r.block(f, "data", "aws_availability_zones", "available")
		b.SetAttributeValue("state", cty.StringVal("available"))
		b.AppendNewline()
		fb := b.AppendNewBlock("filter", nil).Body()
		fb.SetAttributeValue("name", cty.StringVal("opt-in-status"))
		fb.SetAttributeValue("values", cty.ListVal([]cty.Value{cty.StringVal("opt-in-not-required")}))
	}
	for _, pl := range r.a.PrefixLists {
		if !r.data["pl:"+pl.ID] {
			continue
		}
		b := r.block(f, "data", "aws_prefix_list", snake(pl.ID))
		r.setSym(b, "name", pl.Name)
	}
	if len(r.localOrder) > 0 {
		lb := r.block(f, "locals")
		for _, n := range r.localOrder {
			lb.SetAttributeRaw(n, r.locals[n])
		}
	}
}

// versionsFile writes the Terraform and provider version constraints.
func (r *renderer) versionsFile() {
	b := r.block("versions.tf", "terraform")
	b.SetAttributeValue("required_version", cty.StringVal(RequiredVersion))
	b.AppendNewline()
	rp := b.AppendNewBlock("required_providers", nil).Body()
	rp.SetAttributeRaw("aws", exprTokens(`{
  source  = "hashicorp/aws"
  version = "`+ProviderConstraint+`"
}`))
}
