package terraform

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

// ProviderConstraint is the AWS provider version the output is written for.
const ProviderConstraint = "~> 6.0"

// RequiredVersion is the Terraform version the output needs.
const RequiredVersion = ">= 1.5.0"

// Files lists the files Render may write, in the order a reader meets them.
var Files = []string{
	"versions.tf", "main.tf", "variables.tf", "network.tf", "endpoints.tf", "storage.tf",
	"iam.tf", "mwaa.tf", "vpn.tf", "monitoring.tf", "outputs.tf",
}

// Render writes the root module of a: file name -> content. Files without content are left
// out. The same architecture always gives the same bytes.
func Render(a *model.Architecture) (map[string][]byte, error) {
	if a == nil {
		return nil, fmt.Errorf("terraform: no architecture")
	}
	// Kinds this renderer does not write: saying so beats leaving them out silently.
	for _, k := range []struct {
		n    int
		what string
	}{
		{len(a.TransitGatewayAttachments), "transit gateway attachments"},
		{len(a.PeeringConnections), "VPC peering connections"},
		{len(a.VPNGateways), "virtual private gateways"},
	} {
		if k.n > 0 {
			return nil, fmt.Errorf("terraform: the architecture has %d %s, which the Terraform renderer does not write", k.n, k.what)
		}
	}
	r := newRenderer(a)
	if len(r.errs) > 0 {
		return nil, fmt.Errorf("terraform: %s", strings.Join(r.errs, "; "))
	}
	steps := []func() error{
		r.network, r.securityGroups, r.endpoints, r.storage, r.iam, r.environments, r.vpn,
		r.monitoring, r.outputs,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if len(r.errs) > 0 {
		return nil, fmt.Errorf("terraform: %s", strings.Join(r.errs, "; "))
	}
	r.mainFile()
	r.variablesFile()
	r.versionsFile()
	out := map[string][]byte{}
	for name, f := range r.files {
		b := hclwrite.Format(f.Bytes())
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		out[name] = b
	}
	return out, nil
}

// renderer holds one Render.
type renderer struct {
	a     *model.Architecture
	ix    *model.Index
	files map[string]*hclwrite.File

	// refs maps model IDs (and existing AWS IDs) to what refers to them.
	refs map[string]*target
	// vars are the variables, by name, and their order of declaration.
	vars     map[string]*variable
	varOrder []string
	// cidrs maps a literal CIDR to the expression that stands for it (a variable).
	cidrs map[netip.Prefix]hclwrite.Tokens
	// locals are the locals of main.tf, by name.
	locals     map[string]hclwrite.Tokens
	localOrder []string
	// data records which common data sources are used.
	data map[string]bool
	// names counts resource names per type to keep them unique.
	names map[string]bool
	// ruleNames names each security-group rule's resource, by ruleKey.
	ruleNames map[string]string
	// nameVar is true when var.name is the environment name (not a parameter).
	nameVar bool
	// tunables are the variables declared for literals of the architecture.
	tunables map[string]bool
	// routes lists the aws_route resources written for each route table, by model ID.
	routes map[string][]hcl.Traversal
	errs   []string
}

// target is what a model ID stands for in Terraform.
type target struct {
	kind string        // the model kind: vpc, subnet, bucket, ...
	addr hcl.Traversal // the resource address (aws_vpc.main) or variable (var.x[0])
	// existing is true for objects that are not created (AWS IDs): addr is then the
	// expression of the ID itself.
	existing bool
}

func newRenderer(a *model.Architecture) *renderer {
	r := &renderer{
		a: a, ix: model.NewIndex(a), files: map[string]*hclwrite.File{},
		refs: map[string]*target{}, vars: map[string]*variable{},
		cidrs: map[netip.Prefix]hclwrite.Tokens{}, locals: map[string]hclwrite.Tokens{},
		data: map[string]bool{}, names: map[string]bool{}, ruleNames: map[string]string{},
		tunables: map[string]bool{}, routes: map[string][]hcl.Traversal{},
	}
	for _, f := range Files {
		r.files[f] = hclwrite.NewEmptyFile()
	}
	r.declareVariables()
	r.declareTargets()
	return r
}

func (r *renderer) errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// block appends a block to file name, after a blank line when the file is not empty,
// and returns its body.
func (r *renderer) block(file, typ string, labels ...string) *hclwrite.Body {
	body := r.files[file].Body()
	if len(body.Blocks()) > 0 || len(body.Attributes()) > 0 {
		body.AppendNewline()
	}
	return body.AppendNewBlock(typ, labels).Body()
}

// resource appends a resource block to file and returns its body.
func (r *renderer) resource(file, typ, name string) *hclwrite.Body {
	if r.names[typ+"."+name] {
		r.errorf("two %s resources named %s", typ, name)
	}
	r.names[typ+"."+name] = true
	return r.block(file, "resource", typ, name)
}

// awsID matches the IDs of existing AWS objects, which a renderer must not create.
var awsID = regexp.MustCompile(`^(vpc|subnet|rtb|sg|igw|nat|eipalloc|vpce|cvpn-endpoint|acl|pl)-[0-9a-f]+$`)

// IsExisting reports whether a model ID names an existing AWS object (an AWS ID) rather
// than one the architecture creates.
func IsExisting(id string) bool { return awsID.MatchString(id) }

// snake turns an ID or CamelCase name into snake_case: PrivateSubnet1 -> private_subnet_1,
// VPC -> vpc, S3GatewayEndpoint -> s3_gateway_endpoint, NatGateway1EIP -> nat_gateway_1_eip.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, c := range rs {
		isUpper := c >= 'A' && c <= 'Z'
		isDigit := c >= '0' && c <= '9'
		if i > 0 {
			p := rs[i-1]
			pLower := p >= 'a' && p <= 'z'
			pUpper := p >= 'A' && p <= 'Z'
			pDigit := p >= '0' && p <= '9'
			nextLower := i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z'
			switch {
			case isUpper && (pLower || pDigit):
				b.WriteByte('_')
			case isUpper && pUpper && nextLower:
				b.WriteByte('_')
			case isDigit && pLower:
				b.WriteByte('_')
			}
		}
		switch {
		case isUpper:
			b.WriteRune(c + ('a' - 'A'))
		case c == '-' || c == '.' || c == ' ' || c == ':':
			b.WriteByte('_')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// ---- expressions ----

func trav(root string, attrs ...string) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: root}}
	for _, a := range attrs {
		t = append(t, hcl.TraverseAttr{Name: a})
	}
	return t
}

