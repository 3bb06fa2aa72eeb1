package terraform

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

// variable is one input variable of the module.
type variable struct {
	name, description string
	typ               string // type constraint, as Terraform spells it
	def               cty.Value
	listDefault       []string // default of a list(string) variable built up by existing()
	validations       []validation
	sensitive         bool
}

// validation is one validation block: a condition and the message when it fails.
type validation struct{ cond, msg string }

func (r *renderer) addVar(v *variable) bool {
	if r.vars[v.name] != nil {
		return false
	}
	r.vars[v.name] = v
	r.varOrder = append(r.varOrder, v.name)
	return true
}

// cidrFor makes expr stand for the literal CIDR p, unless something (a parameter)
// already does.
func (r *renderer) cidrFor(p netip.Prefix, expr hclwrite.Tokens) {
	if _, ok := r.cidrs[p]; !ok {
		r.cidrs[p] = expr
	}
}

// tunable declares a variable that stands for a literal of the architecture, unless a
// parameter of the architecture already has its name (the parameter wins, and the
// literal stays literal).
func (r *renderer) tunable(v *variable) bool {
	if !r.addVar(v) {
		return false
	}
	r.tunables[v.name] = true
	return true
}

// varRef is the expression var.<name>.
func varRef(name string) hclwrite.Tokens { return travTokens(trav("var", name)) }

// exprTokens parses Terraform expression text into tokens (for fixed expressions such
// as validation conditions).
func exprTokens(src string) hclwrite.Tokens {
	f, diags := hclwrite.ParseConfig([]byte("x = "+src+"\n"), "expr.tf", hcl.InitialPos)
	if diags.HasErrors() {
		panic(fmt.Sprintf("terraform: bad fixed expression %q: %s", src, diags.Error()))
	}
	return f.Body().GetAttribute("x").Expr().BuildTokens(nil)
}

// EnvironmentClasses are the MWAA environment classes (CAP-01).
var EnvironmentClasses = []string{"mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"}

func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// cidrCheck is a condition that expr is an IPv4 CIDR with a prefix length from minLen to
// maxLen. Both parts are wrapped in can(): Terraform's && does not short-circuit.
func cidrCheck(expr string, minLen, maxLen int) string {
	var lens []string
	for l := minLen; l <= maxLen; l++ {
		lens = append(lens, strconv.Itoa(l))
	}
	return fmt.Sprintf("can(cidrhost(%[1]s, 0)) && can(regex(\"^[0-9.]+/(%[2]s)$\", %[1]s))", expr, strings.Join(lens, "|"))
}

var trailingDigits = regexp.MustCompile(`\d+$`)

