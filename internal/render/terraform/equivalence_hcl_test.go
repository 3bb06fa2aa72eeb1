package terraform_test

// The Terraform side of the equivalence test (see equivalence_test.go): the rendered HCL
// read back and evaluated statically.

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

// ---- Terraform side ----

type tfView struct {
	m *module
	// ident caches resource identities by address (with for_each key).
	ident map[string]string
	// each is the current for_each value.
	each string
}

// refAttr is the attribute a reference to the object itself uses, per resource type.
var refAttr = map[string]string{
	"aws_kms_key": "key_id", "aws_mwaa_environment": "name", "aws_iam_role": "name",
}

func (v *tfView) str(expr hclsyntax.Expression) (string, error) {
	x, err := v.eval(expr)
	if err != nil {
		return "", err
	}
	s, ok := x.(string)
	if !ok {
		return "", fmt.Errorf("%s: want a string, got %T", expr.Range(), x)
	}
	return s, nil
}

func (v *tfView) strs(expr hclsyntax.Expression) ([]string, error) {
	x, err := v.eval(expr)
	if err != nil {
		return nil, err
	}
	l, ok := x.([]string)
	if !ok {
		return nil, fmt.Errorf("%s: want a list, got %T", expr.Range(), x)
	}
	return l, nil
}

func ctyString(val cty.Value) string {
	switch val.Type() {
	case cty.String:
		return val.AsString()
	case cty.Bool:
		return strconv.FormatBool(val.True())
	case cty.Number:
		f := val.AsBigFloat()
		if f.IsInt() {
			i, _ := f.Int64()
			return strconv.FormatInt(i, 10)
		}
		return f.Text('f', -1)
	}
	return val.GoString()
}

// eval evaluates an expression statically to a string, []string or map[string]string.
func (v *tfView) eval(expr hclsyntax.Expression) (any, error) {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return ctyString(e.Val), nil
	case *hclsyntax.TemplateWrapExpr:
		return v.eval(e.Wrapped)
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, p := range e.Parts {
			s, err := v.str(p)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
		}
		return b.String(), nil
	case *hclsyntax.TupleConsExpr:
		var out []string
		for _, x := range e.Exprs {
			s, err := v.str(x)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	case *hclsyntax.ObjectConsExpr:
		out := map[string]string{}
		for _, it := range e.Items {
			var k string
			kw := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
			if tr, ok := kw.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok && len(tr.Traversal) == 1 && !kw.ForceNonLiteral {
				k = tr.Traversal.RootName()
			} else {
				var err error
				if k, err = v.str(kw.Wrapped); err != nil {
					return nil, err
				}
			}
			val, err := v.str(it.ValueExpr)
			if err != nil {
				return nil, err
			}
			out[k] = val
		}
		return out, nil
	case *hclsyntax.ObjectConsKeyExpr:
		return v.eval(e.Wrapped)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "toset":
			return v.eval(e.Args[0])
		case "cidrhost":
			base, err := v.str(e.Args[0])
			if err != nil {
				return nil, err
			}
			n, err := v.str(e.Args[1])
			if err != nil {
				return nil, err
			}
			p, err := netip.ParsePrefix(base)
			if err != nil {
				return nil, err
			}
			k, _ := strconv.Atoi(n)
			addr := p.Masked().Addr()
			for i := 0; i < k; i++ {
				addr = addr.Next()
			}
			return addr.String(), nil
		}
		return nil, fmt.Errorf("%s: function %s not evaluated", e.Range(), e.Name)
	case *hclsyntax.ScopeTraversalExpr:
		return v.traversal(e.Traversal)
	}
	return nil, fmt.Errorf("%s: expression %T not evaluated", expr.Range(), expr)
}

