package awscli

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Output of aws elbv2 describe-load-balancers, describe-listeners, describe-target-groups
// and describe-target-health (the last named after its target group), written for this
// test in the AWS CLI's shape.
var elbFiles = map[string][]byte{
	"snap/describe-load-balancers.json": []byte(`{"LoadBalancers": [{
  "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/airflow-ui/0123456789abcdef",
  "LoadBalancerName": "airflow-ui", "Scheme": "internet-facing", "VpcId": "vpc-1", "Type": "application",
  "State": {"Code": "active"},
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-a"}, {"ZoneName": "us-east-1b", "SubnetId": "subnet-b"}],
  "SecurityGroups": ["sg-alb"]}]}`),
	"snap/describe-listeners-airflow-ui.json": []byte(`{"Listeners": [{
  "ListenerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/airflow-ui/0123456789abcdef/1",
  "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/airflow-ui/0123456789abcdef",
  "Port": 443, "Protocol": "HTTPS",
  "Certificates": [{"CertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc"}],
  "DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/fedcba"}]}]}`),
	"snap/describe-target-groups.json": []byte(`{"TargetGroups": [{
  "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/fedcba",
  "TargetGroupName": "web", "Protocol": "HTTPS", "Port": 443, "VpcId": "vpc-1", "TargetType": "ip",
  "Matcher": {"HttpCode": "200,302"}},
 {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/other/aaaa",
  "TargetGroupName": "other", "Protocol": "HTTP", "Port": 80, "VpcId": "vpc-1", "TargetType": "instance"}]}`),
	"snap/describe-target-health-web.json": []byte(`{"TargetHealthDescriptions": [
  {"Target": {"Id": "10.0.1.10", "Port": 443, "AvailabilityZone": "us-east-1a"}, "TargetHealth": {"State": "healthy"}},
  {"Target": {"Id": "10.0.2.10", "Port": 443}, "TargetHealth": {"State": "healthy"}}]}`),
}

func TestReadLoadBalancers(t *testing.T) {
	a, err := Read(elbFiles)
	if err != nil {
		t.Fatal(err)
	}
	if a.IsUnknown(model.UnknownLoadBalancers) {
		t.Error("load balancers marked unknown")
	}
	if len(a.LoadBalancers) != 1 {
		t.Fatalf("load balancers: %+v", a.LoadBalancers)
	}
	lb := a.LoadBalancers[0]
	if lb.ID != "airflow-ui" || lb.Scheme != model.LBInternetFacing || lb.Type != model.LBApplication || lb.VPC != "vpc-1" ||
		!slices.Equal(lb.Subnets, []string{"subnet-a", "subnet-b"}) || !slices.Equal(lb.SecurityGroups, []string{"sg-alb"}) || lb.State != "active" {
		t.Errorf("load balancer %+v", lb)
	}
	if len(lb.Listeners) != 1 || lb.Listeners[0].Port != 443 || lb.Listeners[0].Protocol != "HTTPS" ||
		!slices.Equal(lb.Listeners[0].TargetGroups, []string{"web"}) || len(lb.Listeners[0].Certificates) != 1 {
		t.Errorf("listeners %+v", lb.Listeners)
	}
	if len(a.TargetGroups) != 2 {
		t.Fatalf("target groups %+v", a.TargetGroups)
	}
	web, other := a.TargetGroups[0], a.TargetGroups[1]
	if web.ID != "web" || web.TargetType != "ip" || web.HealthCheckCodes != "200,302" || web.TargetsUnknown || len(web.Targets) != 2 ||
		web.Targets[0].IP != netip.MustParseAddr("10.0.1.10") || web.Targets[1].Port != 443 {
		t.Errorf("target group web %+v", web)
	}
	// No describe-target-health file for it: its targets are not known, never "none".
	if !other.TargetsUnknown || len(other.Targets) != 0 {
		t.Errorf("target group other %+v", other)
	}
	// Without describe-load-balancers.json, load balancers are not known.
	b, err := Read(map[string][]byte{"snap/describe-vpcs.json": []byte(`{"Vpcs": []}`)})
	if err != nil || !b.IsUnknown(model.UnknownLoadBalancers) {
		t.Errorf("no load balancer file: %v %v", err, b.Unknown)
	}
	// A type error names the file and position.
	_, err = Read(map[string][]byte{"snap/lb.json": []byte(`{"LoadBalancers": [{"LoadBalancerName": 7}]}`)})
	if err == nil || !strings.Contains(err.Error(), "snap/lb.json:1:") || !strings.Contains(err.Error(), "LoadBalancerName") {
		t.Errorf("bad name: %v", err)
	}
}

// TestReadTargetHealthFileNames: a describe-target-health file named as mwaanet snapshot
// names it belongs to the target group of exactly that name, whatever other group's name
// it ends with (names may contain hyphens); a file named by another tool belongs to the
// group its name ends with.
func TestReadTargetHealthFileNames(t *testing.T) {
	tgs := []byte(`{"TargetGroups": [
 {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/ips/1", "TargetGroupName": "ips", "VpcId": "vpc-1", "TargetType": "ip", "Port": 443},
 {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-ips/2", "TargetGroupName": "web-ips", "VpcId": "vpc-1", "TargetType": "ip", "Port": 443},
 {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/3", "TargetGroupName": "api", "VpcId": "vpc-1", "TargetType": "ip", "Port": 443}]}`)
	health := func(ip string) []byte {
		return []byte(`{"TargetHealthDescriptions": [{"Target": {"Id": "` + ip + `", "Port": 443}, "TargetHealth": {"State": "healthy"}}]}`)
	}
	a, err := Read(map[string][]byte{
		"snap/describe-target-groups.json":           tgs,
		"snap/describe-target-health-web-ips.json":   health("10.0.1.20"),
		"snap/captured/elbv2-target-health-api.json": health("10.0.3.30"),
	})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*model.TargetGroup{}
	for _, tg := range a.TargetGroups {
		byName[tg.Name] = tg
	}
	if tg := byName["ips"]; !tg.TargetsUnknown || len(tg.Targets) != 0 {
		t.Errorf("ips took the targets of web-ips: %+v", tg)
	}
	if tg := byName["web-ips"]; tg.TargetsUnknown || len(tg.Targets) != 1 || tg.Targets[0].IP != netip.MustParseAddr("10.0.1.20") {
		t.Errorf("web-ips %+v", tg)
	}
	if tg := byName["api"]; tg.TargetsUnknown || len(tg.Targets) != 1 || tg.Targets[0].IP != netip.MustParseAddr("10.0.3.30") {
		t.Errorf("api (a file named by another tool) %+v", tg)
	}
}
