package terraform

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"PrivateSubnet1":       "private_subnet_1",
		"VPC":                  "vpc",
		"S3GatewayEndpoint":    "s3_gateway_endpoint",
		"NatGateway1EIP":       "nat_gateway_1_eip",
		"EcrDkrEndpoint":       "ecr_dkr_endpoint",
		"WebserverUrl":         "webserver_url",
		"ServerCertificateArn": "server_certificate_arn",
		"VPCEndpoint":          "vpc_endpoint",
		"airflow.api":          "airflow_api",
	} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsExisting(t *testing.T) {
	for id, want := range map[string]bool{
		"vpc-0123456789abcdef0": true, "subnet-0a": true, "rtb-1": true,
		"VPC": false, "PrivateSubnet1": false, "vpc-main": false,
	} {
		if IsExisting(id) != want {
			t.Errorf("IsExisting(%q) = %t", id, !want)
		}
	}
}

func render1(t *testing.T, a *model.Architecture, s string) string {
	t.Helper()
	r := newRenderer(a)
	out := string(r.sym(s).Bytes())
	if len(r.errs) > 0 {
		t.Fatalf("sym(%q): %v", s, r.errs)
	}
	return out
}

func TestSym(t *testing.T) {
	a := &model.Architecture{Name: "env1", Buckets: []*model.Bucket{{ID: "DagBucket"}},
		Parameters: []*model.Parameter{{Name: "ServerCertificateArn", Type: "String"}}}
	for in, want := range map[string]string{
		"${DagBucket.Arn}":                 "aws_s3_bucket.dag_bucket.arn",
		"${DagBucket}":                     "aws_s3_bucket.dag_bucket.id",
		"${DagBucket.Arn}/*":               `"${aws_s3_bucket.dag_bucket.arn}/*"`,
		"plain":                            `"plain"`,
		"${!Literal} and %{x}":             `"$${Literal} and %%{x}"`,
		"airflow-env1-*":                   `"airflow-${var.name}-*"`,
		"env10 and env1x":                  `"env10 and env1x"`,
		"env1":                             "var.name",
		"${AWS::Region}/${AWS::AccountId}": `"${data.aws_region.current.region}/${data.aws_caller_identity.current.account_id}"`,
		"${ServerCertificateArn}":          "var.server_certificate_arn",
		`say "hi"`:                         `"say \"hi\""`,
	} {
		if got := render1(t, a, in); got != want {
			t.Errorf("sym(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	if _, err := Render(nil); err == nil {
		t.Error("nil architecture: want an error")
	}
	a := &model.Architecture{Name: "env1", Environments: []*model.Environment{{
		ID: "Environment", Name: "env1", ExecutionRoleARN: "${NoSuchRole.Arn}",
		MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1,
	}}}
	_, err := Render(a)
	if err == nil || !strings.Contains(err.Error(), `"${NoSuchRole.Arn}"`) {
		t.Errorf("unknown reference: got %v, want an error naming it", err)
	}
	vpc := netip.MustParsePrefix("10.0.0.0/16")
	a = &model.Architecture{VPCs: []*model.VPC{{ID: "VPC", CIDRs: []netip.Prefix{vpc}}},
		RouteTables: []*model.RouteTable{{ID: "Rt", VPC: "VPC", Routes: []model.Route{{
			Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetUnknown, ID: "x"},
		}}}}}
	if _, err := Render(a); err == nil || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("unknown route target: got %v", err)
	}
	a = &model.Architecture{VPCs: []*model.VPC{{ID: "VPC"}}}
	if _, err := Render(a); err == nil || !strings.Contains(err.Error(), "no known CIDR") {
		t.Errorf("VPC without CIDR: got %v", err)
	}
	a = &model.Architecture{PeeringConnections: []*model.PeeringConnection{{ID: "pcx-1"}}}
	if _, err := Render(a); err == nil || !strings.Contains(err.Error(), "peering") {
		t.Errorf("peering connection: got %v, want an error saying it is not written", err)
	}
}

// Interface endpoints that differ in more than their service are not grouped.
func TestInterfaceGroup(t *testing.T) {
	ep := func(id, svc string, sgs ...string) *model.VPCEndpoint {
		return &model.VPCEndpoint{ID: id, Name: "e-" + svc, VPC: "VPC", Service: "com.amazonaws.${AWS::Region}." + svc,
			Type: model.EndpointInterface, PrivateDNS: model.Yes, Subnets: []string{"A", "B"}, SecurityGroups: sgs}
	}
	a := &model.Architecture{Name: "e", Endpoints: []*model.VPCEndpoint{
		ep("SqsEndpoint", "sqs", "Sg"), ep("LogsEndpoint", "logs", "Sg"), ep("KmsEndpoint", "kms", "Other"),
	}}
	g := newRenderer(a).interfaceGroup()
	if len(g.members) != 2 || g.members["KmsEndpoint"] != "" || strings.Join(g.services, ",") != "sqs,logs" {
		t.Errorf("group: %+v", g)
	}
	a.Endpoints = a.Endpoints[:1]
	if g := newRenderer(a).interfaceGroup(); len(g.members) != 0 {
		t.Errorf("a single endpoint is not a group: %+v", g.members)
	}
}
