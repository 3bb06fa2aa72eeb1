package cfn

import (
	"fmt"
)

// prefixLists renders customer-managed prefix lists (with known entries). AWS-managed lists
// (entries unknown, as design's S3PrefixList) exist already and are referred to.
func (r *renderer) prefixLists() {
	for _, pl := range r.a.PrefixLists {
		if !creates(pl.ID) || pl.Entries == nil {
			continue
		}
		family := "IPv4"
		var entries []any
		for _, e := range pl.Entries {
			if e.Addr().Is6() {
				family = "IPv6"
			}
			entries = append(entries, newObject().setAlways("Cidr", cidr(e)))
		}
		name := pl.Name
		if name == "" {
			name = pl.ID
		}
		r.resource(pl.ID, "AWS::EC2::PrefixList", newObject().
			setAlways("PrefixListName", r.str(name)).
			setAlways("AddressFamily", family).
			setAlways("MaxEntries", len(pl.Entries)).
			set("Entries", entries))
	}
}

// vpnGateways renders virtual private gateways and their VPC attachments.
func (r *renderer) vpnGateways() {
	for _, g := range r.a.VPNGateways {
		if !creates(g.ID) {
			continue
		}
		r.resource(g.ID, "AWS::EC2::VPNGateway", newObject().setAlways("Type", "ipsec.1"))
		for i, vpc := range g.VPCs {
			id := g.ID + "Attachment"
			if i > 0 {
				id = fmt.Sprintf("%sAttachment%d", g.ID, i+1)
			}
			r.resource(id, "AWS::EC2::VPCGatewayAttachment", newObject().
				setAlways("VpcId", r.id(vpc)).setAlways("VpnGatewayId", r.id(g.ID)))
		}
	}
}

// transitGatewayAttachments renders VPC attachments to (existing or template) transit
// gateways.
func (r *renderer) transitGatewayAttachments() {
	for _, t := range r.a.TransitGatewayAttachments {
		if !creates(t.ID) {
			continue
		}
		r.resource(t.ID, "AWS::EC2::TransitGatewayAttachment", newObject().
			setAlways("TransitGatewayId", r.id(t.TransitGateway)).
			setAlways("VpcId", r.id(t.VPC)).
			setAlways("SubnetIds", r.ids(t.Subnets)))
	}
}

// peeringConnections renders VPC peering connections (the accepter side of another
// account or Region is not in the model and not rendered).
func (r *renderer) peeringConnections() {
	for _, p := range r.a.PeeringConnections {
		if !creates(p.ID) {
			continue
		}
		r.resource(p.ID, "AWS::EC2::VPCPeeringConnection", newObject().
			setAlways("VpcId", r.id(p.RequesterVPC)).
			setAlways("PeerVpcId", r.id(p.AccepterVPC)))
	}
}
