package terraform_test

// What `terraform validate` cannot check against a schema-only provider (the real
// provider's validators do not run): enumerations, CIDRs, ARNs, the characters AWS
// allows in security-group descriptions, and the variables' own validation blocks.

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/mwaanet/mwaanet/internal/testkit/tfvalidate"
)

// enums lists allowed values of arguments, by resource (or data source) type and
// argument path; "*" in a path is any nested block.
var enums = map[string][]string{
	"aws_vpc_endpoint.vpc_endpoint_type":                       {"Interface", "Gateway", "GatewayLoadBalancer"},
	"aws_vpc_security_group_ingress_rule.ip_protocol":          {"-1", "tcp", "udp", "icmp", "icmpv6"},
	"aws_vpc_security_group_egress_rule.ip_protocol":           {"-1", "tcp", "udp", "icmp", "icmpv6"},
	"aws_network_acl_rule.rule_action":                         {"allow", "deny"},
	"aws_network_acl_rule.protocol":                            {"-1", "6", "17", "1", "58"},
	"aws_eip.domain":                                           {"vpc", "standard"},
	"aws_nat_gateway.connectivity_type":                        {"public", "private"},
	"aws_mwaa_environment.webserver_access_mode":               {"PUBLIC_ONLY", "PRIVATE_ONLY"},
	"aws_mwaa_environment.endpoint_management":                 {"SERVICE", "CUSTOMER"},
	"aws_mwaa_environment.environment_class":                   {"mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"},
	"aws_mwaa_environment.logging_configuration.*.log_level":   {"CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"},
	"aws_s3_bucket_versioning.versioning_configuration.status": {"Enabled", "Suspended", "Disabled"},
	"aws_s3_bucket_server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm": {"AES256", "aws:kms", "aws:kms:dsse"},
	"aws_ec2_client_vpn_endpoint.transport_protocol":                                                                {"udp", "tcp"},
	"aws_ec2_client_vpn_endpoint.vpn_port":                                                                          {"443", "1194"},
	"aws_ec2_client_vpn_endpoint.authentication_options.type":                                                       {"certificate-authentication", "directory-service-authentication", "federated-authentication"},
	"aws_cloudwatch_metric_alarm.comparison_operator":                                                               {"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"},
	"aws_cloudwatch_metric_alarm.statistic":                                                                         {"SampleCount", "Average", "Sum", "Minimum", "Maximum"},
	"aws_cloudwatch_metric_alarm.treat_missing_data":                                                                {"missing", "ignore", "breaching", "notBreaching"},
	"aws_iam_policy_document.statement.effect":                                                                      {"Allow", "Deny"},
	"aws_iam_policy_document.statement.principals.type":                                                             {"AWS", "Service", "Federated", "CanonicalUser", "*"},
	"aws_iam_policy_document.statement.not_principals.type":                                                         {"AWS", "Service", "Federated", "CanonicalUser", "*"},
	"aws_iam_policy_document.version":                                                                               {"2012-10-17", "2008-10-17"},
}

// conditionOperators are IAM's condition operators (with IfExists and ForAnyValue /
// ForAllValues forms built from them).
var conditionOperators = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
}

func validOperator(op string) bool {
	op = strings.TrimPrefix(strings.TrimPrefix(op, "ForAnyValue:"), "ForAllValues:")
	op = strings.TrimSuffix(op, "IfExists")
	for _, o := range conditionOperators {
		if o == op {
			return true
		}
	}
	return false
}

// cidrArgs are arguments that hold one CIDR.
var cidrArgs = map[string]bool{
	"cidr_block": true, "cidr_ipv4": true, "destination_cidr_block": true, "client_cidr_block": true,
	"target_network_cidr": true,
}

// sgText is what AWS accepts in security-group and rule descriptions (and group names).
var sgText = regexp.MustCompile(`^[a-zA-Z0-9. _\-:/()#,@\[\]+=&;{}!$*]{0,255}$`)

