package awscli

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// RuleDuplicate is the rule ID of the ingest finding for an object that two files (or two
// entries) describe: the first is kept.
const RuleDuplicate = "SNAPSHOT/duplicate"

// dedupe keeps the first object of each ID and reports the others.
func dedupe[T any](s *snapshot, xs []T, what string, id func(T) string, src func(T) model.Source) []T {
	first := map[string]model.Source{}
	out := xs[:0]
	for _, x := range xs {
		k := id(x)
		if k == "" {
			out = append(out, x)
			continue
		}
		if f, ok := first[k]; ok {
			s.a.IngestFindings = append(s.a.IngestFindings, model.Finding{
				Rule:     RuleDuplicate,
				Severity: model.SeverityWarning,
				Resource: k,
				Source:   src(x),
				Message:  fmt.Sprintf("%s %s is described twice; the first description (%s) is used", what, k, f),
				Related:  []model.Source{f},
			})
			continue
		}
		first[k] = src(x)
		out = append(out, x)
	}
	return out
}

func (s *snapshot) dedupeAll() {
	a := s.a
	a.VPCs = dedupe(s, a.VPCs, "VPC", func(x *model.VPC) string { return x.ID }, func(x *model.VPC) model.Source { return x.Source })
	a.Subnets = dedupe(s, a.Subnets, "subnet", func(x *model.Subnet) string { return x.ID }, func(x *model.Subnet) model.Source { return x.Source })
	a.RouteTables = dedupe(s, a.RouteTables, "route table", func(x *model.RouteTable) string { return x.ID }, func(x *model.RouteTable) model.Source { return x.Source })
	a.NetworkACLs = dedupe(s, a.NetworkACLs, "network ACL", func(x *model.NetworkACL) string { return x.ID }, func(x *model.NetworkACL) model.Source { return x.Source })
	a.SecurityGroups = dedupe(s, a.SecurityGroups, "security group", func(x *model.SecurityGroup) string { return x.ID }, func(x *model.SecurityGroup) model.Source { return x.Source })
	a.Endpoints = dedupe(s, a.Endpoints, "VPC endpoint", func(x *model.VPCEndpoint) string { return x.ID }, func(x *model.VPCEndpoint) model.Source { return x.Source })
	a.NATGateways = dedupe(s, a.NATGateways, "NAT gateway", func(x *model.NATGateway) string { return x.ID }, func(x *model.NATGateway) model.Source { return x.Source })
	a.InternetGateways = dedupe(s, a.InternetGateways, "internet gateway", func(x *model.InternetGateway) string { return x.ID }, func(x *model.InternetGateway) model.Source { return x.Source })
	a.ElasticIPs = dedupe(s, a.ElasticIPs, "Elastic IP", func(x *model.ElasticIP) string { return x.ID }, func(x *model.ElasticIP) model.Source { return x.Source })
	a.PeeringConnections = dedupe(s, a.PeeringConnections, "peering connection", func(x *model.PeeringConnection) string { return x.ID }, func(x *model.PeeringConnection) model.Source { return x.Source })
	a.VPNGateways = dedupe(s, a.VPNGateways, "virtual private gateway", func(x *model.VPNGateway) string { return x.ID }, func(x *model.VPNGateway) model.Source { return x.Source })
	a.ClientVPNs = dedupe(s, a.ClientVPNs, "Client VPN endpoint", func(x *model.ClientVPN) string { return x.ID }, func(x *model.ClientVPN) model.Source { return x.Source })
	a.Environments = dedupe(s, a.Environments, "MWAA environment", func(x *model.Environment) string { return x.ID }, func(x *model.Environment) model.Source { return x.Source })
}