func (v *tfView) traversal(tr hcl.Traversal) (any, error) {
	names := []string{tr.RootName()}
	var keys []cty.Value
	for _, step := range tr[1:] {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		case hcl.TraverseIndex:
			keys = append(keys, s.Key)
			names = append(names, "[]")
		}
	}
	key := func(i int) cty.Value { return keys[i] }
	switch names[0] {
	case "each":
		return v.each, nil
	case "var":
		val, err := v.variable(names[1])
		if err != nil {
			return nil, err
		}
		if len(keys) == 1 {
			l, ok := val.([]string)
			if !ok {
				return fmt.Sprintf("${var:%s[%s]}", names[1], ctyString(key(0))), nil
			}
			i, _ := strconv.Atoi(ctyString(key(0)))
			return l[i], nil
		}
		return val, nil
	case "local":
		a := v.m.locals[names[1]]
		if a == nil {
			return nil, fmt.Errorf("local.%s not declared", names[1])
		}
		return v.eval(a.Expr)
	case "data":
		switch names[1] + "." + names[len(names)-1] {
		case "aws_region.region":
			return "${AWS::Region}", nil
		case "aws_partition.partition":
			return "${AWS::Partition}", nil
		case "aws_partition.dns_suffix":
			return "${AWS::URLSuffix}", nil
		case "aws_caller_identity.account_id":
			return "${AWS::AccountId}", nil
		case "aws_availability_zones.[]":
			return "${AWS::Region}#" + ctyString(key(0)), nil
		case "aws_iam_policy_document.json":
			return v.policyDocument(names[2])
		}
		return nil, fmt.Errorf("data source reference %s not evaluated", strings.Join(names, "."))
	}
	// A resource: type.name[key].attr
	addr := names[0] + "." + names[1]
	b := v.m.resources[addr]
	if b == nil {
		return nil, fmt.Errorf("reference to undeclared resource %s", addr)
	}
	each := ""
	rest := names[2:]
	if len(rest) > 0 && rest[0] == "[]" {
		each = ctyString(key(0))
		rest = rest[1:]
	}
	ident, err := v.identity(addr, each)
	if err != nil {
		return nil, err
	}
	attr := strings.Join(rest, ".")
	ra := refAttr[names[0]]
	if ra == "" {
		ra = "id"
	}
	switch {
	case names[0] == "aws_vpc" && attr == "default_network_acl_id":
		return "${" + ident + ".default_network_acl}", nil
	case names[0] == "aws_vpc" && attr == "main_route_table_id":
		return "${rt:main:" + ident + "}", nil
	case attr == ra:
		return "${" + ident + "}", nil
	}
	return "${" + ident + "." + attr + "}", nil
}

func (v *tfView) variable(name string) (any, error) {
	b := v.m.variables[name]
	if b == nil {
		return nil, fmt.Errorf("var.%s not declared", name)
	}
	d := b.Body.Attributes["default"]
	if d == nil {
		return "${var:" + name + "}", nil
	}
	return v.eval(d.Expr)
}

// attrOfBlock evaluates attribute name of a block body ("" if absent).
func (v *tfView) attr(b *hclsyntax.Body, name string) (string, error) {
	a := b.Attributes[name]
	if a == nil {
		return "", nil
	}
	return v.str(a.Expr)
}

func (v *tfView) list(b *hclsyntax.Body, name string) ([]string, error) {
	a := b.Attributes[name]
	if a == nil {
		return nil, nil
	}
	return v.strs(a.Expr)
}

func (v *tfView) tagName(b *hclsyntax.Body) (string, error) {
	a := b.Attributes["tags"]
	if a == nil {
		return "", nil
	}
	x, err := v.eval(a.Expr)
	if err != nil {
		return "", err
	}
	return x.(map[string]string)["Name"], nil
}

