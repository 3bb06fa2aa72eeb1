package tfplan

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Elastic Load Balancing v2 in a plan: aws_lb (aws_alb), aws_lb_listener, aws_lb_target_group
// and aws_lb_target_group_attachment (and their aws_alb_ aliases).
//
// Defaults the AWS provider applies when an argument is unset: load_balancer_type
// "application"; internal false (internet-facing); target_type "instance". An application
// load balancer whose security_groups are unset gets the VPC's default group (model: no
// groups, which reach reads as the VPC's default group). A target group's targets are its
// attachments in the plan; one with none has targets registered outside it, which are not
// known. Listener rules (aws_lb_listener_rule) are not read: only default actions.

var (
	lbTypes  = []string{"aws_lb", "aws_alb"}
	tgTypes  = []string{"aws_lb_target_group", "aws_alb_target_group"}
	sgTypes  = []string{"aws_security_group", "aws_default_security_group"}
	subTypes = []string{"aws_subnet"}
)

// registerELB adds the ELBv2 types to the primary and attached tables (network.go's init
// calls it once they exist).
func registerELB() {
	for _, t := range lbTypes {
		primary[t] = (*plan).loadBalancer
	}
	for _, t := range tgTypes {
		primary[t] = (*plan).targetGroup
	}
	attached["aws_lb_listener"] = (*plan).listener
	attached["aws_alb_listener"] = (*plan).listener
	attached["aws_lb_target_group_attachment"] = (*plan).targetAttachment
	attached["aws_alb_target_group_attachment"] = (*plan).targetAttachment
}

// elbIndex finds the plan's load balancers and target groups by address.
type elbIndex struct {
	lbs map[string]*model.LoadBalancer
	tgs map[string]*model.TargetGroup
}

func (o *objects) elbs() *elbIndex {
	if o.elb == nil {
		o.elb = &elbIndex{lbs: map[string]*model.LoadBalancer{}, tgs: map[string]*model.TargetGroup{}}
	}
	return o.elb
}

func (p *plan) loadBalancer(o *objects, r *resource) {
	lb := &model.LoadBalancer{ID: r.addr, Name: r.str(r.x, "name"), Type: r.str(r.x, "load_balancer_type"),
		SecurityGroups: r.refs(r.x, "security_groups", sgTypes...), SecurityGroupsKnown: true,
		Subnets: r.refs(r.x, "subnets", subTypes...), Tags: r.strMap(r.x, "tags"), Source: r.src}
	if lb.Type == "" && !r.x.get("load_balancer_type").unknown() {
		lb.Type = model.LBApplication
	}
	switch r.tri(r.x, "internal", model.No) {
	case model.Yes:
		lb.Scheme = model.LBInternal
	case model.No:
		lb.Scheme = model.LBInternetFacing
	}
	for _, m := range r.x.get("subnet_mapping").elems() {
		if s := r.ref(m, "subnet_id", subTypes...); s != "" && !slices.Contains(lb.Subnets, s) {
			lb.Subnets = append(lb.Subnets, s)
		}
	}
	o.elbs().lbs[lb.ID] = lb
	p.a.LoadBalancers = append(p.a.LoadBalancers, lb)
}

func (p *plan) targetGroup(o *objects, r *resource) {
	tg := &model.TargetGroup{ID: r.addr, Name: r.str(r.x, "name"), TargetType: r.str(r.x, "target_type"),
		Protocol: strings.ToUpper(r.str(r.x, "protocol")), Port: int32(r.integer(r.x, "port", 0)),
		VPC: r.ref(r.x, "vpc_id", "aws_vpc"), TargetsUnknown: true, Source: r.src}
	if tg.TargetType == "" && !r.x.get("target_type").unknown() {
		tg.TargetType = "instance"
	}
	tg.HealthCheckCodes = r.str(r.x.get("health_check").first(), "matcher")
	o.elbs().tgs[tg.ID] = tg
	p.a.TargetGroups = append(p.a.TargetGroups, tg)
}

func (p *plan) listener(o *objects, r *resource) {
	lb := o.elbs().lbs[r.ref(r.x, "load_balancer_arn", lbTypes...)]
	if lb == nil {
		return // a load balancer outside the plan
	}
	l := &model.Listener{ID: r.addr, Port: int32(r.integer(r.x, "port", -1)), Protocol: strings.ToUpper(r.str(r.x, "protocol")), Source: r.src}
	if c := r.ref(r.x, "certificate_arn", "aws_acm_certificate"); c != "" {
		l.Certificates = append(l.Certificates, c)
	}
	if l.Port == 0 { // unset: the provider's default is the protocol's well-known port
		l.Port = -1
	}
	for _, a := range r.x.get("default_action").elems() {
		if !strings.EqualFold(r.str(a, "type"), "forward") {
			continue
		}
		if tg := r.ref(a, "target_group_arn", tgTypes...); tg != "" {
			l.TargetGroups = append(l.TargetGroups, tg)
		}
		for _, t := range a.get("forward").first().get("target_group").elems() {
			if tg := r.ref(t, "arn", tgTypes...); tg != "" && !slices.Contains(l.TargetGroups, tg) {
				l.TargetGroups = append(l.TargetGroups, tg)
			}
		}
	}
	lb.Listeners = append(lb.Listeners, l)
}

func (p *plan) targetAttachment(o *objects, r *resource) {
	tg := o.elbs().tgs[r.ref(r.x, "target_group_arn", tgTypes...)]
	if tg == nil {
		return
	}
	t := model.Target{ID: r.str(r.x, "target_id"), Port: int32(r.integer(r.x, "port", 0)), Source: r.src}
	if ip, err := netip.ParseAddr(t.ID); err == nil {
		t.IP = ip
	}
	tg.Targets = append(tg.Targets, t)
	tg.TargetsUnknown = false
}
