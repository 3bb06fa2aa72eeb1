package cfn

import (
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Elastic Load Balancing v2: load balancers, listeners and target groups (with their
// targets), which reach models as a way in to a PRIVATE_ONLY web server (WEB-01).
//
// Defaults AWS applies when a property is absent (CloudFormation's
// AWS::ElasticLoadBalancingV2 reference): Type application; Scheme internet-facing; an
// application load balancer without SecurityGroups gets the VPC's default group (a network
// load balancer gets none); a target group's TargetType instance. Listener rules
// (ListenerRule) are not read: only the listeners' default actions are followed.

// The ELBv2 types join the mapper's passes here, keeping mapper_run.go's tables as they
// are: target groups first; load balancers second (their VPC is their subnets'), and
// listeners, which attach to their load balancer whichever comes first.
func init() {
	firstPass["AWS::ElasticLoadBalancingV2::TargetGroup"] = (*mapper).targetGroup
	secondPass["AWS::ElasticLoadBalancingV2::LoadBalancer"] = (*mapper).loadBalancer
	secondPass["AWS::ElasticLoadBalancingV2::Listener"] = (*mapper).listener
}

// elbState holds what the ELBv2 mapping needs across resources: load balancers by ID,
// and listeners whose load balancer comes later in the template.
type elbState struct {
	lbs     map[string]*model.LoadBalancer
	pending map[string][]*model.Listener
}

func (m *mapper) elbs() *elbState {
	if m.elb == nil {
		m.elb = &elbState{lbs: map[string]*model.LoadBalancer{}, pending: map[string][]*model.Listener{}}
	}
	return m.elb
}

// loadBalancer reads AWS::ElasticLoadBalancingV2::LoadBalancer (second pass: its VPC is
// its subnets').
func (m *mapper) loadBalancer(rs *Resource) {
	p := rs.Properties
	lb := &model.LoadBalancer{ID: rs.ID, Name: m.text(p, "Name"), Type: strings.ToLower(m.literal(p, "Type")),
		Scheme: strings.ToLower(m.literal(p, "Scheme")), Tags: m.tags(p, "Tags"), Source: src(rs)}
	if !has(p, "Type") {
		lb.Type = model.LBApplication
	}
	if !has(p, "Scheme") {
		lb.Scheme = model.LBInternetFacing
	}
	if v, ok := p.Get("Subnets"); ok {
		lb.Subnets = m.idList(v, rs, "Subnets")
	}
	if v, ok := p.Get("SubnetMappings"); ok {
		items, _ := v.List()
		for _, it := range items {
			lb.Subnets = append(lb.Subnets, m.idOf(it, "SubnetId"))
		}
	}
	for _, s := range lb.Subnets {
		if sn := m.subnets[s]; sn != nil && sn.VPC != "" {
			lb.VPC = sn.VPC
			break
		}
	}
	lb.SecurityGroupsKnown = true
	if v, ok := p.Get("SecurityGroups"); ok {
		lb.SecurityGroups = m.ids(v)
		if _, list := v.List(); !list && v.Kind != KindScalar && v.Kind != KindRef {
			lb.SecurityGroupsKnown = false
		}
	} else if lb.Type == model.LBApplication && lb.VPC != "" {
		m.defaultSGs[lb.VPC] = true // AWS applies the VPC's default group
	}
	st := m.elbs()
	st.lbs[lb.ID] = lb
	lb.Listeners = append(lb.Listeners, st.pending[lb.ID]...)
	delete(st.pending, lb.ID)
	m.a.LoadBalancers = append(m.a.LoadBalancers, lb)
}

// listener reads AWS::ElasticLoadBalancingV2::Listener.
func (m *mapper) listener(rs *Resource) {
	p := rs.Properties
	ls := &model.Listener{ID: rs.ID, Port: int32(m.integer(p, "Port", -1, rs.LogicalID)), Protocol: strings.ToUpper(m.literal(p, "Protocol")), Source: src(rs)}
	if v, ok := p.Get("Certificates"); ok {
		items, _ := v.List()
		for _, it := range items {
			ls.Certificates = append(ls.Certificates, m.text(it, "CertificateArn"))
		}
	}
	if v, ok := p.Get("DefaultActions"); ok {
		items, _ := v.List()
		for _, it := range items {
			if !strings.EqualFold(m.literal(it, "Type"), "forward") {
				continue
			}
			if tg := m.idOf(it, "TargetGroupArn"); tg != "" {
				ls.TargetGroups = appendUnique(ls.TargetGroups, tg)
			}
			if fc, ok := it.Get("ForwardConfig"); ok {
				if tgs, ok := fc.Get("TargetGroups"); ok {
					list, _ := tgs.List()
					for _, t := range list {
						if tg := m.idOf(t, "TargetGroupArn"); tg != "" {
							ls.TargetGroups = appendUnique(ls.TargetGroups, tg)
						}
					}
				}
			}
		}
	}
	ref, _ := p.Get("LoadBalancerArn")
	id := m.id(ref)
	st := m.elbs()
	if lb := st.lbs[id]; lb != nil {
		lb.Listeners = append(lb.Listeners, ls)
		return
	}
	if ref.Kind != KindRef || m.target(ref.Ref) == nil {
		m.outside(rs, "load balancer", id)
		return
	}
	st.pending[id] = append(st.pending[id], ls) // the load balancer comes later
}

// targetGroup reads AWS::ElasticLoadBalancingV2::TargetGroup with its Targets.
func (m *mapper) targetGroup(rs *Resource) {
	p := rs.Properties
	tg := &model.TargetGroup{ID: rs.ID, Name: m.text(p, "Name"), TargetType: strings.ToLower(m.literal(p, "TargetType")),
		Protocol: strings.ToUpper(m.literal(p, "Protocol")), Port: int32(m.integer(p, "Port", 0, rs.LogicalID)),
		VPC: m.idOf(p, "VpcId"), Source: src(rs)}
	if !has(p, "TargetType") {
		tg.TargetType = "instance"
	}
	if mt, ok := p.Get("Matcher"); ok {
		tg.HealthCheckCodes = m.literal(mt, "HttpCode")
	}
	if v, ok := p.Get("Targets"); ok {
		items, list := v.List()
		tg.TargetsUnknown = !list
		for _, it := range items {
			t := model.Target{ID: m.idOf(it, "Id"), Port: int32(m.integer(it, "Port", 0, rs.LogicalID)), Source: at(rs, it)}
			if tg.TargetType == "ip" {
				if ip, err := netip.ParseAddr(strings.TrimSpace(t.ID)); err == nil {
					t.IP = ip
				}
			}
			tg.Targets = append(tg.Targets, t)
		}
	}
	m.a.TargetGroups = append(m.a.TargetGroups, tg)
}
