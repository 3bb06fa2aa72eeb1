package rules

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/report"
)

const guide = "https://docs.aws.amazon.com/mwaa/latest/userguide/"

// helpPages maps a requirement (or its family) to the MWAA user guide page behind it.
var helpPages = map[string]string{
	"NET": "networking-about.html", "NET-04": "vpc-create.html", "NET-05": "vpc-security.html",
	"NET-06": "vpc-security.html", "NET-07": "vpc-security.html", "NET-08": "vpc-create.html",
	"NET-09": "vpc-vpe-access.html",
	"PUB":    "networking-about.html", "PRV": "networking-about.html",
	"PRV-03": "vpc-vpe-create-access.html", "PRV-04": "vpc-vpe-create-access.html",
	"PRV-05": "vpc-create.html", "PRV-06": "vpc-security.html", "PRV-08": "best-practices-dependencies.html",
	"WEB": "vpc-vpe-access.html", "EPM": "vpc-endpoint-management.html",
	"S3": "mwaa-s3-bucket.html", "KMS": "custom-keys-certs.html", "IAM": "mwaa-create-role.html",
	"LOG": "monitoring-airflow.html", "CAP": "environment-class.html",
	"CST": "https://aws.amazon.com/managed-workflows-for-apache-airflow/pricing/",
	"DOC": "networking-about.html",
}

func helpURI(req string) string {
	page, ok := helpPages[req]
	if !ok {
		page = helpPages[strings.SplitN(req, "-", 2)[0]]
	}
	if strings.HasPrefix(page, "https://") {
		return page
	}
	return guide + page
}

func ruleInfo(id, req string, sev model.Severity, summary string) report.Rule {
	return report.Rule{ID: id, Requirement: req, Severity: sev, Summary: summary, HelpURI: helpURI(req)}
}

// rule builds a Rule.
func rule(id, req string, sev model.Severity, summary string, check func(*Context)) *Rule {
	return &Rule{Rule: ruleInfo(id, req, sev, summary), Check: check}
}

// All returns every rule, sorted by ID. Each call builds fresh values.
func All() []*Rule {
	var out []*Rule
	for _, fam := range [][]*Rule{netRules(), pubRules(), prvRules(), webRules(), epmRules(), docRules()} {
		out = append(out, fam...)
	}
	for _, fam := range [][]*Rule{s3Rules(), kmsRules(), iamRules(), logRules(), capRules()} {
		for _, r := range fam {
			r.EnvironmentSettings = true
			out = append(out, r)
		}
	}
	for _, req := range pathRequirements {
		out = append(out, pathRule(req, pathSummaries[req]))
	}
	sortRules(out)
	return out
}

var pathSummaries = map[string]string{
	"NET-05": "Reachability: the environment's interfaces reach each other and the database on 443 and 5432",
	"NET-06": "Reachability: the environment's security groups let the needed traffic out",
	"NET-07": "Reachability: network ACLs let the needed traffic and its return through, in rule order",
	"PUB-04": "Reachability (public routing): the environment reaches AWS services and the internet through NAT",
	"PRV-01": "Reachability (private routing): the environment does not reach the internet",
	"PRV-03": "Reachability (private routing): every AWS service the environment calls is reached through its endpoint",
	"PRV-04": "Reachability: interface endpoints answer the environment (private DNS, state, subnets, security group on 443)",
	"PRV-05": "Reachability (private routing): S3 is reached through a gateway endpoint on each environment route table",
	"WEB-02": "Reachability: Client VPN users reach the web server on 443",
}

// Requirements lists every requirement ID of shared/REQUIREMENTS.md, in its order (a test
// keeps the two in sync and checks that each has a rule).
var Requirements = []string{
	"NET-01", "NET-02", "NET-03", "NET-04", "NET-05", "NET-06", "NET-07", "NET-08", "NET-09",
	"PUB-01", "PUB-02", "PUB-03", "PUB-04",
	"PRV-01", "PRV-02", "PRV-03", "PRV-04", "PRV-05", "PRV-06", "PRV-07", "PRV-08",
	"WEB-01", "WEB-02", "WEB-03", "EPM-01", "EPM-02",
	"S3-01", "S3-02", "S3-03", "KMS-01", "IAM-01", "IAM-02", "LOG-01", "LOG-02", "CAP-01", "CST-01", "DOC-01",
}
