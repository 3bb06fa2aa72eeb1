package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
)

// Path rules: the requirements that are about traffic getting through (or not) are
// decided by the reachability engine over every path MWAA depends on (reach.MWAAPaths).
// Each blocking hop becomes one finding at the component that blocks (the ACL entry, the
// route table, the security group, the endpoint), filed under the requirement that
// component breaks: an ACL is NET-07, the environment's own egress NET-06, an endpoint's
// DNS or security group PRV-04, a missing route to S3 PRV-05, and so on. Hops that block
// several paths are reported once, naming every path they break.

// pathFinding is one finding of the MWAA paths, before it is reported by its rule.
type pathFinding struct {
	sev      model.Severity
	resource string
	src      model.Source
	code     string
	message  string
	fix      string
	queries  []string
	more     []string // other messages of the same component and code
}

// pathRequirements are the requirements whose path findings have a rule of their own
// (REQ/path). The path findings of NET-03, NET-04, WEB-01 and WEB-03 (paths that must stay
// closed, or DNS) are reported by those requirements' own rules (pathAlso), since those
// rarely come from a path alone.
var pathRequirements = []string{"NET-05", "NET-06", "NET-07", "PUB-04",
	"PRV-01", "PRV-03", "PRV-04", "PRV-05", "WEB-02"}

// pathAlso are the requirements whose path findings a structural rule reports.
var pathAlso = []string{"NET-03", "NET-04", "WEB-01", "WEB-03"}

// reportPaths reports the path findings of requirement req under the running rule.
func (c *Context) reportPaths(req string) {
	for _, f := range c.pathFindings()[req] {
		msg := f.message
		for i, m := range f.more {
			if i == 3 {
				msg += fmt.Sprintf("\n(and %d more like these)", len(f.more)-3)
				break
			}
			msg += "\n" + m
		}
		if len(f.queries) > 0 {
			// An info finding (the input does not settle the path) breaks nothing.
			label := "breaks: "
			if f.sev == model.SeverityInfo {
				label = "paths this leaves undetermined: "
			}
			msg += "\n" + label + strings.Join(f.queries, "; ")
		}
		c.ReportAs(f.sev, f.resource, f.src, msg, f.fix)
	}
}

func pathRule(req, summary string) *Rule {
	return &Rule{
		Rule:  ruleInfo(req+"/path", req, model.SeverityError, summary),
		Check: func(c *Context) { c.reportPaths(req) },
	}
}

// pathFindings analyses the MWAA paths once per context and groups what fails by
// requirement.
func (c *Context) pathFindings() map[string][]pathFinding {
	if c.paths != nil {
		return c.paths
	}
	c.paths = map[string][]pathFinding{}
	if c.Env == nil {
		return c.paths
	}
	an := c.routedAnalyzer()
	// One finding per component, code and position: the same ACL denying 443 to each
	// service is one finding naming every path it breaks.
	type key struct {
		req, id, code string
		src           model.Source
	}
	index := map[key]int{}
	unknownOwner := map[key]string{}
	add := func(req string, k key, f pathFinding, q string) {
		k.req = req
		if i, ok := index[k]; ok {
			g := &c.paths[req][i]
			if !contains(g.queries, q) {
				g.queries = append(g.queries, q)
			}
			if f.message != g.message && !contains(g.more, f.message) {
				g.more = append(g.more, f.message)
			}
			return
		}
		f.queries = []string{q}
		index[k] = len(c.paths[req])
		c.paths[req] = append(c.paths[req], f)
	}
	for _, r := range an.Analyze(an.MWAAPaths()) {
		q := r.Query
		if q.Expect == reach.ExpectNothing || (r.MeetsExpectation() && r.State != reach.Undetermined) {
			continue
		}
		qs := q.String() + " (" + q.Why + ")"
		switch {
		case r.State == reach.Undetermined:
			for _, h := range r.Unknowns {
				if c.unknownCoveredElsewhere(h) {
					continue
				}
				// An unknown is one fact (a route table not in the input) whatever path meets
				// it: the first requirement that meets it reports it, naming every path.
				uk := key{id: h.ID, code: h.Code, src: h.Where.Source}
				req, seen := unknownOwner[uk]
				if !seen {
					req = c.hopRequirement(q, h)
					unknownOwner[uk] = req
				}
				add(req, key{id: h.ID, code: h.Code, src: h.Where.Source},
					pathFinding{sev: model.SeverityInfo, resource: h.ID, src: h.Where.Source, code: h.Code,
						message: "not verifiable from this input: " + h.Message}, qs)
			}
		case q.Expect == reach.ExpectReachable:
			for _, h := range r.Blocks {
				if c.coveredElsewhere(q, h) {
					continue
				}
				req := c.hopRequirement(q, h)
				add(req, key{id: h.ID, code: h.Code, src: h.Where.Source},
					pathFinding{sev: model.SeverityError, resource: h.ID, src: h.Where.Source, code: h.Code,
						message: fmt.Sprintf("%s: %s", h.Code, h.Message), fix: h.Fix}, qs)
			}
		default:
			f := pathFinding{sev: model.SeverityError, code: "REACHABLE",
				message: fmt.Sprintf("%s must not be reachable (%s) but is", q, q.Why),
				fix:     "trace it with mwaanet trace --from " + q.From + " --to " + q.To + " --port " + fmt.Sprint(q.Port) + " and close the path"}
			f.resource, f.src = c.openingHop(r)
			add(q.Requirement, key{id: f.resource, code: f.code + f.message, src: f.src}, f, qs)
		}
	}
	for req := range c.paths {
		fs := c.paths[req]
		for i := range fs {
			sort.Strings(fs[i].queries)
		}
	}
	return c.paths
}

