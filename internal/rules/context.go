package rules

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
	"github.com/mwaanet/mwaanet/internal/report"
)

// NewContext returns the context for checking a's first environment (a must have one;
// see model.Architecture.Environment), with the modes the input states, else the MWAA
// API's defaults: routing as the input says or inferred from the environment subnets'
// routes (reach.Analyzer.Routing), web server access PRIVATE_ONLY, endpoint management
// SERVICE, partition from the Region.
func NewContext(a *model.Architecture) *Context {
	c := &Context{Arch: a, Index: model.NewIndex(a), Env: a.Environment()}
	c.Routing = a.Routing
	if c.Routing == "" {
		c.analyzer = reach.New(a)
		c.Routing = c.analyzer.Routing()
	}
	c.Access = model.PrivateOnly
	c.EndpointManagement = model.ServiceManaged
	if c.Env != nil {
		if c.Env.WebserverAccess != "" {
			c.Access = c.Env.WebserverAccess
		}
		if c.Env.EndpointManagement != "" {
			c.EndpointManagement = c.Env.EndpointManagement
		}
	}
	c.Partition = a.Partition
	if c.Partition == "" {
		c.Partition = model.PartitionOf(a.Region)
	}
	return c
}

// routedAnalyzer returns the reachability analyzer of the architecture under c.Routing:
// NewContext's when it inferred that routing, else one built for the routing c says (a
// copy of the architecture with that routing), once for all the rules that trace paths.
func (c *Context) routedAnalyzer() *reach.Analyzer {
	if c.analyzer != nil && c.analyzer.Routing() == c.Routing {
		return c.analyzer
	}
	if c.routed == nil || c.routed.Routing() != c.Routing {
		a := c.Arch
		if a.Routing != c.Routing {
			cp := *a
			cp.Routing = c.Routing
			a = &cp
		}
		c.routed = reach.New(a)
	}
	return c.routed
}

// Check runs every rule (All) over each MWAA environment of a (one context per
// environment; a finding two environments share, such as one about their common VPC, is
// reported once) and returns the findings with the input's own, sorted.
func Check(a *model.Architecture) []model.Finding {
	if len(a.Environments) <= 1 {
		return Run(NewContext(a), All())
	}
	out := append([]model.Finding(nil), a.IngestFindings...)
	seen := map[string]bool{}
	for _, env := range a.Environments {
		for _, f := range NewContext(WithEnvironment(a, env, "")).runRules(All()) {
			k := fmt.Sprintf("%s\x00%s\x00%v\x00%s", f.Rule, f.Resource, f.Source, f.Message)
			if !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	report.Sort(out)
	return out
}

// Private reports whether the context is private routing.
func (c *Context) Private() bool { return c.Routing == model.RoutingPrivate }

// envSubnets returns the environment's subnets that are in the input, and the IDs of those
// that are not (existing subnets named by literal ID).
func (c *Context) envSubnets() (in []*model.Subnet, outside []string) {
	if c.Env == nil {
		return nil, nil
	}
	for _, id := range c.Env.Subnets {
		if s := c.Index.Subnets[id]; s != nil {
			in = append(in, s)
		} else {
			outside = append(outside, id)
		}
	}
	return in, outside
}

// envSGs returns the environment's security groups that are in the input, and the IDs of
// those that are not.
func (c *Context) envSGs() (in []*model.SecurityGroup, outside []string) {
	if c.Env == nil {
		return nil, nil
	}
	for _, id := range c.Env.SecurityGroups {
		if g := c.Index.SecurityGroups[id]; g != nil {
			in = append(in, g)
		} else {
			outside = append(outside, id)
		}
	}
	return in, outside
}

// envVPC returns the VPC ID of the environment's subnets ("" when none is known).
func (c *Context) envVPC() string {
	in, _ := c.envSubnets()
	for _, s := range in {
		if s.VPC != "" {
			return s.VPC
		}
	}
	return ""
}

// envSource is where the environment was declared (flags: no position).
func (c *Context) envSource() model.Source {
	if c.Env == nil {
		return model.Source{}
	}
	return c.Env.Source
}

// isDefaultRoute reports whether r is the IPv4 default route.
func isDefaultRoute(r model.Route) bool {
	return r.Destination.IsValid() && r.Destination.Bits() == 0 && r.Destination.Addr().Is4()
}

// routeSource is the position of a route, else of its table.
func routeSource(rt *model.RouteTable, r model.Route) model.Source {
	if r.Source.IsZero() {
		return rt.Source
	}
	return r.Source
}

// isIGW reports whether a route target is an internet gateway (not egress-only).
func (c *Context) isIGW(t model.RouteTarget) bool {
	if t.Kind != model.TargetInternetGateway {
		return false
	}
	if g := c.Index.InternetGateways[t.ID]; g != nil && g.Egress {
		return false
	}
	return true
}

// isNAT reports whether a route target is a NAT device (NAT gateway or NAT instance).
func isNAT(t model.RouteTarget) bool {
	switch t.Kind {
	case model.TargetNATGateway, model.TargetInstance:
		return true
	}
	return false
}

// defaultRoute returns the IPv4 default route of rt, if any.
func defaultRoute(rt *model.RouteTable) (model.Route, bool) {
	for _, r := range rt.Routes {
		if isDefaultRoute(r) {
			return r, true
		}
	}
	return model.Route{}, false
}

// refersTo reports whether a symbolic or literal string names the object id: "${id}",
// "${id.Arn}" or the ID itself.
func refersTo(s, id string) bool {
	if s == id {
		return true
	}
	if p, ok := model.SoleRef(s); ok {
		return p.ID == id
	}
	return false
}

// refID returns the ID of the input object s refers to ("${Bucket.Arn}" -> "Bucket"), or
// the literal itself.
func refID(s string) string {
	if p, ok := model.SoleRef(s); ok {
		return p.ID
	}
	return s
}

// or returns a, else b when a is zero.
func or(a, b model.Source) model.Source {
	if a.IsZero() {
		return b
	}
	return a
}