func index(t hcl.Traversal, key cty.Value) hcl.Traversal {
	out := append(hcl.Traversal(nil), t...)
	return append(out, hcl.TraverseIndex{Key: key})
}

func attr(t hcl.Traversal, names ...string) hcl.Traversal {
	out := append(hcl.Traversal(nil), t...)
	for _, n := range names {
		out = append(out, hcl.TraverseAttr{Name: n})
	}
	return out
}

func travTokens(t hcl.Traversal) hclwrite.Tokens { return hclwrite.TokensForTraversal(t) }

func strTokens(s string) hclwrite.Tokens { return hclwrite.TokensForValue(cty.StringVal(s)) }

func listTokens(items []hclwrite.Tokens) hclwrite.Tokens { return hclwrite.TokensForTuple(items) }

// quotedLit returns the escaped text of s inside a quoted template.
func quotedLit(s string) []byte {
	toks := strTokens(s)
	var b []byte
	for _, t := range toks[1 : len(toks)-1] {
		b = append(b, t.Bytes...)
	}
	return b
}

// part is a piece of a template: literal text or an interpolated expression.
type part struct {
	lit  string
	expr hclwrite.Tokens
}

// template joins parts into one expression: the bare expression when it is a single
// interpolation, else a quoted template.
func template(parts []part) hclwrite.Tokens {
	var merged []part
	for _, p := range parts {
		if p.expr == nil && p.lit == "" {
			continue
		}
		if p.expr == nil && len(merged) > 0 && merged[len(merged)-1].expr == nil {
			merged[len(merged)-1].lit += p.lit
			continue
		}
		merged = append(merged, p)
	}
	if len(merged) == 1 && merged[0].expr != nil {
		return merged[0].expr
	}
	toks := hclwrite.Tokens{{Type: tokOQuote, Bytes: []byte(`"`)}}
	for _, p := range merged {
		if p.expr == nil {
			toks = append(toks, &hclwrite.Token{Type: tokQuotedLit, Bytes: quotedLit(p.lit)})
			continue
		}
		toks = append(toks, &hclwrite.Token{Type: tokInterp, Bytes: []byte("${")})
		toks = append(toks, p.expr...)
		toks = append(toks, &hclwrite.Token{Type: tokSeqEnd, Bytes: []byte("}")})
	}
	return append(toks, &hclwrite.Token{Type: tokCQuote, Bytes: []byte(`"`)})
}

