package rules_test

import (
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// airflow.ops exists only in partition aws: a China Region does not need its endpoint.
func TestPartitionAirflowOps(t *testing.T) {
	for _, tc := range []struct {
		region, partition string
		want              bool
	}{{"us-east-1", "aws", true}, {"cn-north-1", "aws-cn", false}, {"us-gov-west-1", "aws-us-gov", false}} {
		a := useCase(t, 3)
		a.Region, a.Partition = tc.region, tc.partition
		removeEndpoint(a, "AirflowOpsEndpoint")
		got := false
		for _, f := range byRule(check(a), "PRV-03/endpoints") {
			got = got || strings.Contains(f.Message, "airflow.ops")
		}
		if got != tc.want {
			t.Errorf("%s: missing airflow.ops reported %v, want %v", tc.partition, got, tc.want)
		}
	}
}

// Public routing through a transit gateway instead of NAT: the NAT-shaped rules (PUB-01,
// PUB-02, PUB-03, PUB-04/nat-route) stay quiet; whether the path really reaches the
// internet is the path rule's question.
func TestPublicRoutingThroughTransitGateway(t *testing.T) {
	a := useCase(t, 1)
	for _, id := range []string{"PrivateRouteTable1", "PrivateRouteTable2"} {
		setDefaultRoute(routeTable(a, id), model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-0abc"})
	}
	a.InternetGateways = nil
	fs := check(a)
	for _, id := range []string{"PUB-01/public-subnets", "PUB-02/internet-gateway", "PUB-03/nat-per-az", "PUB-04/nat-route", "PRV-01/no-internet-route"} {
		if got := byRule(fs, id); len(got) > 0 {
			t.Errorf("%s fires on transit-gateway egress: %v", id, got)
		}
	}
}

// Routing is mode-aware: the same missing interface endpoint is an error in private
// routing and nothing in public routing (NAT reaches the service).
func TestRoutingModes(t *testing.T) {
	a := useCase(t, 1)
	if got := byRule(check(a), "PRV-03/endpoints"); len(got) > 0 {
		t.Errorf("public routing without endpoints: %v", got)
	}
	a = useCase(t, 3)
	removeEndpoint(a, "LogsEndpoint")
	if got := byRule(check(a), "PRV-03/endpoints"); len(got) != 1 || got[0].Severity != model.SeverityError {
		t.Errorf("private routing without the logs endpoint: %v", got)
	}
}

// Without an environment, rules do not run: only the input's own findings come back.
func TestNoEnvironment(t *testing.T) {
	a := useCase(t, 3)
	a.Environments = nil
	a.IngestFindings = []model.Finding{{Rule: "INPUT/x", Requirement: "INPUT", Severity: model.SeverityError, Message: "m"}}
	fs := check(a)
	if len(fs) != 1 || fs[0].Rule != "INPUT/x" {
		t.Errorf("findings %v", fs)
	}
}
