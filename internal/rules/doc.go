package rules

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/cost"
	"github.com/mwaanet/mwaanet/internal/model"
)

// CST-01 and DOC-01 are not network checks: they point at what mwaanet can tell about the
// architecture beyond pass or fail.

func docRules() []*Rule {
	return []*Rule{
		rule("CST-01/routing-cost", "CST-01", model.SeverityInfo,
			"States the monthly cost of the environment with its routing, and the difference with the other routing mode", checkCost),
		rule("DOC-01/diagram", "DOC-01", model.SeverityInfo,
			"Points at mwaanet diagram for the architecture diagram of the input", checkDiagram),
	}
}

// checkCost prices the architecture with the embedded price table (cost.Compare). A Region
// the table has no prices for gives no finding: `mwaanet cost --prices` prices it.
func checkCost(c *Context) {
	d := cost.FromArchitecture(c.Arch)
	d.Routing = c.Routing
	cmp, err := cost.Compare(d, cost.DefaultPrices())
	if err != nil {
		return
	}
	this, other, otherName := cmp.Public, cmp.Private, model.RoutingPrivate
	if c.Private() {
		this, other, otherName = cmp.Private, cmp.Public, model.RoutingPublic
	}
	diff := other.MonthlyTotalUSD - this.MonthlyTotalUSD
	than := fmt.Sprintf("$%.2f more", diff)
	if diff < 0 {
		than = fmt.Sprintf("$%.2f less", -diff)
	}
	c.Report(c.Env.ID, c.envSource(), fmt.Sprintf("%s routing: about $%.2f a month with the embedded prices; %s routing would cost about $%.2f (%s): NAT gateways and their data against interface endpoints per AZ, plus the class, workers, web servers and VPN", c.Routing, this.MonthlyTotalUSD, otherName, other.MonthlyTotalUSD, than),
		"mwaanet cost --compare (--spec FILE) shows every line and its assumptions")
}

func checkDiagram(c *Context) {
	if len(c.Arch.VPCs) == 0 && len(c.Arch.Subnets) == 0 {
		return // nothing of the network in the input to draw
	}
	c.Report(c.Env.ID, c.envSource(), "mwaanet diagram INPUT draws this architecture (every component, the paths through the VPC endpoints and the VPN, IAM and KMS to MWAA) as SVG, draw.io or Mermaid", "")
}