var arnRe = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*|\*):([0-9]{12}|\*)?:.+$`)

// isSymbolic reports whether an evaluated value still holds a reference (known only at
// apply time): it is checked when it is known.
func isSymbolic(s string) bool { return strings.Contains(s, "${") }

func checkARN(s string) bool {
	if !strings.HasPrefix(s, "arn:") {
		return false
	}
	// References stand for one ARN field each: give them a plausible value.
	s = regexp.MustCompile(`\$\{AWS::Partition\}`).ReplaceAllString(s, "aws")
	s = regexp.MustCompile(`\$\{AWS::Region\}`).ReplaceAllString(s, "us-east-1")
	s = regexp.MustCompile(`\$\{AWS::AccountId\}`).ReplaceAllString(s, "123456789012")
	s = regexp.MustCompile(`\$\{[^}]*\}`).ReplaceAllString(s, "x")
	return arnRe.MatchString(s)
}

// formatProblems checks the evaluated values of a module.
func formatProblems(m *module) []string {
	v := &tfView{m: m, ident: map[string]string{}}
	var out []string
	report := func(where, format string, args ...any) {
		out = append(out, where+": "+fmt.Sprintf(format, args...))
	}
	var walk func(typ, path string, b *hclsyntax.Body, where string)
	walk = func(typ, path string, b *hclsyntax.Body, where string) {
		names := make([]string, 0, len(b.Attributes))
		for n := range b.Attributes {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			a := b.Attributes[n]
			if n == "for_each" || n == "depends_on" {
				continue
			}
			at := fmt.Sprintf("%s %s", a.SrcRange, typ+path+"."+n)
			x, err := v.eval(a.Expr)
			if err != nil {
				report(at, "cannot evaluate: %v", err)
				continue
			}
			var vals []string
			switch x := x.(type) {
			case string:
				vals = []string{x}
			case []string:
				vals = x
			case map[string]string:
				for _, s := range x {
					vals = append(vals, s)
				}
			}
			key := typ + pathPattern(path) + "." + n
			if allowed, ok := enums[key]; ok {
				for _, s := range vals {
					if !isSymbolic(s) && !contains(allowed, s) {
						report(at, "%q is not one of %v", s, allowed)
					}
				}
			}
			if typ == "aws_iam_policy_document" && n == "test" && !validOperator(vals[0]) {
				report(at, "%q is not an IAM condition operator", vals[0])
			}
			if cidrArgs[n] {
				for _, s := range vals {
					if isSymbolic(s) {
						continue
					}
					p, err := netip.ParsePrefix(s)
					if err != nil || p != p.Masked() {
						report(at, "%q is not a canonical CIDR", s)
					}
				}
			}
			if strings.HasSuffix(n, "_arn") || n == "kms_key" || n == "kms_master_key_id" || n == "resources" || n == "not_resources" || (n == "identifiers" && strings.HasSuffix(path, "principals")) {
				for _, s := range vals {
					if s == "*" || (n == "identifiers" && !strings.HasPrefix(s, "arn:")) {
						continue
					}
					if ref := regexp.MustCompile(`^\$\{[^}]*\}(/.*)?$`); ref.MatchString(s) {
						continue // an ARN attribute of a resource or a variable, maybe with a path
					}
					if !checkARN(s) {
						report(at, "%q is not an ARN", s)
					}
				}
			}
			if (typ == "aws_security_group" && (n == "description" || n == "name")) ||
				(strings.HasPrefix(typ, "aws_vpc_security_group_") && n == "description") {
				for _, s := range vals {
					if !sgText.MatchString(s) {
						report(at, "%q has characters AWS rejects in security groups", s)
					}
				}
			}
			if typ == "aws_mwaa_environment" && n == "name" && !isSymbolic(vals[0]) && !regexp.MustCompile(`^[a-zA-Z][0-9a-zA-Z_-]{0,79}$`).MatchString(vals[0]) {
				report(at, "%q is not an MWAA environment name", vals[0])
			}
		}
		for _, nb := range b.Blocks {
			walk(typ, path+"."+nb.Type, nb.Body, where)
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(m.resources)) {
		b := m.resources[addr]
		keys, err := v.instances(addr)
		if err != nil {
			report(addr, "for_each: %v", err)
			continue
		}
		for _, k := range keys {
			v.each = k
			walk(b.Labels[0], "", b.Body, addr)
		}
		v.each = ""
	}
	for _, addr := range slices.Sorted(maps.Keys(m.data)) {
		b := m.data[addr]
		walk(b.Labels[0], "", b.Body, "data."+addr)
	}
	// Variable defaults: CIDRs must be CIDRs.
	for _, name := range slices.Sorted(maps.Keys(m.variables)) {
		d := m.variables[name].Body.Attributes["default"]
		if d == nil || !strings.Contains(name, "cidr") {
			continue
		}
		x, err := v.eval(d.Expr)
		if err != nil {
			report("var."+name, "cannot evaluate: %v", err)
			continue
		}
		vals, ok := x.([]string)
		if !ok {
			vals = []string{x.(string)}
		}
		for _, s := range vals {
			if p, err := netip.ParsePrefix(s); err != nil || p != p.Masked() {
				report("var."+name, "default %q is not a canonical CIDR", s)
			}
		}
	}
	return out
}

// pathPattern turns the nested block path into the enums' form: the log module blocks
// under logging_configuration become "*".
func pathPattern(path string) string {
	if strings.HasPrefix(path, ".logging_configuration.") {
		return ".logging_configuration.*"
	}
	return path
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestFormats(t *testing.T) {
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			_, files := useCase(t, n)
			for _, p := range formatProblems(parseModule(t, files)) {
				t.Error(p)
			}
		})
	}
}

// Each check fires on a module that breaks it.
func TestFormatsFire(t *testing.T) {
	bad := map[string][]byte{"main.tf": []byte(`