// sym turns a symbolic string (Fn::Sub syntax) into an expression: references become
// resource attributes, data sources or variables, and the environment name in literal
// text becomes var.name.
func (r *renderer) sym(s string) hclwrite.Tokens {
	parts := r.templateParts(s)
	if len(parts) == 0 {
		return strTokens("")
	}
	return template(parts)
}

// literalParts splits literal text at whole-word occurrences of the environment name,
// which become var.name.
func (r *renderer) literalParts(s string) []part {
	name := r.a.Name
	if len(name) < 3 || !r.nameVar {
		return []part{{lit: s}}
	}
	var out []part
	for {
		i := indexWord(s, name)
		if i < 0 {
			return append(out, part{lit: s})
		}
		out = append(out, part{lit: s[:i]}, part{expr: travTokens(trav("var", "name"))})
		s = s[i+len(name):]
	}
}

// indexWord finds name in s where it is not part of a longer word.
func indexWord(s, name string) int {
	word := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	from := 0
	for {
		i := strings.Index(s[from:], name)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(name)
		if (i == 0 || !word(s[i-1])) && (j == len(s) || !word(s[j])) {
			return i
		}
		from = i + 1
	}
}

// refExpr is the expression of one reference of a symbolic string.
func (r *renderer) refExpr(p model.SubPart) hclwrite.Tokens {
	switch p.ID {
	case "AWS::Region":
		r.data["region"] = true
		return travTokens(trav("data", "aws_region", "current", "region"))
	case "AWS::Partition":
		r.data["partition"] = true
		return travTokens(trav("data", "aws_partition", "current", "partition"))
	case "AWS::URLSuffix":
		r.data["partition"] = true
		return travTokens(trav("data", "aws_partition", "current", "dns_suffix"))
	case "AWS::AccountId":
		r.data["caller"] = true
		return travTokens(trav("data", "aws_caller_identity", "current", "account_id"))
	case "AWS::StackName":
		if r.nameVar {
			return travTokens(trav("var", "name"))
		}
		if r.vars["stack_name"] == nil {
			r.addVar(&variable{name: "stack_name", typ: "string",
				description: "Name that takes the place of the CloudFormation stack name (AWS::StackName) in resource names."})
		}
		return travTokens(trav("var", "stack_name"))
	}
	t := r.refs[p.ID]
	if t == nil && IsExisting(p.ID) {
		t = r.existing(p.ID)
	}
	if t != nil {
		if t.kind == "prefixlist" {
			r.data["pl:"+p.ID] = true
		}
		if t.existing {
			if p.Attr != "" {
				r.errorf("reference ${%s.%s}: attributes of existing objects are not known", p.ID, p.Attr)
			}
			return travTokens(t.addr)
		}
		return travTokens(attr(t.addr, attrName(t.kind, p.Attr)))
	}
	if v := r.paramVar(p.ID); v != "" && p.Attr == "" {
		return travTokens(trav("var", v))
	}
	r.errorf("reference to %q, which the architecture does not define", "${"+p.ID+attrSuffix(p.Attr)+"}")
	return travTokens(trav("var", "undefined"))
}

func attrSuffix(a string) string {
	if a == "" {
		return ""
	}
	return "." + a
}

// attrName maps a CloudFormation attribute (or Ref, when attr is "") of a model kind to
// the Terraform attribute.
func attrName(kind, a string) string {
	if a == "" {
		switch kind {
		case "key":
			return "key_id"
		case "role", "environment", "loggroup", "alias":
			return "name"
		case "alarm":
			return "alarm_name"
		case "policy", "topic":
			return "arn"
		}
		return "id"
	}
	switch kind + "." + a {
	case "securitygroup.GroupId", "eip.AllocationId", "endpoint.Id", "clientvpn.Id":
		return "id"
	case "eip.PublicIp":
		return "public_ip"
	case "bucket.DomainName":
		return "bucket_domain_name"
	case "bucket.RegionalDomainName":
		return "bucket_regional_domain_name"
	case "vpc.CidrBlock":
		return "cidr_block"
	case "topic.TopicArn":
		return "arn"
	case "topic.TopicName":
		return "name"
	}
	return snake(a)
}

