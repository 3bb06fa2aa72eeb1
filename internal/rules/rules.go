// Package rules checks an architecture against the MWAA requirements
// (shared/REQUIREMENTS.md). Each rule is a small unit with metadata (ID, requirement,
// default severity, summary, documentation link) and a check function over the model;
// rules never see an input format, so a template, a plan, a snapshot and a spec are checked
// by the same code (trivy's adapters -> state -> rules idea).
//
// Files follow the requirement families: net.go, pub.go, prv.go, web.go, epm.go, s3.go,
// kms.go, iam.go, log.go, cap.go, ... Path requirements (NET-06, NET-07, PRV-04, PRV-05,
// PUB-04, WEB-02) are decided by the reachability engine (internal/reach), not by reading
// rules textually.
//
// A rule that needs a value the input does not give (a parameter without default, a
// snapshot without that file, a resource referenced by literal ARN from outside the
// input) reports an info finding saying it is not verifiable from this input; it never
// passes or fails on a guess.
//
// Path findings: each blocking hop of a failing MWAA path becomes one error at the
// component that blocks (its ID and its Source: the ACL entry, route table, security group
// or endpoint), filed under the requirement that component breaks (an ACL is NET-07, the
// environment's egress NET-06, an endpoint's DNS or security group PRV-04, no way to S3
// PRV-05, the route out in public routing PUB-04); a hop that blocks several paths is one
// finding naming every path. Undetermined paths give info findings. Blocks that a rule of
// their own names better (a missing interface endpoint, the VPC's DNS attributes, a
// CUSTOMER endpoint not yet created) are left to that rule.
//
// Decisions where the requirements are not checks of the network:
//
//   - NET-08 (immutability): info, whenever the environment's subnets are in the input: they
//     and their VPC cannot change once the environment exists. Check has nothing to compare
//     against, so it states the constraint rather than judging it.
//   - NET-09 (free addresses): from AvailableIPs when AWS reports it, else from the prefix
//     size minus AWS's 5 reserved addresses and the input's endpoints and NAT gateways in the
//     subnet. Error below what the endpoints MWAA creates need (SERVICE mode: database, and
//     web server when PRIVATE_ONLY); warning below that plus half the workers, schedulers and
//     web servers at full scale.
//   - PRV-08 (Python dependencies): private routing with a requirements file: info pointing at
//     mwaanet deps check when there is a plugins.zip to ship wheels in, warning when there is
//     none (nothing can install).
//   - CST-01 (cost): info with the monthly cost of the input's routing and of the other mode,
//     from internal/cost and its embedded prices; nothing when the Region has no prices.
//   - DOC-01 (diagram): info pointing at mwaanet diagram when the input has a network to draw.
//   - Rules about the environment's own settings (S3, KMS, IAM, LOG, CAP) are skipped for a
//     network-only input, whose environment comes from flags or inference (EnvNote).
//
// rules must never read files, call AWS, or format output (that is report's job).
package rules

import (
	"sort"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
	"github.com/mwaanet/mwaanet/internal/report"
)

// Rule is one check.
type Rule struct {
	report.Rule
	// Check appends its findings to c. It must not modify the architecture.
	Check func(c *Context)
	// EnvironmentSettings marks rules about the environment's own settings and resources
	// (bucket, key, role, logging, alarms, capacity): they are skipped when the input is
	// network-only and the environment comes from flags or inference (Context.EnvNote).
	EnvironmentSettings bool
}

// Context is what a rule sees: the architecture, its index, the environment under check
// and the modes it runs in, and the findings so far.
type Context struct {
	Arch  *model.Architecture
	Index *model.Index
	// Env is the environment under check. For network-only inputs the caller builds one
	// from flags (--subnets, --security-groups, --routing, --access) or inference.
	Env *model.Environment
	// Routing is "public" or "private": stated by the input, or inferred from the routes of
	// the environment's subnets (see InferRouting).
	Routing string
	// Access is the webserver access mode (PRIVATE_ONLY when unset, the API's default).
	Access string
	// EndpointManagement is SERVICE or CUSTOMER.
	EndpointManagement string
	// Partition is aws, aws-cn or aws-us-gov.
	Partition string
	// EnvNote says where Env came from when the input does not declare it ("environment
	// inferred: subnets A, B; security group X"); NET-01 repeats it as an info finding.
	EnvNote string

	rule     *Rule
	findings []model.Finding
	paths    map[string][]pathFinding // requirement -> findings of the MWAA paths (paths.go)
	analyzer *reach.Analyzer          // built by NewContext to infer the routing, reused for paths
	routed   *reach.Analyzer          // the analyzer under c.Routing when it is not analyzer's (routedAnalyzer)
}

// Report records a finding of the running rule with its default severity.
func (c *Context) Report(resource string, src model.Source, message, fix string, related ...model.Source) {
	c.ReportAs(c.rule.Severity, resource, src, message, fix, related...)
}

// ReportAs records a finding of the running rule with severity sev.
func (c *Context) ReportAs(sev model.Severity, resource string, src model.Source, message, fix string, related ...model.Source) {
	if src.ID == "" {
		src.ID = resource
	}
	message, fix = c.sayPseudo(message), c.sayPseudo(fix)
	c.findings = append(c.findings, model.Finding{
		Rule: c.rule.ID, Requirement: c.rule.Requirement, Severity: sev,
		Resource: resource, Source: src, Message: message, Fix: fix, Related: related,
	})
}

// NotVerifiable records the info finding of a rule that cannot decide from this input.
func (c *Context) NotVerifiable(resource string, src model.Source, what string) {
	c.ReportAs(model.SeverityInfo, resource, src, what+": not verifiable from this input", "")
}

// Findings returns the findings recorded so far.
func (c *Context) Findings() []model.Finding { return c.findings }

// Run runs rules over c and returns their findings plus the input's own findings
// (Arch.IngestFindings), sorted. Rules check an environment: without one (c.Env nil) only
// the input's own findings come back.
func Run(c *Context, rules []*Rule) []model.Finding {
	out := append(append([]model.Finding(nil), c.Arch.IngestFindings...), c.runRules(rules)...)
	report.Sort(out)
	return out
}

// runRules runs rules over c and returns their findings only.
func (c *Context) runRules(rules []*Rule) []model.Finding {
	if c.Index == nil {
		c.Index = model.NewIndex(c.Arch)
	}
	if c.Env == nil {
		return nil
	}
	for _, r := range rules {
		if r.EnvironmentSettings && c.EnvNote != "" {
			continue
		}
		c.rule = r
		r.Check(c)
	}
	c.rule = nil
	return c.findings
}

// Infos returns the report metadata of rules, sorted by ID.
func Infos(rules []*Rule) []report.Rule {
	out := make([]report.Rule, len(rules))
	for i, r := range rules {
		out[i] = r.Rule
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sortRules(rs []*Rule) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
}