variable "vpc_cidr" {
  default = "10.0.0.1/16"
}

resource "aws_vpc_endpoint" "x" {
  vpc_endpoint_type = "Interfaces"
}

resource "aws_security_group" "x" {
  description = "the environment's group"
}

resource "aws_vpc_security_group_ingress_rule" "x" {
  ip_protocol = "TCP"
  cidr_ipv4   = "10.0.0.0/33"
}

resource "aws_mwaa_environment" "x" {
  name                  = "1-bad"
  webserver_access_mode = "PRIVATE"
  execution_role_arn    = "arn:aws:iam:role/x"

  logging_configuration {
    task_logs {
      log_level = "VERBOSE"
    }
  }
}

data "aws_iam_policy_document" "x" {
  statement {
    effect    = "allow"
    resources = ["bucket/*"]

    condition {
      test     = "StringMatches"
      variable = "aws:x"
      values   = ["y"]
    }
  }
}
`)}
	problems := strings.Join(formatProblems(parseModule(t, bad)), "\n")
	for _, want := range []string{
		`var.vpc_cidr: default "10.0.0.1/16" is not a canonical CIDR`,
		`"Interfaces" is not one of`,
		`"the environment's group" has characters AWS rejects`,
		`"TCP" is not one of`,
		`"10.0.0.0/33" is not a canonical CIDR`,
		`"1-bad" is not an MWAA environment name`,
		`"PRIVATE" is not one of`,
		`"arn:aws:iam:role/x" is not an ARN`,
		`"VERBOSE" is not one of`,
		`"allow" is not one of`,
		`"bucket/*" is not an ARN`,
		`"StringMatches" is not an IAM condition operator`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("not reported: %s\ngot:\n%s", want, problems)
		}
	}
}

// sampleARN is a well-formed ACM certificate ARN for required variables.
const sampleARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"

// The variables' validation blocks accept their defaults and reject what AWS would
// reject, as Terraform itself evaluates them (terraform console on variables.tf).
func TestVariableValidations(t *testing.T) {
	h := tfvalidate.New(t)
	bad := []struct{ name, value, msg string }{
		{"name", "1mwaa", "must start with a letter"},
		{"region", "us_east_1", "Region name"},
		{"vpc_cidr", "10.0.0.0/8", "/16 to /28"},
		{"vpc_cidr", "not-a-cidr", "/16 to /28"},
		{"private_subnet_cidrs", `["10.0.0.0/24"]`, "Give 2 IPv4 CIDRs"},
		{"environment_class", "mw1.huge", "must be one of"},
		{"min_workers", "0", "from 1 to"},
		{"max_workers", "2.5", "whole number"},
		{"max_webservers", "6", "from 1 to 5"},
		{"vpn_client_cidr", "10.100.0.0/24", "/12 to /22"},
		{"server_certificate_arn", "arn:aws:iam::123456789012:role/x", "must match"},
		{"existing_vpc_id", "vpc_123", "vpc-0123456789abcdef0"},
		{"existing_subnet_ids", `["subnet-0a", "sub-1"]`, "subnet-0123456789abcdef0"},
	}
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			_, files := useCase(t, n)
			m := parseModule(t, files)
			required := map[string]string{}
			for name, b := range m.variables {
				if b.Body.Attributes["default"] == nil {
					required[name] = sampleARN
				}
			}
			vars := map[string][]byte{"variables.tf": files["variables.tf"]}
			out, errs, err := h.Console(vars, required, "var.name")
			if err != nil {
				t.Fatal(err)
			}
			if errs != "" || out == "" {
				t.Fatalf("defaults rejected: %s", errs)
			}
			if n != 3 && n != 4 {
				return // 3 (new VPC) and 4 (existing VPC) have every variable below
			}
			ran := 0
			for _, c := range bad {
				if m.variables[c.name] == nil {
					continue
				}
				ran++
				with := map[string]string{}
				for k, v := range required {
					with[k] = v
				}
				with[c.name] = c.value
				_, errs, err := h.Console(vars, with, "var.name")
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(errs, c.msg) {
					t.Errorf("%s = %s: want an error containing %q, got %q", c.name, c.value, c.msg, errs)
				}
			}
			if ran < 6 {
				t.Errorf("only %d bad values tried", ran)
			}
		})
	}
}