// ordinal is the position of a resource among those of its type, in file order.
func (v *tfView) ordinal(addr string) int {
	typ := typeOf(addr)
	var all []*hclsyntax.Block
	for a, b := range v.m.resources {
		if typeOf(a) == typ {
			all = append(all, b)
		}
	}
	sort.Slice(all, func(i, j int) bool {
		ri, rj := all[i].Range(), all[j].Range()
		if ri.Filename != rj.Filename {
			return ri.Filename < rj.Filename
		}
		return ri.Start.Byte < rj.Start.Byte
	})
	for i, b := range all {
		if strings.Join(b.Labels, ".") == addr {
			return i
		}
	}
	return -1
}

func (v *tfView) identity(addr, each string) (string, error) {
	cacheKey := addr + "[" + each + "]"
	if id, ok := v.ident[cacheKey]; ok {
		return id, nil
	}
	b := v.m.resources[addr].Body
	saved := v.each
	v.each = each
	defer func() { v.each = saved }()
	var id string
	var err error
	get := func(attr string) string {
		var s string
		if err == nil {
			s, err = v.attr(b, attr)
		}
		return s
	}
	switch typeOf(addr) {
	case "aws_vpc":
		id = "vpc:" + get("cidr_block")
	case "aws_subnet":
		id = "subnet:" + get("cidr_block")
	case "aws_security_group":
		var n string
		if n, err = v.tagName(b); n == "" && err == nil {
			n = get("name")
		}
		id = "sg:" + n
	case "aws_route_table", "aws_internet_gateway", "aws_nat_gateway":
		var n string
		n, err = v.tagName(b)
		id = map[string]string{"aws_route_table": "rt:", "aws_internet_gateway": "igw:", "aws_nat_gateway": "nat:"}[typeOf(addr)] + n
	case "aws_vpc_endpoint":
		id = "endpoint:" + get("service_name")
	case "aws_ec2_client_vpn_endpoint":
		id = "cvpn:" + get("client_cidr_block")
	case "aws_mwaa_environment":
		id = "env:" + get("name")
	case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		var rule string
		rule, err = v.sgRule(addr, map[string]string{"aws_vpc_security_group_ingress_rule": "in"}[typeOf(addr)])
		id = "sgrule:" + rule
	case "aws_s3_bucket":
		id = "bucket#" + strconv.Itoa(v.ordinal(addr))
	case "aws_kms_key":
		id = "key#" + strconv.Itoa(v.ordinal(addr))
	case "aws_iam_role":
		id = "role#" + strconv.Itoa(v.ordinal(addr))
	default:
		id = addr
	}
	if err != nil {
		return "", err
	}
	v.ident[cacheKey] = id
	return id, nil
}

func (v *tfView) policyDocument(name string) (string, error) {
	b := v.m.data["aws_iam_policy_document."+name]
	if b == nil {
		return "", fmt.Errorf("policy document %s not declared", name)
	}
	var sts []string
	for _, st := range b.Body.Blocks {
		if st.Type != "statement" {
			continue
		}
		get := func(n string) (string, error) { return v.attr(st.Body, n) }
		lst := func(n string) (string, error) {
			l, err := v.list(st.Body, n)
			sort.Strings(l)
			return "[" + strings.Join(l, ",") + "]", err
		}
		sid, err1 := get("sid")
		effect, err2 := get("effect")
		if effect == "" {
			effect = "Allow"
		}
		act, err3 := lst("actions")
		nact, err4 := lst("not_actions")
		res, err5 := lst("resources")
		nres, err6 := lst("not_resources")
		for _, err := range []error{err1, err2, err3, err4, err5, err6} {
			if err != nil {
				return "", err
			}
		}
		pr := map[string][]string{}
		var conds []string
		for _, nb := range st.Body.Blocks {
			switch nb.Type {
			case "principals", "not_principals":
				typ, err := v.attr(nb.Body, "type")
				if err != nil {
					return "", err
				}
				ids, err := v.list(nb.Body, "identifiers")
				if err != nil {
					return "", err
				}
				sort.Strings(ids)
				pr[nb.Type] = append(pr[nb.Type], typ+"=["+strings.Join(ids, ",")+"]")
			case "condition":
				test, err := v.attr(nb.Body, "test")
				if err != nil {
					return "", err
				}
				variable, err := v.attr(nb.Body, "variable")
				if err != nil {
					return "", err
				}
				vals, err := v.list(nb.Body, "values")
				if err != nil {
					return "", err
				}
				sort.Strings(vals)
				conds = append(conds, test+":"+variable+"=["+strings.Join(vals, ",")+"]")
			}
		}
		sort.Strings(pr["principals"])
		sort.Strings(pr["not_principals"])
		sort.Strings(conds)
		sts = append(sts, statementString(sid, effect, strings.Join(pr["principals"], "|"), strings.Join(pr["not_principals"], "|"),
			act, nact, res, nres, strings.Join(conds, "|")))
	}
	return strings.Join(sts, " ; "), nil
}

