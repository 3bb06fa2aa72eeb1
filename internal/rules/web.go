package rules

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
)

// WEB: who reaches the Airflow UI; EPM: who creates MWAA's own endpoints.

func webRules() []*Rule {
	return []*Rule{
		rule("WEB-01/access-mechanism", "WEB-01", model.SeverityWarning,
			"PRIVATE_ONLY: a way in that reaches the web server on 443 (Client VPN, bastion, load balancer with the web server as IP targets, or a route from another network); the UI is not on the internet", checkAccessMechanism),
		rule("WEB-02/client-vpn", "WEB-02", model.SeverityError,
			"Client VPN: associated subnets, authorization for the VPC CIDR, mutual TLS or federated auth, split tunnel, client CIDR /12-/22 not overlapping the VPC", checkClientVPN),
		rule("WEB-03/public-only", "WEB-03", model.SeverityWarning,
			"PUBLIC_ONLY puts the Airflow UI on the internet behind IAM: a deliberate choice, never the default", checkPublicOnly),
	}
}

func epmRules() []*Rule {
	return []*Rule{
		rule("EPM-01/shared-vpc", "EPM-01", model.SeverityError,
			"A shared VPC (subnets owned by another account) needs EndpointManagement CUSTOMER", checkSharedVPC),
		rule("EPM-02/customer-endpoints", "EPM-02", model.SeverityWarning,
			"CUSTOMER endpoint management: the VPC owner creates the database (and PRIVATE_ONLY web server) endpoints", checkCustomerEndpoints),
	}
}

// checkAccessMechanism decides WEB-01 by reachability: a way in from outside the VPC
// that the input shows reaching the PRIVATE_ONLY web server on 443 (reach.WebAccesses: a
// Client VPN, an instance with a public address, an internet-facing load balancer with the
// web server endpoint's addresses as IP targets, a route from another network). A Client
// VPN needs no finding here (WEB-02 and its paths check it, and say what blocks it); another
// way that gets there is
// named in an info finding, so the reader knows which one check relied on. Ways that may
// get there (the input does not settle it) are info findings; when none gets there, the
// warning names what blocks each way the input has and lists the kinds it lacks.
func checkAccessMechanism(c *Context) {
	defer c.reportPaths("WEB-01")
	if c.Access != model.PrivateOnly {
		return
	}
	an := c.routedAnalyzer()
	ways := an.WebAccesses()
	var found, maybe, blocked []reach.WebAccess
	for _, w := range ways {
		switch w.State {
		case reach.Reachable:
			found = append(found, w)
		case reach.Undetermined:
			maybe = append(maybe, w)
		default:
			blocked = append(blocked, w)
		}
	}
	for _, w := range ways {
		if w.Kind == reach.AccessClientVPN {
			return // WEB-02 and its paths check the Client VPN, and say what blocks it
		}
	}
	if len(found) > 0 {
		w := found[0]
		c.ReportAs(model.SeverityInfo, w.ID, or(w.Source, c.envSource()), "PRIVATE_ONLY web server: users reach it through "+w.How, "")
		return
	}
	if len(maybe) > 0 {
		for _, w := range maybe {
			c.ReportAs(model.SeverityInfo, w.ID, or(w.Source, c.envSource()), "PRIVATE_ONLY web server: whether users reach it through "+w.How+" is not verifiable from this input: "+w.Why, "")
		}
		return
	}
	if c.Arch.IsUnknown(model.UnknownClientVPNs) || c.Arch.IsUnknown(model.UnknownLoadBalancers) || c.Arch.IsUnknown(model.UnknownNetworkInterfaces) {
		c.NotVerifiable(c.Env.ID, c.envSource(), "an access mechanism for the PRIVATE_ONLY web server (the input does not show every kind)")
		return
	}
	msg := "PRIVATE_ONLY web server access, and nothing in the input reaches the web server on 443 from outside the VPC; unless a way in outside this input exists, nobody can open the Airflow UI"
	for _, w := range blocked {
		msg += "\n" + w.How + ": blocked: " + w.Why
	}
	other := ""
	if len(blocked) > 0 {
		other = "other "
	}
	if missing := missingKinds(ways); len(missing) > 0 {
		msg += "\nthe input has none of the " + other + "ways in the MWAA user guide lists: " + strings.Join(missing, "; ")
	}
	fix := "add an AWS Client VPN endpoint associated with the environment's subnets (mwaanet synth does), or a bastion or load balancer"
	if len(blocked) > 0 {
		fix = "open the blocked way in (trace it with mwaanet trace), or " + fix
	}
	c.Report(c.Env.ID, c.envSource(), msg, fix)
}

