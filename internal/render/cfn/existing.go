package cfn

import "github.com/mwaanet/mwaanet/internal/model"

// existingGroupRules renders the rules an architecture adds to security groups that
// already exist (what `synth --existing` emits, see design.BuildExisting). Such a group
// has an AWS ID (sg-...) and is not created; a rule of it whose Source.ID is a logical ID
// is new and becomes a standalone AWS::EC2::SecurityGroupIngress/Egress on the literal
// group ID under that logical ID. Rules read from an account (Source.ID the group's AWS ID)
// are what exists already and are not rendered.
func (r *renderer) existingGroupRules() {
	for _, sg := range r.a.SecurityGroups {
		if creates(sg.ID) {
			continue
		}
		for dirIdx, rules := range [][]model.SGRule{sg.Ingress, sg.Egress} {
			egress := dirIdx == 1
			for _, rule := range rules {
				if !IsLogicalID(rule.Source.ID) {
					continue
				}
				typ, groupKey, cidrKey, cidr6Key, plKey := "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId", "CidrIp", "CidrIpv6", "SourcePrefixListId"
				if egress {
					typ, groupKey, plKey = "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId", "DestinationPrefixListId"
				}
				p := newObject().setAlways("GroupId", sg.ID)
				sgRule(p, rule)
				switch {
				case rule.Group != "":
					p.setAlways(groupKey, r.groupID(rule.Group))
				case rule.CIDR.IsValid() && rule.CIDR.Addr().Is6():
					p.setAlways(cidr6Key, cidr(rule.CIDR))
				case rule.CIDR.IsValid():
					p.setAlways(cidrKey, cidr(rule.CIDR))
				case rule.PrefixList != "":
					p.setAlways(plKey, r.id(rule.PrefixList))
				default:
					r.fail("security group %s: rule %s has no peer known statically", sg.ID, rule.Source.ID)
					return
				}
				p.set("Description", rule.Description)
				r.resource(rule.Source.ID, typ, p)
			}
		}
	}
}