// resourcesOf lists the addresses of a type in file order.
func (v *tfView) resourcesOf(typ string) []string {
	var out []string
	for a := range v.m.resources {
		if typeOf(a) == typ {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return v.ordinal(out[i]) < v.ordinal(out[j]) })
	return out
}

// instances expands a resource's for_each: its keys, or [""] without for_each.
func (v *tfView) instances(addr string) ([]string, error) {
	fe := v.m.resources[addr].Body.Attributes["for_each"]
	if fe == nil {
		return []string{""}, nil
	}
	return v.strs(fe.Expr)
}

func terraformSummary(m *module) (*summary, error) {
	v := &tfView{m: m, ident: map[string]string{}}
	s := &summary{Endpoints: map[string]string{}, Policies: map[string]string{}, Outputs: map[string]string{}}
	var firstErr error
	must := func(x string, err error) string {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return x
	}
	mustList := func(x []string, err error) []string {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return x
	}
	identsOf := func(refs []string) string {
		var out []string
		for _, r := range refs {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(r, "${"), "}"))
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	policyOf := func(b *hclsyntax.Body) string {
		p := must(v.attr(b, "policy"))
		if p == "" {
			return "default"
		}
		return p
	}
	// VPC CIDRs give each route table its local route.
	vpcCIDR := map[string]string{}
	for _, addr := range v.resourcesOf("aws_vpc") {
		vpcCIDR[must(v.identity(addr, ""))] = must(v.attr(m.resources[addr].Body, "cidr_block"))
	}
	for _, addr := range v.resourcesOf("aws_vpc_endpoint") {
		keys, err := v.instances(addr)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			v.each = k
			b := m.resources[addr].Body
			id := must(v.identity(addr, k))
			typ := must(v.attr(b, "vpc_endpoint_type"))
			dns := must(v.attr(b, "private_dns_enabled"))
			if typ != string(model.EndpointInterface) || dns == "" {
				dns = "-"
			}
			s.Endpoints[id] = fmt.Sprintf("type=%s dns=%s subnets=%s groups=%s route_tables=%s policy={%s}", typ, dns,
				identsOf(mustList(v.list(b, "subnet_ids"))), identsOf(mustList(v.list(b, "security_group_ids"))),
				identsOf(mustList(v.list(b, "route_table_ids"))), policyOf(b))
			if p := policyOf(b); p != "default" {
				s.Policies[id] = p
			}
			// AWS adds the service's prefix-list route to each associated route table.
			for _, rt := range mustList(v.list(b, "route_table_ids")) {
				s.Routes = append(s.Routes, strings.Trim(rt, "${}")+" pl:"+must(v.attr(b, "service_name"))+" -> "+id)
			}
			v.each = ""
		}
	}
	for _, typ := range []string{"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"} {
		dir := map[string]string{"aws_vpc_security_group_ingress_rule": "in", "aws_vpc_security_group_egress_rule": "out"}[typ]
		for _, addr := range v.resourcesOf(typ) {
			b := m.resources[addr].Body
			rule, err := v.sgRule(addr, dir)
			if err != nil {
				return nil, err
			}
			s.SGRules = append(s.SGRules, fmt.Sprintf("%s %q", rule, must(v.attr(b, "description"))))
		}
	}
	// Each VPC's main route table has the local route of the VPC CIDR.
	for vpc, cidr := range vpcCIDR {
		s.Routes = append(s.Routes, "rt:main:"+vpc+" "+cidr+" -> local")
	}
	rtVPC := map[string]string{}
	for _, addr := range v.resourcesOf("aws_route_table") {
		b := m.resources[addr].Body
		id := must(v.identity(addr, ""))
		vpc := strings.Trim(must(v.attr(b, "vpc_id")), "${}")
		rtVPC[id] = vpc
		// The local route of the VPC CIDR, which AWS adds.
		s.Routes = append(s.Routes, id+" "+vpcCIDR[vpc]+" -> local")
	}
	for _, addr := range v.resourcesOf("aws_route") {
		b := m.resources[addr].Body
		rt := strings.Trim(must(v.attr(b, "route_table_id")), "${}")
		dest := must(v.attr(b, "destination_cidr_block")) + must(v.attr(b, "destination_ipv6_cidr_block")) +
			strings.Trim(must(v.attr(b, "destination_prefix_list_id")), "${}")
		var target string
		for _, arg := range []string{"gateway_id", "nat_gateway_id", "vpc_endpoint_id", "transit_gateway_id", "network_interface_id", "vpc_peering_connection_id", "egress_only_gateway_id"} {
			target += strings.Trim(must(v.attr(b, arg)), "${}")
		}
		s.Routes = append(s.Routes, rt+" "+dest+" -> "+target)
	}
	for _, addr := range v.resourcesOf("aws_route_table_association") {
		b := m.resources[addr].Body
		s.Associations = append(s.Associations, strings.Trim(must(v.attr(b, "subnet_id")), "${}")+" -> "+strings.Trim(must(v.attr(b, "route_table_id")), "${}"))
	}
	aclName := map[string]string{}
	for _, addr := range v.resourcesOf("aws_network_acl") {
		b := m.resources[addr].Body
		n := must(v.tagName(b))
		aclName["${"+addr+"}"] = n
		for _, sn := range mustList(v.list(b, "subnet_ids")) {
			s.Associations = append(s.Associations, strings.Trim(sn, "${}")+" -> acl:"+n)
		}
	}
	for _, addr := range v.resourcesOf("aws_network_acl_rule") {
		b := m.resources[addr].Body
		p, err := model.ParseProtocol(must(v.attr(b, "protocol")))
		if err != nil {
			return nil, err
		}
		pr := "all"
		if p.HasPorts() {
			pr = must(v.attr(b, "from_port")) + "-" + must(v.attr(b, "to_port"))
		}
		cidr := must(v.attr(b, "cidr_block")) + must(v.attr(b, "ipv6_cidr_block"))
		s.ACLEntries = append(s.ACLEntries, fmt.Sprintf("%s %s egress=%s %s allow=%t %s %s",
			aclName[must(v.attr(b, "network_acl_id"))], must(v.attr(b, "rule_number")), must(v.attr(b, "egress")), p,
			must(v.attr(b, "rule_action")) == "allow", cidr, pr))
	}
	for _, addr := range v.resourcesOf("aws_s3_bucket") {
		id := must(v.identity(addr, ""))
		name := strings.TrimPrefix(addr, "aws_s3_bucket.")
		get := func(typ string) *hclsyntax.Body {
			if b := m.resources[typ+"."+name]; b != nil {
				return b.Body
			}
			return &hclsyntax.Body{}
		}
		if p := get("aws_s3_bucket_policy"); p.Attributes["policy"] != nil {
			s.Policies[id] = must(v.attr(p, "policy"))
		}
		ver := "unknown"
		for _, vb := range get("aws_s3_bucket_versioning").Blocks {
			ver = map[string]string{"Enabled": "true", "Suspended": "false"}[must(v.attr(vb.Body, "status"))]
		}
		pab := get("aws_s3_bucket_public_access_block")
		tri := func(b *hclsyntax.Body, n string) string {
			x := must(v.attr(b, n))
			if x == "" {
				return "unknown"
			}
			return x
		}
		sse, key, bk := "", "", "unknown"
		for _, rule := range get("aws_s3_bucket_server_side_encryption_configuration").Blocks {
			bk = tri(rule.Body, "bucket_key_enabled")
			for _, d := range rule.Body.Blocks {
				sse = must(v.attr(d.Body, "sse_algorithm"))
				key = must(v.attr(d.Body, "kms_master_key_id"))
			}
		}
		s.Environment = append(s.Environment, fmt.Sprintf("%s versioning=%s pab=%s,%s,%s,%s sse=%s key=%s bucket_key=%s",
			id, ver, tri(pab, "block_public_acls"), tri(pab, "block_public_policy"), tri(pab, "ignore_public_acls"),
			tri(pab, "restrict_public_buckets"), sse, key, bk))
	}
	for _, addr := range v.resourcesOf("aws_kms_key") {
		b := m.resources[addr].Body
		id := must(v.identity(addr, ""))
		s.Policies[id] = must(v.attr(b, "policy"))
		var aliases []string
		for _, al := range v.resourcesOf("aws_kms_alias") {
			ab := m.resources[al].Body
			if strings.Trim(must(v.attr(ab, "target_key_id")), "${}") == id {
				aliases = append(aliases, must(v.attr(ab, "name")))
			}
		}
		sort.Strings(aliases)
		s.Environment = append(s.Environment, fmt.Sprintf("%s rotation=%s multi_region=%s aliases=[%s]", id,
			must(v.attr(b, "enable_key_rotation")), must(v.attr(b, "multi_region")), strings.Join(aliases, ",")))
	}
	for _, addr := range v.resourcesOf("aws_iam_role") {
		id := must(v.identity(addr, ""))
		s.Policies[id+" trust"] = must(v.attr(m.resources[addr].Body, "assume_role_policy"))
	}
	for _, addr := range v.resourcesOf("aws_iam_role_policy") {
		b := m.resources[addr].Body
		role := strings.Trim(must(v.attr(b, "role")), "${}")
		role = strings.TrimSuffix(role, ".id")
		s.Policies[role+" "+must(v.attr(b, "name"))] = must(v.attr(b, "policy"))
	}
	for _, addr := range v.resourcesOf("aws_iam_role_policy_attachment") {
		b := m.resources[addr].Body
		role := strings.TrimSuffix(strings.Trim(must(v.attr(b, "role")), "${}"), ".id")
		pol := strings.TrimSuffix(strings.Trim(must(v.attr(b, "policy_arn")), "${}"), ".arn")
		if pb := m.resources[pol]; pb != nil && typeOf(pol) == "aws_iam_policy" {
			s.Policies[role+" "+must(v.attr(pb.Body, "name"))] = must(v.attr(pb.Body, "policy"))
		}
	}
	for _, addr := range v.resourcesOf("aws_mwaa_environment") {
		b := m.resources[addr].Body
		id := must(v.identity(addr, ""))
		g := func(n string) string { return must(v.attr(b, n)) }
		s.Environment = append(s.Environment,
			fmt.Sprintf("%s class=%s workers=%s-%s webservers=%s-%s schedulers=%s version=%s", id, g("environment_class"),
				g("min_workers"), g("max_workers"), g("min_webservers"), g("max_webservers"), g("schedulers"), g("airflow_version")))
		for _, nb := range b.Blocks {
			switch nb.Type {
			case "network_configuration":
				s.Environment = append(s.Environment, fmt.Sprintf("%s access=%s endpoints=%s subnets=%s groups=%s", id,
					g("webserver_access_mode"), g("endpoint_management"),
					identsOf(mustList(v.list(nb.Body, "subnet_ids"))), identsOf(mustList(v.list(nb.Body, "security_group_ids")))))
			case "logging_configuration":
				for _, lb := range nb.Body.Blocks {
					s.Environment = append(s.Environment, fmt.Sprintf("%s log %s enabled=%s level=%s", id, lb.Type,
						must(v.attr(lb.Body, "enabled")), must(v.attr(lb.Body, "log_level"))))
				}
			}
		}
		s.Environment = append(s.Environment, fmt.Sprintf("%s role=%s key=%s bucket=%s dags=%s plugins=%s requirements=%s", id,
			g("execution_role_arn"), g("kms_key"), g("source_bucket_arn"), g("dag_s3_path"), g("plugins_s3_path"), g("requirements_s3_path")))
	}
	for _, addr := range v.resourcesOf("aws_ec2_client_vpn_endpoint") {
		b := m.resources[addr].Body
		id := must(v.identity(addr, ""))
		root := ""
		for _, ab := range b.Blocks {
			if ab.Type == "authentication_options" {
				root = must(v.attr(ab.Body, "root_certificate_chain_arn"))
			}
		}
		s.VPN = append(s.VPN, fmt.Sprintf("%s split=%s server=%s root=%s groups=%s", id, must(v.attr(b, "split_tunnel")),
			must(v.attr(b, "server_certificate_arn")), root, identsOf(mustList(v.list(b, "security_group_ids")))))
		self := "${" + id + "}"
		for _, a := range v.resourcesOf("aws_ec2_client_vpn_network_association") {
			ab := m.resources[a].Body
			if must(v.attr(ab, "client_vpn_endpoint_id")) == self {
				sub := strings.Trim(must(v.attr(ab, "subnet_id")), "${}")
				s.VPN = append(s.VPN, id+" association "+sub)
			}
		}
		for _, a := range v.resourcesOf("aws_ec2_client_vpn_authorization_rule") {
			ab := m.resources[a].Body
			if must(v.attr(ab, "client_vpn_endpoint_id")) == self {
				s.VPN = append(s.VPN, fmt.Sprintf("%s authorize %s all=%s", id, must(v.attr(ab, "target_network_cidr")), must(v.attr(ab, "authorize_all_groups"))))
			}
		}
		for _, a := range v.resourcesOf("aws_ec2_client_vpn_route") {
			ab := m.resources[a].Body
			if must(v.attr(ab, "client_vpn_endpoint_id")) == self {
				s.VPN = append(s.VPN, fmt.Sprintf("%s route %s -> %s", id, must(v.attr(ab, "destination_cidr_block")), strings.Trim(must(v.attr(ab, "target_vpc_subnet_id")), "${}")))
			}
		}
	}
	for name, b := range m.outputs {
		s.Outputs[name] = must(v.attr(b.Body, "value"))
	}
	if firstErr != nil {
		return nil, firstErr
	}
	s.sort()
	return s, nil
}

// sgRule describes a rule resource without its description, as modelView.sgRule does.
func (v *tfView) sgRule(addr, dir string) (string, error) {
	if dir == "" {
		dir = "out"
	}
	b := v.m.resources[addr].Body
	var err error
	get := func(n string) string {
		var s string
		if err == nil {
			s, err = v.attr(b, n)
		}
		return s
	}
	sg := strings.Trim(get("security_group_id"), "${}")
	p, perr := model.ParseProtocol(get("ip_protocol"))
	if perr != nil {
		return "", perr
	}
	pr := "all"
	if p != model.AllProtocols {
		pr = get("from_port") + "-" + get("to_port")
	}
	peer := get("cidr_ipv4") + get("cidr_ipv6") + strings.Trim(get("referenced_security_group_id")+get("prefix_list_id"), "${}")
	return fmt.Sprintf("%s %s %s %s %s", sg, dir, p, pr, peer), err
}