// missingKinds lists the kinds of way in (reach.WebAccessKinds) that ways has none of.
func missingKinds(ways []reach.WebAccess) []string {
	has := map[string]bool{}
	for _, w := range ways {
		has[w.Kind] = true
	}
	kinds := []string{reach.AccessClientVPN, reach.AccessInstance, reach.AccessLoadBalancer, reach.AccessNetwork}
	var out []string
	for i, k := range kinds {
		if !has[k] {
			out = append(out, reach.WebAccessKinds[i])
		}
	}
	return out
}

func checkClientVPN(c *Context) {
	vpc := c.Index.VPCs[c.envVPC()]
	for _, cv := range c.Arch.ClientVPNs {
		if vpc != nil && cv.VPC != "" && cv.VPC != vpc.ID {
			continue
		}
		if p := cv.ClientCIDR; p.IsValid() {
			if p.Bits() < 12 || p.Bits() > 22 {
				c.Report(cv.ID, cv.Source, fmt.Sprintf("Client VPN %s has client CIDR %s; AWS requires a block between /12 and /22", cv.ID, p),
					"use a client CIDR between /22 and /12")
			}
			overlapsVPC := false
			if vpc != nil {
				for _, v := range vpc.CIDRs {
					if v.IsValid() && v.Overlaps(p) {
						overlapsVPC = true
						c.Report(cv.ID, cv.Source, fmt.Sprintf("Client VPN %s's client CIDR %s overlaps the VPC CIDR %s", cv.ID, p, v),
							"choose a client CIDR outside the VPC's CIDRs and its routes")
					}
				}
			}
			for _, r := range cv.Routes {
				if !overlapsVPC && r.Destination.IsValid() && r.Destination.Bits() > 0 && r.Destination.Overlaps(p) {
					c.Report(cv.ID, or(r.Source, cv.Source), fmt.Sprintf("Client VPN %s's client CIDR %s overlaps its route to %s", cv.ID, p, r.Destination),
						"choose a client CIDR outside the VPC's CIDRs and its routes")
				}
			}
		}
		auth := strings.Join(cv.Authentication, ",")
		switch {
		case len(cv.Authentication) == 0:
			c.Report(cv.ID, cv.Source, fmt.Sprintf("Client VPN %s has no authentication option", cv.ID),
				"use mutual TLS (certificate-authentication; mwaanet vpn certs makes the certificates) or federated authentication")
		case !strings.Contains(auth, "certificate-authentication") && !strings.Contains(auth, "federated-authentication"):
			c.ReportAs(model.SeverityWarning, cv.ID, cv.Source, fmt.Sprintf("Client VPN %s authenticates with %s only; the reference architecture uses mutual TLS or federated authentication", cv.ID, auth),
				"use mutual TLS or federated authentication")
		}
		if cv.SplitTunnel == model.No {
			c.ReportAs(model.SeverityWarning, cv.ID, cv.Source, fmt.Sprintf("Client VPN %s has split tunnel off: every client's internet traffic goes through the VPC (which, in private routing, has no internet)", cv.ID),
				"set SplitTunnel: true")
		}
		if c.Arch.IsUnknown(model.UnknownClientVPNDetails) {
			c.NotVerifiable(cv.ID, cv.Source, "the target networks and authorization rules of Client VPN "+cv.ID)
			continue
		}
		if len(cv.Associations) == 0 {
			c.Report(cv.ID, cv.Source, fmt.Sprintf("Client VPN %s is not associated with any subnet: clients reach nothing", cv.ID),
				"associate it with the environment's subnets (AWS::EC2::ClientVpnTargetNetworkAssociation)")
		}
		if vpc != nil && !authorizes(cv, vpc.CIDRs) {
			c.Report(cv.ID, cv.Source, fmt.Sprintf("Client VPN %s has no authorization rule for the VPC CIDR %s: clients are not allowed to the web server", cv.ID, prefixes(vpc.CIDRs)),
				"add an authorization rule for the VPC CIDR (AWS::EC2::ClientVpnAuthorizationRule)")
		}
	}
}

