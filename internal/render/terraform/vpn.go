package terraform

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

const vpnFile = "vpn.tf"

// vpn writes the Client VPN endpoints with their associations, authorization rules and
// the routes AWS does not add by itself.
func (r *renderer) vpn() error {
	for _, c := range r.a.ClientVPNs {
		name := r.nameOf(c.ID)
		b := r.resource(vpnFile, "aws_ec2_client_vpn_endpoint", name)
		r.setSym(b, "description", c.Name)
		r.setSym(b, "server_certificate_arn", c.ServerCertificateARN)
		if !c.ClientCIDR.IsValid() {
			return fmt.Errorf("terraform: Client VPN %s has no client CIDR", c.ID)
		}
		b.SetAttributeRaw("client_cidr_block", r.cidr(c.ClientCIDR))
		setBool(b, "split_tunnel", c.SplitTunnel)
		setString(b, "transport_protocol", c.TransportProtocol)
		if c.VPNPort > 0 {
			setInt(b, "vpn_port", c.VPNPort)
		}
		if c.VPC != "" {
			b.SetAttributeRaw("vpc_id", r.id(c.VPC))
		}
		if len(c.SecurityGroups) > 0 {
			b.SetAttributeRaw("security_group_ids", r.ids(c.SecurityGroups))
		}
		if len(c.DNSServers) > 0 {
			var dns []hclwrite.Tokens
			for _, a := range c.DNSServers {
				dns = append(dns, r.dnsServer(c, a))
			}
			b.SetAttributeRaw("dns_servers", listTokens(dns))
		}
		for _, auth := range c.Authentication {
			b.AppendNewline()
			ab := b.AppendNewBlock("authentication_options", nil).Body()
			ab.SetAttributeValue("type", cty.StringVal(auth))
			if auth == "certificate-authentication" {
				r.setSym(ab, "root_certificate_chain_arn", c.ClientRootCertARN)
			}
		}
		b.AppendNewline()
		lb := b.AppendNewBlock("connection_log_options", nil).Body()
		lb.SetAttributeValue("enabled", cty.BoolVal(c.ConnectionLogging == model.Yes))
		if len(c.Tags) > 0 {
			b.AppendNewline()
			r.tags(b, c.Tags)
		}
		for i, s := range c.Associations {
			ab := r.resource(vpnFile, "aws_ec2_client_vpn_network_association", fmt.Sprintf("%s_%d", name, i+1))
			ab.SetAttributeRaw("client_vpn_endpoint_id", r.id(c.ID))
			ab.SetAttributeRaw("subnet_id", r.id(s))
		}
		for i, a := range c.AuthorizationRules {
			ab := r.resource(vpnFile, "aws_ec2_client_vpn_authorization_rule", fmt.Sprintf("%s_%d", name, i+1))
			ab.SetAttributeRaw("client_vpn_endpoint_id", r.id(c.ID))
			ab.SetAttributeRaw("target_network_cidr", r.cidr(a.TargetCIDR))
			if a.AllGroups {
				ab.SetAttributeValue("authorize_all_groups", cty.True)
			} else {
				r.setSym(ab, "access_group_id", a.AccessGroup)
			}
		}
		n := 0
		for _, rt := range c.Routes {
			if r.autoVPNRoute(c, rt) {
				continue
			}
			n++
			rb := r.resource(vpnFile, "aws_ec2_client_vpn_route", fmt.Sprintf("%s_%d", name, n))
			rb.SetAttributeRaw("client_vpn_endpoint_id", r.id(c.ID))
			rb.SetAttributeRaw("destination_cidr_block", r.cidr(rt.Destination))
			rb.SetAttributeRaw("target_vpc_subnet_id", r.id(rt.TargetSubnet))
			// The target subnet must be associated first.
			for i, s := range c.Associations {
				if s == rt.TargetSubnet {
					rb.AppendNewline()
					rb.SetAttributeRaw("depends_on", listTokens([]hclwrite.Tokens{
						travTokens(trav("aws_ec2_client_vpn_network_association", fmt.Sprintf("%s_%d", name, i+1))),
					}))
				}
			}
		}
	}
	return nil
}

// dnsServer is the expression of a DNS server address: the VPC's resolver (its base
// address plus two) follows var.vpc_cidr; other addresses stay literal.
func (r *renderer) dnsServer(c *model.ClientVPN, a netip.Addr) hclwrite.Tokens {
	if v := r.ix.VPCs[c.VPC]; v != nil && len(v.CIDRs) > 0 && v.CIDRs[0].IsValid() && r.tunables["vpc_cidr"] {
		base := v.CIDRs[0].Masked().Addr()
		if base.Is4() && a.Is4() {
			b4, a4 := base.As4(), a.As4()
			if uint32(a4[0])<<24|uint32(a4[1])<<16|uint32(a4[2])<<8|uint32(a4[3]) == (uint32(b4[0])<<24|uint32(b4[1])<<16|uint32(b4[2])<<8|uint32(b4[3]))+2 {
				return exprTokens("cidrhost(var.vpc_cidr, 2)")
			}
		}
	}
	return strTokens(a.String())
}

// autoVPNRoute reports whether AWS adds the route itself: the route to the VPC's CIDR
// through an associated subnet.
func (r *renderer) autoVPNRoute(c *model.ClientVPN, rt model.ClientVPNRoute) bool {
	s := r.ix.Subnets[rt.TargetSubnet]
	associated := false
	for _, a := range c.Associations {
		associated = associated || a == rt.TargetSubnet
	}
	if !associated {
		return false
	}
	vpcID := c.VPC
	if s != nil {
		vpcID = s.VPC
	}
	if v := r.ix.VPCs[vpcID]; v != nil {
		for _, p := range v.CIDRs {
			if p == rt.Destination {
				return true
			}
		}
	}
	return false
}
