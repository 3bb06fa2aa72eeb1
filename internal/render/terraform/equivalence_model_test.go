package terraform_test

// The model side of the equivalence test (see equivalence_test.go).

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// ---- model side ----

type modelView struct {
	a  *model.Architecture
	ix *model.Index
}

// identity is what an object is, independent of naming.
func (v *modelView) identity(id string) (string, string) {
	a := v.a
	if v.ix.VPCs[id] != nil {
		if isAWSID(id) {
			return id, "vpc"
		}
		return "vpc:" + v.ix.VPCs[id].CIDRs[0].String(), "vpc"
	}
	if s := v.ix.Subnets[id]; s != nil {
		if isAWSID(id) {
			return id, "subnet"
		}
		return "subnet:" + s.CIDR.String(), "subnet"
	}
	if sg := v.ix.SecurityGroups[id]; sg != nil {
		if n := sg.Tags["Name"]; n != "" {
			return "sg:" + v.norm(n), "sg"
		}
		return "sg:" + v.norm(sg.Name), "sg"
	}
	if rt := v.ix.RouteTables[id]; rt != nil {
		if rt.Main && rt.Tags["Name"] == "" {
			vpc, _ := v.identity(rt.VPC)
			return "rt:main:" + vpc, "rt"
		}
		return "rt:" + v.norm(rt.Tags["Name"]), "rt"
	}
	if g := v.ix.InternetGateways[id]; g != nil {
		return "igw:" + v.norm(g.Tags["Name"]), "igw"
	}
	if n := v.ix.NATGateways[id]; n != nil {
		return "nat:" + v.norm(n.Tags["Name"]), "nat"
	}
	if e := v.ix.Endpoints[id]; e != nil {
		return "endpoint:" + v.norm(e.Service), "endpoint"
	}
	if c := v.ix.ClientVPNs[id]; c != nil {
		return "cvpn:" + c.ClientCIDR.String(), "cvpn"
	}
	if pl := v.ix.PrefixLists[id]; pl != nil {
		return "pl:" + v.norm(pl.Name), "pl"
	}
	for i, b := range a.Buckets {
		if b.ID == id {
			return "bucket#" + strconv.Itoa(i), "bucket"
		}
	}
	for i, k := range a.Keys {
		if k.ID == id {
			return "key#" + strconv.Itoa(i), "key"
		}
	}
	for i, r := range a.Roles {
		if r.ID == id {
			return "role#" + strconv.Itoa(i), "role"
		}
	}
	for _, e := range a.Environments {
		if e.ID == id {
			return "env:" + v.norm(e.Name), "env"
		}
	}
	for _, sg := range a.SecurityGroups {
		for dir, rules := range [][]model.SGRule{sg.Ingress, sg.Egress} {
			for _, r := range rules {
				if r.Source.ID == id {
					return "sgrule:" + v.sgRule(sg, dir, r), "sgrule"
				}
			}
		}
	}
	if isAWSID(id) {
		return id, "existing"
	}
	return "?" + id, "?"
}

func isAWSID(id string) bool {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return false
	}
	_, err := strconv.ParseUint(id[i+1:], 16, 64)
	return err == nil && strings.ToLower(id) == id
}