func authorizes(cv *model.ClientVPN, cidrs []netip.Prefix) bool {
	for _, v := range cidrs {
		if !v.IsValid() {
			return true // unknown: the path rules say it is not verifiable
		}
		for _, a := range cv.AuthorizationRules {
			if !a.TargetCIDR.IsValid() || (a.TargetCIDR.Bits() <= v.Bits() && a.TargetCIDR.Contains(v.Addr())) {
				return true
			}
		}
	}
	return false
}

func prefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

func checkPublicOnly(c *Context) {
	defer c.reportPaths("WEB-03")
	if c.Access != model.PublicOnly {
		return
	}
	c.Report(c.Env.ID, c.envSource(), "PUBLIC_ONLY: the Airflow UI is on the internet, protected by IAM sign-in only; make sure this is a deliberate choice",
		"set WebserverAccessMode: PRIVATE_ONLY and reach the UI through a Client VPN (mwaanet vpn), unless internet access is intended")
}

func checkSharedVPC(c *Context) {
	if c.EndpointManagement == model.CustomerManaged {
		return
	}
	account := c.Arch.AccountID
	in, _ := c.envSubnets()
	for _, s := range in {
		owner := s.OwnerID
		if owner == "" {
			if v := c.Index.VPCs[s.VPC]; v != nil {
				owner = v.OwnerID
			}
		}
		if owner == "" || account == "" || owner == account {
			continue
		}
		c.Report(c.Env.ID, c.envSource(), fmt.Sprintf("subnet %s is owned by account %s, not by the environment's account %s (a shared VPC): MWAA cannot create its endpoints there in SERVICE mode", s.ID, owner, account),
			"set EndpointManagement: CUSTOMER and have the VPC owner create the database and web server endpoints (EPM-02)", s.Source)
		return
	}
}

func checkCustomerEndpoints(c *Context) {
	if c.EndpointManagement != model.CustomerManaged {
		return
	}
	type endpointService struct{ what, attr, svc string }
	want := []endpointService{{"database", "Database", c.Env.DatabaseVPCEndpointService}}
	if c.Access == model.PrivateOnly {
		want = append(want, endpointService{"web server", "Webserver", c.Env.WebserverVPCEndpointService})
	}
	for _, w := range want {
		found := false
		for _, ep := range c.Arch.Endpoints {
			if ep.Type == model.EndpointInterface && w.svc != "" && (ep.Service == w.svc || c.norm(ep.Service) == c.norm(w.svc)) {
				found = true
			}
		}
		if !found {
			c.Report(c.Env.ID, c.envSource(), fmt.Sprintf("EndpointManagement CUSTOMER: the input has no interface endpoint to the environment's %s endpoint service; until the VPC owner creates it, the environment waits in PENDING (up to 72 hours) and then fails", w.what),
				fmt.Sprintf("create an interface endpoint to the environment's %s endpoint service (get-environment: %sVpcEndpointService) in the environment's subnets", w.what, w.attr))
		}
	}
}
