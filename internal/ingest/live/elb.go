package live

import (
	"context"
	"fmt"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// Elastic Load Balancing v2 (Application, Network and Gateway Load Balancers), read so
// that WEB-01 sees the load balancers in front of a private web server. The files are the
// ones awscli reads (see internal/ingest/awscli/elb.go):
//
//	describe-load-balancers.json           {"LoadBalancers": [...]}, the VPC's only
//	describe-listeners-LBNAME.json         {"Listeners": [...]}, one per load balancer
//	describe-target-groups.json            {"TargetGroups": [...]}, the VPC's only
//	describe-target-health-TGNAME.json     {"TargetHealthDescriptions": [...]}, one per target group
//
// DescribeLoadBalancers and DescribeTargetGroups have no VPC filter: every page is read
// and the items whose VpcId is the snapshot's VPC are kept (target groups of type lambda
// have no VPC and are left out: they hold no addresses). These calls are optional: a
// denial is recorded in errors.json with the kind model.UnknownLoadBalancers (whichever
// of the four is denied, what the snapshot shows of the load balancers is incomplete, so
// the whole kind is "not known"), and never makes the snapshot fail.
//
// Load balancer and target group names become part of file names, so they are checked
// against ELBv2's naming rule first (ValidELBName); a name that does not follow it is
// refused, as an invalid Client VPN endpoint ID is.

// elbName is ELBv2's rule for load balancer and target group names (CreateLoadBalancer,
// CreateTargetGroup: at most 32 characters, alphanumerics and hyphens, not beginning or
// ending with a hyphen).
var elbName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)

// ValidELBName reports whether name follows ELBv2's rule for load balancer and target
// group names: 1 to 32 alphanumerics and hyphens, not beginning or ending with a hyphen.
func ValidELBName(name string) bool { return elbName.MatchString(name) }

// checkELBName is the error for a name returned by an API that does not follow the rule.
func checkELBName(what, name, from string) error {
	if ValidELBName(name) {
		return nil
	}
	return fmt.Errorf("%s returned %s, which is not a %s name (1 to 32 letters, digits and hyphens, not beginning or ending with a hyphen); refusing to use it in a file name",
		from, textsafe.Quote(name), what)
}

// loadBalancers reads the VPC's load balancers and the listeners of each.
func (c *collector) loadBalancers(ctx context.Context) []output {
	k := model.UnknownLoadBalancers
	found, err := all(ctx, pager[*elbv2.DescribeLoadBalancersOutput, elbv2.Options](elbv2.NewDescribeLoadBalancersPaginator(c.elb, &elbv2.DescribeLoadBalancersInput{})),
		func(o *elbv2.DescribeLoadBalancersOutput) []elbtypes.LoadBalancer { return o.LoadBalancers })
	if err != nil {
		return []output{{file: "describe-load-balancers.json", kind: k, op: "DescribeLoadBalancers", err: err}}
	}
	lbs := []elbtypes.LoadBalancer{}
	for _, lb := range found {
		if aws.ToString(lb.VpcId) == c.vpc {
			lbs = append(lbs, lb)
		}
	}
	outs := []output{{file: "describe-load-balancers.json", kind: k, op: "DescribeLoadBalancers", value: map[string]any{"LoadBalancers": lbs}}}
	for _, lb := range lbs {
		name := aws.ToString(lb.LoadBalancerName)
		if err := checkELBName("load balancer", name, "DescribeLoadBalancers"); err != nil {
			outs = append(outs, output{file: "describe-load-balancers.json", kind: k, op: "DescribeLoadBalancers", err: err})
			continue
		}
		ls, err := all(ctx, pager[*elbv2.DescribeListenersOutput, elbv2.Options](elbv2.NewDescribeListenersPaginator(c.elb, &elbv2.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})),
			func(o *elbv2.DescribeListenersOutput) []elbtypes.Listener { return o.Listeners })
		outs = append(outs, output{file: "describe-listeners-" + name + ".json", kind: k, op: "DescribeListeners", value: map[string]any{"Listeners": ls}, err: err})
	}
	return outs
}

// targetGroups reads the VPC's target groups and the targets of each
// (DescribeTargetHealth, which is not paginated: it returns every target of the group).
func (c *collector) targetGroups(ctx context.Context) []output {
	k := model.UnknownLoadBalancers
	found, err := all(ctx, pager[*elbv2.DescribeTargetGroupsOutput, elbv2.Options](elbv2.NewDescribeTargetGroupsPaginator(c.elb, &elbv2.DescribeTargetGroupsInput{})),
		func(o *elbv2.DescribeTargetGroupsOutput) []elbtypes.TargetGroup { return o.TargetGroups })
	if err != nil {
		return []output{{file: "describe-target-groups.json", kind: k, op: "DescribeTargetGroups", err: err}}
	}
	tgs := []elbtypes.TargetGroup{}
	for _, tg := range found {
		if aws.ToString(tg.VpcId) == c.vpc {
			tgs = append(tgs, tg)
		}
	}
	outs := []output{{file: "describe-target-groups.json", kind: k, op: "DescribeTargetGroups", value: map[string]any{"TargetGroups": tgs}}}
	for _, tg := range tgs {
		name := aws.ToString(tg.TargetGroupName)
		if err := checkELBName("target group", name, "DescribeTargetGroups"); err != nil {
			outs = append(outs, output{file: "describe-target-groups.json", kind: k, op: "DescribeTargetGroups", err: err})
			continue
		}
		o := output{file: "describe-target-health-" + name + ".json", kind: k, op: "DescribeTargetHealth"}
		res, err := c.elb.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
		if err != nil {
			o.err = err
		} else {
			ths := res.TargetHealthDescriptions
			if ths == nil {
				ths = []elbtypes.TargetHealthDescription{}
			}
			o.value = map[string]any{"TargetHealthDescriptions": ths}
		}
		outs = append(outs, o)
	}
	return outs
}