// declareVariables declares the variables a user tunes, defaulting to the architecture's
// values, and registers the literals they replace.
func (r *renderer) declareVariables() {
	a := r.a
	// Parameters claim their names first (a tunable of the same name is then left out),
	// but are listed after the tunables.
	mark := len(r.varOrder)
	for _, p := range a.Parameters {
		if !r.parameterVariable(p) {
			r.errorf("parameters %s and another have the same variable name %s", p.Name, snake(p.Name))
		}
	}
	params := append([]string(nil), r.varOrder[mark:]...)
	r.varOrder = r.varOrder[:mark]
	defer func() { r.varOrder = append(r.varOrder, params...) }()
	// A parameter whose default is a CIDR stands for that CIDR wherever it appears.
	for _, p := range a.Parameters {
		if pfx, err := netip.ParsePrefix(p.Default); err == nil && p.HasDefault {
			if _, ok := r.cidrs[pfx]; !ok {
				r.cidrs[pfx] = varRef(snake(p.Name))
			}
		}
	}
	if a.Name != "" {
		r.nameVar = r.tunable(&variable{
			name: "name", typ: "string", def: cty.StringVal(a.Name),
			description: "Name of the MWAA environment; also the prefix of the other resources' names.",
			validations: []validation{{
				cond: `can(regex("^[a-zA-Z][0-9a-zA-Z_-]{0,79}$", var.name))`,
				msg:  "The name must start with a letter and hold at most 80 letters, digits, hyphens and underscores.",
			}},
		})
	}
	if a.Region != "" {
		r.tunable(&variable{
			name: "region", typ: "string", def: cty.StringVal(a.Region),
			description: "AWS Region to deploy to.",
			validations: []validation{{
				cond: `can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$", var.region))`,
				msg:  "The Region must be a Region name such as us-east-1.",
			}},
		})
	}
	if len(a.VPCs) == 1 && len(a.VPCs[0].CIDRs) > 0 && a.VPCs[0].CIDRs[0].IsValid() {
		v := a.VPCs[0]
		desc := "IPv4 CIDR of the VPC (/16 to /28)."
		if IsExisting(v.ID) {
			desc = "IPv4 CIDR of the existing VPC (the endpoints and the Client VPN authorize it)."
		}
		if r.tunable(&variable{
			name: "vpc_cidr", typ: "string", def: cty.StringVal(v.CIDRs[0].String()), description: desc,
			validations: []validation{{cond: cidrCheck("var.vpc_cidr", 16, 28), msg: "The VPC CIDR must be an IPv4 CIDR from /16 to /28."}},
		}) {
			r.cidrFor(v.CIDRs[0], varRef("vpc_cidr"))
		}
	}
	// Subnet CIDRs, one list variable per group of numbered subnets (PrivateSubnet1, 2).
	groups := map[string][]*model.Subnet{}
	var order []string
	for _, s := range a.Subnets {
		if IsExisting(s.ID) || !s.CIDR.IsValid() {
			continue
		}
		base := trailingDigits.ReplaceAllString(s.ID, "")
		if _, ok := groups[base]; !ok {
			order = append(order, base)
		}
		groups[base] = append(groups[base], s)
	}
	for _, base := range order {
		subnets := groups[base]
		mapped := 0
		for _, s := range subnets {
			if _, ok := r.cidrs[s.CIDR]; ok {
				mapped++
			}
		}
		if mapped == len(subnets) {
			continue // parameters hold them already
		}
		name := snake(base) + "_cidrs"
		what := strings.ReplaceAll(snake(base), "_", " ")
		var def []cty.Value
		for _, s := range subnets {
			def = append(def, cty.StringVal(s.CIDR.String()))
		}
		declared := r.tunable(&variable{
			name: name, typ: "list(string)", def: cty.ListVal(def),
			description: fmt.Sprintf("IPv4 CIDRs of the %ss, one per Availability Zone, inside vpc_cidr.", what),
			validations: []validation{{
				cond: fmt.Sprintf("length(var.%[1]s) == %[2]d && alltrue([for c in var.%[1]s : can(cidrhost(c, 0))])", name, len(subnets)),
				msg:  fmt.Sprintf("Give %d IPv4 CIDRs.", len(subnets)),
			}},
		})
		for i, s := range subnets {
			if declared {
				r.cidrFor(s.CIDR, travTokens(index(trav("var", name), cty.NumberIntVal(int64(i)))))
			}
		}
	}
	if e := a.Environment(); e != nil {
		r.environmentVariables(e)
	}
	for _, c := range a.ClientVPNs {
		if c.ClientCIDR.IsValid() && r.vars["vpn_client_cidr"] == nil {
			declared := r.tunable(&variable{
				name: "vpn_client_cidr", typ: "string", def: cty.StringVal(c.ClientCIDR.String()),
				description: "IPv4 CIDR Client VPN assigns to its clients: /12 to /22, overlapping neither the VPC nor its routes (WEB-02).",
				validations: []validation{{cond: cidrCheck("var.vpn_client_cidr", 12, 22), msg: "The client CIDR must be an IPv4 CIDR from /12 to /22 (WEB-02)."}},
			})
			if declared {
				r.cidrFor(c.ClientCIDR, varRef("vpn_client_cidr"))
			}
		}
	}
}

