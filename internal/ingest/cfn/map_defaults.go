package cfn

import (
	"github.com/mwaanet/mwaanet/internal/model"
)

// instanceDefaults applies what AWS decides for an AWS::EC2::Instance when the template
// does not say (EC2 user guide, "Public IPv4 addressing" and "Security groups"):
//
//   - Without AssociatePublicIpAddress (on its device-0 interface), the instance gets a
//     public address exactly when its subnet's MapPublicIpOnLaunch is true.
//   - Launched into a VPC subnet without SecurityGroupIds, SecurityGroups or the
//     interface's GroupSet, it gets the VPC's default security group.
func (m *mapper) instanceDefaults(rs *Resource, ni *model.NetworkInterface) {
	p := rs.Properties
	explicit := false
	groups := has(p, "SecurityGroupIds") || has(p, "SecurityGroups")
	vpc := m.subnetVPC(p, "SubnetId")
	if v, ok := p.Get("NetworkInterfaces"); ok {
		items, _ := v.List()
		for _, it := range items {
			if idx, _ := it.Get("DeviceIndex"); idx.Str != "0" {
				continue
			}
			explicit = explicit || has(it, "AssociatePublicIpAddress") || has(it, "NetworkInterfaceId")
			groups = groups || has(it, "GroupSet") || has(it, "NetworkInterfaceId")
			if vpc == "" {
				vpc = m.subnetVPC(it, "SubnetId")
			}
		}
	}
	if !explicit && !ni.PublicIPAssigned {
		ni.PublicIPFromSubnet = true
	}
	if !groups && len(ni.SecurityGroups) == 0 {
		if vpc != "" {
			m.defaultSGs[vpc] = true // modelled when the template creates the VPC
		}
	}
}

// subnetVPC returns the VPC of the subnet a property refers to, when the template
// declares that subnet ("" otherwise).
func (m *mapper) subnetVPC(p Value, key string) string {
	v, ok := p.Get(key)
	if !ok || v.Kind != KindRef {
		return ""
	}
	t := m.target(v.Ref)
	if t == nil || t.typName() != "AWS::EC2::Subnet" {
		return ""
	}
	vv, ok := m.vpcID(t)
	if !ok {
		return ""
	}
	return m.id(vv)
}