// openingHop names what lets traffic through that must not get through: the first route
// to an internet gateway or NAT device on the path, else the first hop.
func (c *Context) openingHop(r *reach.Result) (string, model.Source) {
	for _, p := range r.Paths {
		if p.State != reach.Reachable {
			continue
		}
		for _, h := range p.Hops {
			if h.Component == reach.CompRouteTable && h.Decision == reach.Allow &&
				(strings.Contains(h.Rule, "igw") || strings.Contains(h.Rule, "nat") || strings.Contains(h.Rule, "internet")) {
				return h.ID, h.Where.Source
			}
		}
		for _, h := range p.Hops {
			if h.Component == reach.CompSecurityGroup || h.Component == reach.CompRouteTable {
				return h.ID, h.Where.Source
			}
		}
		if len(p.Hops) > 0 {
			return p.Hops[0].ID, p.Hops[0].Where.Source
		}
	}
	return c.Env.ID, c.Env.Source
}

// coveredElsewhere reports blocks that a rule of their own reports better, at the object
// at fault rather than on every path: a missing interface endpoint (PRV-03/endpoints names
// the VPC and the service), the VPC's DNS attributes (NET-04/vpc-dns names the VPC), a
// CUSTOMER-managed MWAA endpoint not yet created (EPM-02/customer-endpoints).
func (c *Context) coveredElsewhere(q reach.PathQuery, h reach.Hop) bool {
	switch h.Code {
	case reach.CodeNoEndpoint:
		return c.Private() && q.To != reach.Service("s3")
	case reach.CodeNoVPCDNS, reach.CodeMWAAEndpointMissing:
		return true
	}
	return false
}

// unknownCoveredElsewhere reports unknowns a rule of its own states once: the DNS
// attributes of a VPC the input does not describe (NET-04/vpc-dns says they are not
// verifiable), instead of once per endpoint.
func (c *Context) unknownCoveredElsewhere(h reach.Hop) bool {
	if h.Component != reach.CompDNS {
		return false
	}
	v := c.Index.VPCs[c.envVPC()]
	return v == nil || v.EnableDNSSupport == model.Unknown || v.EnableDNSHostnames == model.Unknown
}

// hopRequirement is the requirement a blocking or unknown hop breaks.
func (c *Context) hopRequirement(q reach.PathQuery, h reach.Hop) string {
	toService := strings.HasPrefix(q.To, "service:")
	switch {
	case h.Component == reach.CompNetworkACL || h.Code == reach.CodeACLDeny || h.Code == reach.CodeReturnACLDeny:
		return "NET-07"
	case h.Code == reach.CodeNoVPCDNS:
		return "NET-04"
	case q.Requirement == "WEB-02":
		return "WEB-02"
	case h.Code == reach.CodeNoPrivateDNS || h.Code == reach.CodeEndpointState || h.Code == reach.CodeEndpointNoSubnet:
		return "PRV-04"
	case h.Code == reach.CodeNoEndpoint:
		if q.To == reach.Service("s3") {
			return "PRV-05"
		}
		return "PRV-03"
	case h.Component == reach.CompSecurityGroup && (h.Step == reach.StepEgress) && q.From == reach.PlaceEnv:
		return "NET-06"
	case h.Component == reach.CompSecurityGroup && h.Step == reach.StepIngress && toService:
		return "PRV-04"
	case h.Component == reach.CompSecurityGroup && h.Step == reach.StepIngress &&
		(q.To == reach.PlaceEnv || q.To == reach.PlaceDatabase):
		return "NET-05"
	case q.To == reach.Service("s3") && c.Private():
		return "PRV-05"
	case toService && c.Private():
		return "PRV-03"
	}
	return q.Requirement
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
