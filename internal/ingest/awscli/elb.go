package awscli

import (
	"net/netip"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// Elastic Load Balancing v2, as the AWS CLI prints it:
//
//	aws elbv2 describe-load-balancers                          {"LoadBalancers": [...]}
//	aws elbv2 describe-listeners --load-balancer-arn ARN       {"Listeners": [...]}
//	aws elbv2 describe-target-groups                           {"TargetGroups": [...]}
//	aws elbv2 describe-target-health --target-group-arn ARN    {"TargetHealthDescriptions": [...]}
//
// describe-target-health does not name its target group, so its file must: the file name
// ends with the target group's name (describe-target-health-NAME.json). A target group
// without such a file has targets the snapshot does not show. Load balancers and target
// groups are identified by their names (unique in an account and Region), which is what
// a user types as a trace place. A snapshot without describe-load-balancers.json records
// model.UnknownLoadBalancers.

func init() {
	listHandlers["LoadBalancers"] = (*snapshot).loadBalancer
	listHandlers["Listeners"] = (*snapshot).listener
	listHandlers["TargetGroups"] = (*snapshot).targetGroup
	listHandlers["TargetHealthDescriptions"] = (*snapshot).targetHealth
	kindOfKey = append(kindOfKey, struct{ key, kind string }{"LoadBalancers", model.UnknownLoadBalancers})
}

type elbSnapshot struct {
	lbByARN   map[string]*model.LoadBalancer
	tgByARN   map[string]*model.TargetGroup
	listeners []elbListener
	// health holds the targets of each describe-target-health file, by the file's base
	// name without extension.
	health map[string][]model.Target
}

type elbListener struct {
	lbARN string
	l     *model.Listener
	tgs   []string // target group ARNs
}

func (s *snapshot) elbs() *elbSnapshot {
	if s.elb == nil {
		s.elb = &elbSnapshot{lbByARN: map[string]*model.LoadBalancer{}, tgByARN: map[string]*model.TargetGroup{}, health: map[string][]model.Target{}}
	}
	return s.elb
}

func (s *snapshot) loadBalancer(f *file, n *jsonpos.Node) {
	arn := f.str(n, "LoadBalancerArn")
	lb := &model.LoadBalancer{ID: f.str(n, "LoadBalancerName"), Name: f.str(n, "LoadBalancerName"), Type: f.str(n, "Type"),
		Scheme: f.str(n, "Scheme"), VPC: f.str(n, "VpcId"), SecurityGroups: f.strs(n, "SecurityGroups"), SecurityGroupsKnown: true}
	if lb.ID == "" {
		lb.ID = arn
	}
	lb.Source = f.src(n, lb.ID)
	if st := f.obj(n, "State"); st != nil {
		lb.State = f.str(st, "Code")
	}
	for _, az := range f.objs(n, "AvailabilityZones") {
		if sid := f.str(az, "SubnetId"); sid != "" {
			lb.Subnets = append(lb.Subnets, sid)
		}
	}
	s.elbs().lbByARN[arn] = lb
	s.a.LoadBalancers = append(s.a.LoadBalancers, lb)
}

func (s *snapshot) listener(f *file, n *jsonpos.Node) {
	arn := f.str(n, "ListenerArn")
	l := &model.Listener{ID: arn, Port: int32(f.integer(n, "Port", -1)), Protocol: f.str(n, "Protocol"), Source: f.src(n, arn)}
	for _, c := range f.objs(n, "Certificates") {
		l.Certificates = append(l.Certificates, f.str(c, "CertificateArn"))
	}
	el := elbListener{lbARN: f.str(n, "LoadBalancerArn"), l: l}
	for _, a := range f.objs(n, "DefaultActions") {
		if !strings.EqualFold(f.str(a, "Type"), "forward") {
			continue
		}
		if tg := f.str(a, "TargetGroupArn"); tg != "" {
			el.tgs = append(el.tgs, tg)
		}
		if fc := f.obj(a, "ForwardConfig"); fc != nil {
			for _, t := range f.objs(fc, "TargetGroups") {
				if tg := f.str(t, "TargetGroupArn"); tg != "" && !slices.Contains(el.tgs, tg) {
					el.tgs = append(el.tgs, tg)
				}
			}
		}
	}
	st := s.elbs()
	st.listeners = append(st.listeners, el)
}

func (s *snapshot) targetGroup(f *file, n *jsonpos.Node) {
	arn := f.str(n, "TargetGroupArn")
	tg := &model.TargetGroup{ID: f.str(n, "TargetGroupName"), Name: f.str(n, "TargetGroupName"), TargetType: f.str(n, "TargetType"),
		Protocol: f.str(n, "Protocol"), Port: int32(f.integer(n, "Port", 0)), VPC: f.str(n, "VpcId"), TargetsUnknown: true}
	if tg.ID == "" {
		tg.ID = arn
	}
	tg.Source = f.src(n, tg.ID)
	if m := f.obj(n, "Matcher"); m != nil {
		tg.HealthCheckCodes = f.str(m, "HttpCode")
	}
	s.elbs().tgByARN[arn] = tg
	s.a.TargetGroups = append(s.a.TargetGroups, tg)
}

func (s *snapshot) targetHealth(f *file, n *jsonpos.Node) {
	t := f.obj(n, "Target")
	if t == nil {
		return
	}
	tgt := model.Target{ID: f.str(t, "Id"), Port: int32(f.integer(t, "Port", 0)), Source: f.src(t, f.str(t, "Id"))}
	if ip, err := netip.ParseAddr(tgt.ID); err == nil {
		tgt.IP = ip
	}
	key := strings.TrimSuffix(filepath.Base(f.path), filepath.Ext(f.path))
	st := s.elbs()
	st.health[key] = append(st.health[key], tgt)
}

// finishELB links listeners to their load balancers and target groups, and gives each
// target group the targets of the describe-target-health file named after it.
func (s *snapshot) finishELB() {
	st := s.elb
	if st == nil {
		return
	}
	for _, el := range st.listeners {
		lb := st.lbByARN[el.lbARN]
		if lb == nil {
			continue // a listener of a load balancer the snapshot does not show
		}
		for _, arn := range el.tgs {
			id := arn
			if tg := st.tgByARN[arn]; tg != nil {
				id = tg.ID
			}
			el.l.TargetGroups = append(el.l.TargetGroups, id)
		}
		lb.Listeners = append(lb.Listeners, el.l)
	}
	keys := make([]string, 0, len(st.health))
	for k := range st.health {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, tg := range s.a.TargetGroups {
		for _, k := range keys {
			if healthFileOf(k, tg.Name) {
				tg.Targets = append(tg.Targets, st.health[k]...)
				tg.TargetsUnknown = false
			}
		}
	}
}

// healthFilePrefix starts the name of each describe-target-health file mwaanet snapshot
// (and its --print-script) writes.
const healthFilePrefix = "describe-target-health-"

// healthFileOf says whether the describe-target-health file whose base name (without
// extension) is k belongs to the target group named name: k is the name, or
// describe-target-health-NAME exactly; a file named otherwise (by another tool) belongs
// to the group its name ends with ("-NAME"). Exactly, because target group names may
// contain hyphens: describe-target-health-web-ips is web-ips's, never ips's.
func healthFileOf(k, name string) bool {
	switch {
	case name == "":
		return false
	case k == name:
		return true
	case strings.HasPrefix(k, healthFilePrefix):
		return k == healthFilePrefix+name
	}
	return strings.HasSuffix(k, "-"+name)
}
