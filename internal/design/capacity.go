package design

import (
	"fmt"
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// awsReserved is the number of addresses AWS keeps in every subnet (network, router, DNS,
// future use, broadcast).
const awsReserved = 5

// Demand is how many addresses one environment subnet needs at most.
type Demand struct {
	Endpoints  int // interface endpoints (one ENI per subnet each)
	MWAA       int // endpoints MWAA or the customer creates for the database and web server
	ClientVPN  int // Client VPN ENIs
	Containers int // workers, schedulers and web servers at their maximum, half per subnet
}

// Total is the sum of the demand.
func (d Demand) Total() int { return d.Endpoints + d.MWAA + d.ClientVPN + d.Containers }

// SubnetDemand returns the address demand of one environment subnet for s (NET-09).
func SubnetDemand(s *spec.Spec) Demand {
	var d Demand
	if s.Routing == model.RoutingPrivate {
		d.Endpoints = len(InterfaceServices(s.Partition, s.Services))
	}
	d.MWAA = 1 // the metadata database endpoint
	if s.WebserverAccess == model.PrivateOnly {
		d.MWAA++ // the web server endpoint
	}
	if s.VPNEnabled() {
		d.ClientVPN = 1
	}
	e := s.Environment
	d.Containers = (e.MaxWorkers + e.Schedulers + e.MaxWebservers + 1) / 2
	return d
}

// usable is the number of addresses of p that AWS lets resources use.
func usable(p netip.Prefix) int {
	return 1<<(32-p.Bits()) - awsReserved
}

// checkCapacity fails when an environment subnet is too small for the addresses the
// environment needs at its maximum scale, saying how many it needs and why.
func checkCapacity(s *spec.Spec, p *Plan) error {
	d := SubnetDemand(s)
	for i, c := range p.Private {
		if usable(c) >= d.Total() {
			continue
		}
		path := fmt.Sprintf("vpc.privateSubnetCidrs[%d]", i)
		switch {
		case s.IsExisting():
			path = fmt.Sprintf("vpc.existing.subnets[%d].cidr", i)
		case len(s.VPC.PrivateSubnetCIDRs) == 0:
			path = "vpc.subnetPrefixLength"
		}
		if _, ok := s.Pos[path]; !ok && path == "vpc.subnetPrefixLength" {
			path = "vpc.cidr"
		}
		return model.Errorf(s.Source(path), "%s: the private subnet %s has %d usable addresses but the environment needs up to %d in each subnet (%d interface endpoints, %d MWAA endpoints, %d Client VPN, %d Airflow containers at maximum scale; NET-09); use larger subnets",
			path, c, usable(c), d.Total(), d.Endpoints, d.MWAA, d.ClientVPN, d.Containers)
	}
	return nil
}