// paramVar returns the variable of an architecture parameter, "" if there is none.
func (r *renderer) paramVar(name string) string {
	for _, p := range r.a.Parameters {
		if p.Name == name {
			return snake(name)
		}
	}
	return ""
}

// id is the expression of the object (model ID or AWS ID) id: its Terraform ID.
func (r *renderer) id(id string) hclwrite.Tokens { return r.sym(model.Ref(id)) }

// ids is a list of id expressions; a list that is exactly a list variable of existing
// IDs, in order, is that variable.
func (r *renderer) ids(ids []string) hclwrite.Tokens {
	items := make([]hclwrite.Tokens, len(ids))
	for i, id := range ids {
		items[i] = r.id(id)
	}
	if whole := r.wholeVar(ids); whole != "" {
		return varRef(whole)
	}
	return listTokens(items)
}

// wholeVar returns the list variable whose elements ids are, in order, or "".
func (r *renderer) wholeVar(ids []string) string {
	name := ""
	for i, id := range ids {
		t := r.refs[id]
		if t == nil || !t.existing || len(t.addr) != 3 {
			return ""
		}
		ix, ok := t.addr[2].(hcl.TraverseIndex)
		if !ok || !ix.Key.Type().Equals(cty.Number) || !ix.Key.Equals(cty.NumberIntVal(int64(i))).True() {
			return ""
		}
		n := t.addr[1].(hcl.TraverseAttr).Name
		if name != "" && n != name {
			return ""
		}
		name = n
	}
	if v := r.vars[name]; v == nil || len(v.listDefault) != len(ids) {
		return ""
	}
	return name
}

// cidr is the expression of a CIDR: the variable that holds it, or the literal.
func (r *renderer) cidr(p netip.Prefix) hclwrite.Tokens {
	if t, ok := r.cidrs[p]; ok {
		return t
	}
	return strTokens(p.String())
}

// tags writes a tags attribute, values symbolic, keys sorted.
func (r *renderer) tags(b *hclwrite.Body, tags map[string]string) {
	if len(tags) == 0 {
		return
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var items []hclwrite.ObjectAttrTokens
	for _, k := range keys {
		items = append(items, hclwrite.ObjectAttrTokens{
			Name: objectKey(k), Value: r.sym(tags[k]),
		})
	}
	b.SetAttributeRaw("tags", hclwrite.TokensForObject(items))
}

// objectKey is an object key: a bare identifier when it is one, else a quoted string.
func objectKey(k string) hclwrite.Tokens {
	if hclIdent.MatchString(k) {
		return hclwrite.TokensForIdentifier(k)
	}
	return strTokens(k)
}

var hclIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

func setBool(b *hclwrite.Body, name string, t model.Tri) {
	if t.Known() {
		b.SetAttributeValue(name, cty.BoolVal(t == model.Yes))
	}
}

func setString(b *hclwrite.Body, name, v string) {
	if v != "" {
		b.SetAttributeValue(name, cty.StringVal(v))
	}
}

func setInt(b *hclwrite.Body, name string, v int) {
	b.SetAttributeValue(name, cty.NumberIntVal(int64(v)))
}

// setSym writes a symbolic string attribute when it is not empty.
func (r *renderer) setSym(b *hclwrite.Body, name, v string) {
	if v != "" {
		b.SetAttributeRaw(name, r.sym(v))
	}
}

func stringList(vals []string) hclwrite.Tokens {
	items := make([]hclwrite.Tokens, len(vals))
	for i, v := range vals {
		items[i] = strTokens(v)
	}
	return listTokens(items)
}

func (r *renderer) symList(vals []string) hclwrite.Tokens {
	items := make([]hclwrite.Tokens, len(vals))
	for i, v := range vals {
		items[i] = r.sym(v)
	}
	return listTokens(items)
}

// Addresses maps each model ID of a to the Terraform expression that stands for it: a
// resource address (aws_subnet.private_subnet_1, aws_vpc_endpoint.interface["sqs"]) or,
// for existing objects, the variable holding the ID (var.existing_subnet_ids[0]).
func Addresses(a *model.Architecture) map[string]string {
	r := newRenderer(a)
	out := map[string]string{}
	for id, t := range r.refs {
		out[id] = string(hclwrite.Format(travTokens(t.addr).Bytes()))
	}
	return out
}
