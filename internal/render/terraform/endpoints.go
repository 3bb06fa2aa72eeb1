package terraform

import (
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

const endpointsFile = "endpoints.tf"

// endpoints writes the VPC endpoints: the interface endpoints that differ only by service
// as one resource with for_each over local.interface_endpoint_services, the others one by
// one.
func (r *renderer) endpoints() error {
	g := r.interfaceGroup()
	if len(g.members) > 0 {
		r.setLocal("interface_endpoint_services", stringList(g.services))
		e := g.first
		b := r.resource(endpointsFile, "aws_vpc_endpoint", "interface")
		b.SetAttributeRaw("for_each", exprTokens("toset(local.interface_endpoint_services)"))
		b.AppendNewline()
		b.SetAttributeRaw("vpc_id", r.id(e.VPC))
		// service_name = "<prefix>${each.value}"
		svc := template(append(r.templateParts(g.prefix), part{expr: exprTokens("each.value")}))
		b.SetAttributeRaw("service_name", svc)
		b.SetAttributeValue("vpc_endpoint_type", cty.StringVal(string(model.EndpointInterface)))
		setBool(b, "private_dns_enabled", e.PrivateDNS)
		b.SetAttributeRaw("subnet_ids", r.ids(e.Subnets))
		b.SetAttributeRaw("security_group_ids", r.ids(e.SecurityGroups))
		if e.Name != "" {
			name := template(append(r.templateParts(r.a.Name+"-"), part{expr: exprTokens("each.value")}))
			b.SetAttributeRaw("tags", hclwrite.TokensForObject([]hclwrite.ObjectAttrTokens{{
				Name: hclwrite.TokensForIdentifier("Name"), Value: name,
			}}))
		}
	}
	for _, e := range r.a.Endpoints {
		if _, ok := g.members[e.ID]; ok {
			continue
		}
		name := r.nameOf(e.ID)
		var policy hclwrite.Tokens
		if e.Policy != nil {
			policy = r.policyDocument(endpointsFile, name+"_policy", e.Policy)
		}
		b := r.resource(endpointsFile, "aws_vpc_endpoint", name)
		b.SetAttributeRaw("vpc_id", r.id(e.VPC))
		b.SetAttributeRaw("service_name", r.sym(e.Service))
		b.SetAttributeValue("vpc_endpoint_type", cty.StringVal(string(e.Type)))
		if e.Type == model.EndpointInterface {
			setBool(b, "private_dns_enabled", e.PrivateDNS)
		}
		if len(e.Subnets) > 0 {
			b.SetAttributeRaw("subnet_ids", r.ids(e.Subnets))
		}
		if len(e.SecurityGroups) > 0 {
			b.SetAttributeRaw("security_group_ids", r.ids(e.SecurityGroups))
		}
		if len(e.RouteTables) > 0 {
			b.SetAttributeRaw("route_table_ids", r.ids(e.RouteTables))
		}
		if policy != nil {
			b.SetAttributeRaw("policy", policy)
		}
		tags := e.Tags
		if len(tags) == 0 && e.Name != "" {
			tags = map[string]string{"Name": e.Name}
		}
		r.tags(b, tags)
	}
	return nil
}

// templateParts is the parts of a symbolic string, for building a larger template.
func (r *renderer) templateParts(s string) []part {
	var parts []part
	for _, p := range model.ParseSub(s) {
		if p.IsRef() {
			parts = append(parts, part{expr: r.refExpr(p)})
		} else {
			parts = append(parts, r.literalParts(p.Literal)...)
		}
	}
	return parts
}

func (r *renderer) setLocal(name string, v hclwrite.Tokens) {
	if _, ok := r.locals[name]; !ok {
		r.localOrder = append(r.localOrder, name)
	}
	r.locals[name] = v
}
