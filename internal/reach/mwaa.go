package reach

import (
	"github.com/mwaanet/mwaanet/internal/model"
)

// MWAAPaths lists every path an MWAA environment depends on in a, with what each should
// give, mode-aware. check runs the same list.
//
//   - The environment reaches each AWS service it needs on 443: the interface-endpoint
//     services (PRV-03; plus the DAGs' extra services) and S3 (PRV-05). In private routing
//     each through its endpoint; in public routing through the NAT devices and the
//     internet gateway (PUB-04), unless an endpoint exists.
//   - Within the environment: 443 and 5432 between its interfaces, and to the metadata
//     database on 5432 (NET-05, NET-07).
//   - The internet: reachable from the environment in public routing (PUB-04), not in
//     private routing (PRV-01).
//   - The web server: PRIVATE_ONLY: from VPN clients on 443 when the input has a Client
//     VPN (WEB-02), and not from the internet (WEB-01); PUBLIC_ONLY: MWAA serves it on a
//     public endpoint outside the VPC, so the internet reaches it (WEB-03, a deliberate
//     choice).
//   - Nothing from the internet reaches the environment's interfaces (NET-03).
//
// Without an environment in a it returns nil.
func MWAAPaths(a *model.Architecture) []PathQuery {
	env := a.Environment()
	if env == nil {
		return nil
	}
	routing := New(a).Routing()
	return mwaaPaths(a, env, routing)
}

// MWAAPaths is the analyzer's form of the package function (it knows the routing mode).
func (an *Analyzer) MWAAPaths() []PathQuery {
	if an.env == nil {
		return nil
	}
	return mwaaPaths(an.a, an.env, an.routing)
}

func mwaaPaths(a *model.Architecture, env *model.Environment, routing string) []PathQuery {
	partition := a.Partition
	if partition == "" {
		partition = model.PartitionOf(a.Region)
	}
	tcp := func(from, to string, port int32, expect Expectation, req, why string) PathQuery {
		return PathQuery{From: from, To: to, Protocol: model.TCP, Port: port, Expect: expect, Requirement: req, Why: why}
	}
	svcReq := "PRV-03"
	if routing == model.RoutingPublic {
		svcReq = "PUB-04"
	}
	var qs []PathQuery
	seen := map[string]bool{}
	services := append(model.RequiredInterfaceServices(partition), a.ExtraServices...)
	for _, s := range services {
		if seen[s] {
			continue
		}
		seen[s] = true
		qs = append(qs, tcp(PlaceEnv, Service(s), 443, ExpectReachable, svcReq, "the environment calls "+s))
	}
	s3Req := "PRV-05"
	if routing == model.RoutingPublic {
		s3Req = "PUB-04"
	}
	qs = append(qs,
		tcp(PlaceEnv, Service("s3"), 443, ExpectReachable, s3Req, "DAGs, plugins and ECR image layers come from S3"),
		tcp(PlaceEnv, PlaceEnv, 443, ExpectReachable, "NET-05", "workers, schedulers and the web server talk to each other"),
		tcp(PlaceEnv, PlaceEnv, 5432, ExpectReachable, "NET-05", "the environment's components reach each other on 5432"),
		tcp(PlaceEnv, PlaceDatabase, 5432, ExpectReachable, "NET-05", "the metadata database"),
	)
	if routing == model.RoutingPublic {
		qs = append(qs, tcp(PlaceEnv, PlaceInternet, 443, ExpectReachable, "PUB-04", "public routing: the environment reaches the internet through NAT"))
	} else {
		qs = append(qs, tcp(PlaceEnv, PlaceInternet, 443, ExpectUnreachable, "PRV-01", "private routing: no internet"))
	}
	if env.WebserverAccess == model.PublicOnly {
		qs = append(qs, tcp(PlaceInternet, PlaceWebserver, 443, ExpectReachable, "WEB-03", "PUBLIC_ONLY: the web UI is on the internet behind IAM"))
	} else {
		if len(a.ClientVPNs) > 0 {
			qs = append(qs, tcp(PlaceVPN, PlaceWebserver, 443, ExpectReachable, "WEB-02", "PRIVATE_ONLY: users open the web UI through the Client VPN"))
		}
		qs = append(qs, tcp(PlaceInternet, PlaceWebserver, 443, ExpectUnreachable, "WEB-01", "PRIVATE_ONLY: the web UI is not on the internet"))
	}
	qs = append(qs, tcp(PlaceInternet, PlaceEnv, 443, ExpectUnreachable, "NET-03", "nothing from the internet reaches the environment"))
	return qs
}