// attrOf maps a CloudFormation attribute to the neutral (Terraform) attribute name.
func attrOf(kind, attr string) string {
	switch kind + "." + attr {
	case "sg.GroupId":
		return ""
	}
	var b strings.Builder
	lower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 0; i < len(attr); i++ {
		c := attr[i]
		switch {
		case c >= 'A' && c <= 'Z':
			if i > 0 && !(attr[i-1] >= 'A' && attr[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			b.WriteByte(c + 'a' - 'A')
		case c >= '0' && c <= '9' && i > 0 && lower(attr[i-1]):
			b.WriteByte('_')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// norm rewrites a symbolic string's references to identities. A string that is exactly
// an object's ID (how the Terraform plan reader names a referenced resource) is that
// object.
func (v *modelView) norm(s string) string {
	if v.isObject(s) {
		ident, _ := v.identity(s)
		return "${" + ident + "}"
	}
	out, _ := model.Substitute(s, func(p model.SubPart) (string, bool) {
		if p.ID == "AWS::StackName" {
			return "${var:stack_name}", true // the renderer's stand-in for the stack name
		}
		if strings.HasPrefix(p.ID, "AWS::") {
			return "${" + p.ID + "}", true
		}
		for _, par := range v.a.Parameters {
			if par.Name == p.ID {
				if par.HasDefault {
					return par.Default, true
				}
				return "${var:" + attrOf("", par.Name) + "}", true
			}
		}
		ident, kind := v.identity(p.ID)
		if a := attrOf(kind, p.Attr); a != "" {
			return "${" + ident + "." + a + "}", true
		}
		return "${" + ident + "}", true
	})
	return strings.ReplaceAll(out, "${!", "${")
}

func (v *modelView) idents(ids []string) string {
	var out []string
	for _, id := range ids {
		i, _ := v.identity(id)
		out = append(out, i)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func (v *modelView) policy(p *model.PolicyDocument) string {
	if p == nil {
		return "default"
	}
	var sts []string
	for _, st := range p.Statements {
		sts = append(sts, statementString(st.Sid, st.Effect,
			v.principals(st.Principal), v.principals(st.NotPrincipal),
			v.list(st.Action), v.list(st.NotAction), v.list(st.Resource), v.list(st.NotResource),
			v.conditions(st.Condition)))
	}
	return strings.Join(sts, " ; ")
}

func statementString(sid, effect, pr, npr, act, nact, res, nres, cond string) string {
	return fmt.Sprintf("sid=%s effect=%s principals=%s not_principals=%s actions=%s not_actions=%s resources=%s not_resources=%s conditions=%s",
		sid, effect, pr, npr, act, nact, res, nres, cond)
}

func (v *modelView) list(xs []string) string {
	var out []string
	for _, x := range xs {
		out = append(out, v.norm(x))
	}
	sort.Strings(out)
	return "[" + strings.Join(out, ",") + "]"
}

func (v *modelView) principals(p map[string][]string) string {
	var out []string
	for t, ids := range p {
		out = append(out, t+"="+v.list(ids))
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

func (v *modelView) conditions(c map[string]map[string][]string) string {
	var out []string
	for op, kv := range c {
		for k, vals := range kv {
			out = append(out, op+":"+k+"="+v.list(vals))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

func ports(p model.Protocol, r model.PortRange) string {
	if p == model.AllProtocols {
		return "all"
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

func modelSummary(a *model.Architecture) *summary {
	v := &modelView{a: a, ix: model.NewIndex(a)}
	s := &summary{Endpoints: map[string]string{}, Policies: map[string]string{}, Outputs: map[string]string{}}
	for _, e := range a.Endpoints {
		key, _ := v.identity(e.ID)
		s.Endpoints[key] = fmt.Sprintf("type=%s dns=%s subnets=%s groups=%s route_tables=%s policy={%s}",
			e.Type, triString(e.PrivateDNS, e.Type == model.EndpointInterface), v.idents(e.Subnets), v.idents(e.SecurityGroups),
			v.idents(e.RouteTables), v.policy(e.Policy))
		if e.Policy != nil {
			s.Policies[key] = v.policy(e.Policy)
		}
	}
	for _, sg := range a.SecurityGroups {
		for dir, rules := range [][]model.SGRule{sg.Ingress, sg.Egress} {
			for _, r := range rules {
				s.SGRules = append(s.SGRules, fmt.Sprintf("%s %q", v.sgRule(sg, dir, r), v.norm(r.Description)))
			}
		}
	}
	// AWS adds the service's prefix-list route to each route table of a gateway endpoint,
	// whether or not the input lists it (and whether or not the table is in the input).
	implied := map[string]bool{}
	for _, e := range a.Endpoints {
		if e.Type != model.EndpointGateway {
			continue
		}
		me, _ := v.identity(e.ID)
		for _, rt := range e.RouteTables {
			ri, _ := v.identity(rt)
			implied[ri+" pl:"+v.norm(e.Service)+" -> "+me] = true
		}
	}
	for _, rt := range a.RouteTables {
		me, _ := v.identity(rt.ID)
		for _, r := range rt.Routes {
			dest := r.Destination.String()
			if r.DestinationPrefixList != "" {
				dest, _ = v.identity(r.DestinationPrefixList)
			}
			target := "local"
			if r.Target.Kind != model.TargetLocal {
				target, _ = v.identity(r.Target.ID)
			}
			route := me + " " + dest + " -> " + target
			if !implied[route] {
				s.Routes = append(s.Routes, route)
			}
		}
		for _, sn := range rt.Subnets {
			sub, _ := v.identity(sn)
			s.Associations = append(s.Associations, sub+" -> "+me)
		}
	}
	for r := range implied {
		s.Routes = append(s.Routes, r)
	}
	for _, acl := range a.NetworkACLs {
		if acl.Default {
			continue // the VPC's own default ACL: not rendered
		}
		for _, e := range acl.Entries {
			if e.RuleNumber == model.DefaultRuleNumber {
				continue // AWS's implicit * rule
			}
			s.ACLEntries = append(s.ACLEntries, fmt.Sprintf("%s %d egress=%t %s allow=%t %s %s",
				acl.Tags["Name"], e.RuleNumber, e.Egress, e.Protocol, e.Allow, e.CIDR, ports(e.Protocol, e.Ports)))
		}
		for _, sn := range acl.Subnets {
			sub, _ := v.identity(sn)
			s.Associations = append(s.Associations, sub+" -> acl:"+acl.Tags["Name"])
		}
	}
	for _, b := range a.Buckets {
		me, _ := v.identity(b.ID)
		if b.Policy != nil {
			s.Policies[me] = v.policy(b.Policy)
		}
		s.Environment = append(s.Environment, fmt.Sprintf("%s versioning=%s pab=%s,%s,%s,%s sse=%s key=%s bucket_key=%s",
			me, b.Versioning, b.PublicAccessBlock[0], b.PublicAccessBlock[1], b.PublicAccessBlock[2], b.PublicAccessBlock[3],
			b.Encryption, v.norm(b.KMSKey), b.BucketKey))
	}
	for _, k := range a.Keys {
		me, _ := v.identity(k.ID)
		s.Policies[me] = v.policy(k.Policy)
		s.Environment = append(s.Environment, fmt.Sprintf("%s rotation=%s multi_region=%s aliases=%s", me, k.Rotation, k.MultiRegion, v.list(k.Aliases)))
	}
	for _, r := range a.Roles {
		me, _ := v.identity(r.ID)
		s.Policies[me+" trust"] = v.policy(r.AssumeRolePolicy)
		for _, p := range r.Policies {
			s.Policies[me+" "+v.norm(p.Name)] = v.policy(p.Document)
		}
	}
	for _, p := range a.ManagedPolicies {
		for _, role := range p.Roles {
			ri, _ := v.identity(role)
			s.Policies[ri+" "+v.norm(p.Name)] = v.policy(p.Document)
		}
	}
	for _, e := range a.Environments {
		me, _ := v.identity(e.ID)
		s.Environment = append(s.Environment,
			fmt.Sprintf("%s class=%s workers=%s-%s webservers=%s-%s schedulers=%s version=%s", me, e.EnvironmentClass,
				num(e.MinWorkers), num(e.MaxWorkers), num(e.MinWebservers), num(e.MaxWebservers), num(e.Schedulers), e.AirflowVersion),
			fmt.Sprintf("%s access=%s endpoints=%s subnets=%s groups=%s", me, e.WebserverAccess, e.EndpointManagement,
				v.idents(e.Subnets), v.idents(e.SecurityGroups)),
			fmt.Sprintf("%s role=%s key=%s bucket=%s dags=%s plugins=%s requirements=%s", me, v.norm(e.ExecutionRoleARN),
				v.norm(e.KMSKey), v.norm(e.SourceBucketARN), e.DagS3Path, e.PluginsS3Path, e.RequirementsS3Path))
		for _, m := range model.LogModules {
			if l, ok := e.Logging[m]; ok {
				s.Environment = append(s.Environment, fmt.Sprintf("%s log %s enabled=%s level=%s", me, attrOf("", m), l.Enabled, l.LogLevel))
			}
		}
	}
	for _, c := range a.ClientVPNs {
		me, _ := v.identity(c.ID)
		s.VPN = append(s.VPN, fmt.Sprintf("%s split=%s server=%s root=%s groups=%s", me, c.SplitTunnel,
			v.norm(c.ServerCertificateARN), v.norm(c.ClientRootCertARN), v.idents(c.SecurityGroups)))
		for _, sn := range c.Associations {
			i, _ := v.identity(sn)
			s.VPN = append(s.VPN, me+" association "+i)
		}
		for _, r := range c.AuthorizationRules {
			s.VPN = append(s.VPN, fmt.Sprintf("%s authorize %s all=%t", me, r.TargetCIDR, r.AllGroups))
		}
		for _, r := range c.Routes {
			if v.autoVPNRoute(c, r) {
				continue // AWS adds it with the association
			}
			i, _ := v.identity(r.TargetSubnet)
			s.VPN = append(s.VPN, fmt.Sprintf("%s route %s -> %s", me, r.Destination, i))
		}
	}
	for _, o := range a.Outputs {
		s.Outputs[attrOf("", o.Name)] = v.norm(o.Value)
	}
	s.sort()
	return s
}

func triString(t model.Tri, meaningful bool) string {
	if !meaningful || !t.Known() {
		return "-"
	}
	return t.String()
}

// autoVPNRoute reports whether AWS adds a Client VPN route by itself: the route to the
// VPC's CIDR through an associated subnet.
func (v *modelView) autoVPNRoute(c *model.ClientVPN, r model.ClientVPNRoute) bool {
	associated := false
	for _, s := range c.Associations {
		associated = associated || s == r.TargetSubnet
	}
	vpc := v.ix.VPCs[c.VPC]
	if sn := v.ix.Subnets[r.TargetSubnet]; sn != nil {
		vpc = v.ix.VPCs[sn.VPC]
	}
	return associated && vpc != nil && len(vpc.CIDRs) > 0 && vpc.CIDRs[0] == r.Destination
}

// num prints a model integer, "" when unknown (-1).
func num(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// sgRule describes a security-group rule without its description: group, direction,
// protocol, ports, peer.
func (v *modelView) sgRule(sg *model.SecurityGroup, dir int, r model.SGRule) string {
	me, _ := v.identity(sg.ID)
	peer := r.CIDR.String()
	if r.Group != "" {
		peer, _ = v.identity(r.Group)
	} else if r.PrefixList != "" {
		peer, _ = v.identity(r.PrefixList)
	}
	return fmt.Sprintf("%s %s %s %s %s", me, []string{"in", "out"}[dir], r.Protocol, ports(r.Protocol, r.Ports), peer)
}

// isObject reports whether id is the ID of an object of the architecture.
func (v *modelView) isObject(id string) bool {
	ix := v.ix
	if ix.VPCs[id] != nil || ix.Subnets[id] != nil || ix.SecurityGroups[id] != nil || ix.RouteTables[id] != nil ||
		ix.Endpoints[id] != nil || ix.Buckets[id] != nil || ix.Keys[id] != nil || ix.Roles[id] != nil ||
		ix.ClientVPNs[id] != nil || ix.InternetGateways[id] != nil || ix.NATGateways[id] != nil {
		return true
	}
	for _, e := range v.a.Environments {
		if e.ID == id {
			return true
		}
	}
	return false
}