func (r *renderer) environmentVariables(e *model.Environment) {
	if e.AirflowVersion != "" {
		r.tunable(&variable{
			name: "airflow_version", typ: "string", def: cty.StringVal(e.AirflowVersion),
			description: "Apache Airflow version of the environment.",
			validations: []validation{{cond: `can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.airflow_version))`, msg: "The Airflow version looks like 2.10.3."}},
		})
	}
	if e.EnvironmentClass != "" {
		r.tunable(&variable{
			name: "environment_class", typ: "string", def: cty.StringVal(e.EnvironmentClass),
			description: "Environment class: " + strings.Join(EnvironmentClasses, ", ") + " (CAP-01).",
			validations: []validation{{cond: "contains(" + quoteList(EnvironmentClasses) + ", var.environment_class)", msg: "The class must be one of " + strings.Join(EnvironmentClasses, ", ") + "."}},
		})
	}
	num := func(name, desc string, v, lo, hi int) {
		if v < 0 {
			return
		}
		r.tunable(&variable{
			name: name, typ: "number", def: cty.NumberIntVal(int64(v)), description: desc,
			validations: []validation{{
				cond: fmt.Sprintf("var.%[1]s >= %[2]d && var.%[1]s <= %[3]d && floor(var.%[1]s) == var.%[1]s", name, lo, hi),
				msg:  fmt.Sprintf("The value must be a whole number from %d to %d (CAP-01).", lo, hi),
			}},
		})
	}
	num("min_workers", "Minimum number of Celery workers (CAP-01).", e.MinWorkers, 1, 50)
	num("max_workers", "Maximum number of Celery workers, at least min_workers (CAP-01).", e.MaxWorkers, 1, 50)
	num("min_webservers", "Minimum number of web servers: 2 to 5, 1 for mw1.micro (CAP-01).", e.MinWebservers, 1, 5)
	num("max_webservers", "Maximum number of web servers: 2 to 5, 1 for mw1.micro (CAP-01).", e.MaxWebservers, 1, 5)
	num("schedulers", "Number of schedulers: 2 to 5, 1 for mw1.micro (CAP-01).", e.Schedulers, 1, 5)
}

// parameterVariable declares the variable of an architecture parameter.
func (r *renderer) parameterVariable(p *model.Parameter) bool {
	v := &variable{name: snake(p.Name), description: p.Description, sensitive: p.NoEcho}
	switch p.Type {
	case "Number":
		v.typ = "number"
		if p.HasDefault {
			if n, err := strconv.ParseFloat(p.Default, 64); err == nil {
				v.def = cty.NumberFloatVal(n)
			}
		}
	case "CommaDelimitedList", "List<String>":
		v.typ = "list(string)"
		if p.HasDefault {
			var vals []cty.Value
			for _, s := range strings.Split(p.Default, ",") {
				vals = append(vals, cty.StringVal(strings.TrimSpace(s)))
			}
			v.def = cty.ListVal(vals)
		}
	default:
		v.typ = "string"
		if p.HasDefault {
			v.def = cty.StringVal(p.Default)
		}
	}
	if v.description == "" {
		v.description = p.Name + "."
	}
	if p.AllowedPattern != "" && v.typ == "string" {
		v.validations = append(v.validations, validation{
			cond: "can(regex(" + strconv.Quote(p.AllowedPattern) + ", var." + v.name + "))",
			msg:  "The value must match " + p.AllowedPattern + ".",
		})
	}
	if len(p.AllowedValues) > 0 && v.typ == "string" {
		v.validations = append(v.validations, validation{
			cond: "contains(" + quoteList(p.AllowedValues) + ", var." + v.name + ")",
			msg:  "The value must be one of " + strings.Join(p.AllowedValues, ", ") + ".",
		})
	}
	return r.addVar(v)
}

func (r *renderer) variablesFile() {
	for _, n := range r.varOrder {
		v := r.vars[n]
		b := r.block("variables.tf", "variable", v.name)
		desc := v.description
		if !strings.HasSuffix(desc, ".") {
			desc += "."
		}
		b.SetAttributeValue("description", cty.StringVal(desc))
		b.SetAttributeRaw("type", exprTokens(v.typ))
		switch {
		case v.listDefault != nil:
			vals := make([]cty.Value, len(v.listDefault))
			for i, s := range v.listDefault {
				vals[i] = cty.StringVal(s)
			}
			b.SetAttributeValue("default", cty.ListVal(vals))
		case v.def != cty.NilVal:
			b.SetAttributeValue("default", v.def)
		}
		if v.sensitive {
			b.SetAttributeValue("sensitive", cty.True)
		}
		for _, val := range v.validations {
			b.AppendNewline()
			vb := b.AppendNewBlock("validation", nil).Body()
			vb.SetAttributeRaw("condition", exprTokens(val.cond))
			vb.SetAttributeValue("error_message", cty.StringVal(val.msg))
		}
	}
}
