package rules_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// TestVariants covers the other ways each rule fires beyond the case in
// TestEveryRuleFiresAndStaysQuiet: the finding's severity and what its message says.
func TestVariants(t *testing.T) {
	for _, tc := range []struct {
		name   string
		base   int
		mutate func(a *model.Architecture)
		rule   string
		sev    model.Severity // "" means: the rule stays quiet
		says   string
	}{
		{"subnets in two VPCs", 3, func(a *model.Architecture) { subnet(a, "PrivateSubnet2").VPC = "vpc-other" }, "NET-01/subnets", model.SeverityError, "different VPCs"},
		{"three subnets", 3, func(a *model.Architecture) {
			a.Environments[0].Subnets = append(a.Environments[0].Subnets, "PrivateSubnet1")
		}, "NET-01/subnets", model.SeverityError, "exactly 2"},
		{"subnets not known statically", 3, func(a *model.Architecture) {
			a.Environments[0].Subnets, a.Environments[0].SubnetsUnknown = nil, true
		}, "NET-01/subnets", model.SeverityInfo, "not verifiable"},
		{"AZ by index and AZ by name: maybe the same zone", 3, func(a *model.Architecture) {
			subnet(a, "PrivateSubnet1").AZ, subnet(a, "PrivateSubnet2").AZ = "${AWS::Region}#0", "us-east-1a"
		}, "NET-01/subnets", model.SeverityInfo, "not verifiable"},
		{"AZ ID and AZ name: maybe the same zone", 3, func(a *model.Architecture) {
			subnet(a, "PrivateSubnet1").AZ, subnet(a, "PrivateSubnet2").AZ = "use1-az1", "us-east-1a"
		}, "NET-01/subnets", model.SeverityInfo, "not verifiable"},
		{"two AZ names", 3, func(a *model.Architecture) {
			subnet(a, "PrivateSubnet1").AZ, subnet(a, "PrivateSubnet2").AZ = "us-east-1b", "us-east-1a"
		}, "NET-01/subnets", "", ""},
		{"no subnets", 3, func(a *model.Architecture) { a.Environments[0].Subnets = nil }, "NET-01/subnets", model.SeverityError, "exactly 2"},
		{"security groups not known statically", 3, func(a *model.Architecture) {
			a.Environments[0].SecurityGroups, a.Environments[0].SecurityGroupsUnknown = nil, true
		}, "NET-02/security-groups", model.SeverityInfo, "not verifiable"},
		{"six security groups", 3, func(a *model.Architecture) {
			e := a.Environments[0]
			e.SecurityGroups = []string{"a", "b", "c", "d", "e", "f"}
		}, "NET-02/security-groups", model.SeverityError, "1 to 5"},
		{"hostnames off in public routing without endpoints", 1, func(a *model.Architecture) { a.VPCs[0].EnableDNSHostnames = model.No }, "NET-04/vpc-dns", model.SeverityWarning, "DNS hostnames off"},
		{"self reference on 443 and 5432 only", 3, func(a *model.Architecture) {
			g := sg(a, "EnvironmentSecurityGroup")
			var keep []model.SGRule
			for _, r := range g.Ingress {
				if r.Group != g.ID {
					keep = append(keep, r)
				}
			}
			g.Ingress = append(keep, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), Group: g.ID}, model.SGRule{Protocol: model.TCP, Ports: model.Port(5432), Group: g.ID})
		}, "NET-05/self-reference", "", ""},
		{"self reference through another group of the environment", 3, func(a *model.Architecture) {
			g := sg(a, "EnvironmentSecurityGroup")
			a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "MarkerGroup", VPC: g.VPC})
			a.Environments[0].SecurityGroups = append(a.Environments[0].SecurityGroups, "MarkerGroup")
			for i := range g.Ingress {
				if g.Ingress[i].Group == g.ID {
					g.Ingress[i].Group = "MarkerGroup"
				}
			}
		}, "NET-05/self-reference", "", ""},
		{"members allowed by the VPC CIDR instead of a self reference", 3, func(a *model.Architecture) {
			g := sg(a, "EnvironmentSecurityGroup")
			for i := range g.Ingress {
				if g.Ingress[i].Group == g.ID {
					g.Ingress[i].Group, g.Ingress[i].CIDR = "", a.VPCs[0].CIDRs[0]
				}
			}
		}, "NET-05/self-reference", model.SeverityWarning, "by address"},
		{"private NAT gateway", 1, func(a *model.Architecture) { nat(a, "NatGateway1").Public = model.No }, "PUB-03/nat-per-az", model.SeverityError, "private connectivity"},
		{"internet gateway detached", 1, func(a *model.Architecture) { a.InternetGateways[0].VPCs = nil }, "PUB-02/internet-gateway", model.SeverityError, "not attached"},
		{"public subnets in one AZ", 1, func(a *model.Architecture) { subnet(a, "PublicSubnet2").AZ = subnet(a, "PublicSubnet1").AZ }, "PUB-01/public-subnets", model.SeverityWarning, "only one Availability Zone"},
		{"endpoint in another Region", 3, func(a *model.Architecture) { endpoint(a, "SqsEndpoint").Service = "com.amazonaws.eu-west-1.sqs" }, "PRV-03/endpoints", model.SeverityError, "Region eu-west-1"},
		{"airflow.ops endpoint in aws-cn", 3, func(a *model.Architecture) { a.Partition = "aws-cn" }, "PRV-03/endpoints", model.SeverityError, "does not exist in partition aws-cn"},
		{"extra service without endpoint", 3, func(a *model.Architecture) { a.ExtraServices = []string{"secretsmanager"} }, "PRV-03/endpoints", model.SeverityError, "secretsmanager"},
		{"S3 policy with objects but no bucket listing", 3, func(a *model.Architecture) {
			endpoint(a, "S3GatewayEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow", Action: []string{"s3:GetObject"},
				Resource: []string{"${DagBucket.Arn}/*", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"}}}}
		}, "PRV-05/s3-endpoint-policy", model.SeverityError, "s3:ListBucket"},
		{"S3 policy with objects and bucket listing", 3, func(a *model.Architecture) {
			endpoint(a, "S3GatewayEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{
				{Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: []string{"${DagBucket.Arn}/*", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"}},
				{Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: []string{"${DagBucket.Arn}"}}}}
		}, "PRV-05/s3-endpoint-policy", "", ""},
		{"S3 policy without ECR layers", 3, func(a *model.Architecture) {
			endpoint(a, "S3GatewayEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow", Action: []string{"s3:*"}, Resource: []string{"${DagBucket.Arn}/*"}}}}
		}, "PRV-05/s3-endpoint-policy", model.SeverityError, "starport-layer-bucket"},
		{"logs endpoint policy for another environment", 3, func(a *model.Architecture) {
			endpoint(a, "LogsEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow", Action: []string{"logs:*"},
				Resource: []string{"arn:aws:logs:*:*:log-group:airflow-other-*"}}}}
		}, "PRV-06/endpoint-policies", model.SeverityError, "airflow-mwaa-private-*"},
		{"sqs endpoint policy allowing only SendMessage", 3, func(a *model.Architecture) {
			endpoint(a, "SqsEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow", Action: []string{"sqs:SendMessage"},
				Resource: []string{"arn:aws:sqs:*:*:airflow-celery-*"}}}}
		}, "PRV-06/endpoint-policies", model.SeverityError, "sqs:ReceiveMessage"},
		{"sqs endpoint policy allowing what celery does", 3, func(a *model.Architecture) {
			endpoint(a, "SqsEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow",
				Action:   []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"},
				Resource: []string{"arn:aws:sqs:*:*:airflow-celery-*"}}}}
		}, "PRV-06/endpoint-policies", "", ""},
		{"logs endpoint policy allowing only PutLogEvents", 3, func(a *model.Architecture) {
			endpoint(a, "LogsEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow", Action: []string{"logs:PutLogEvents"},
				Resource: []string{"arn:aws:logs:*:*:log-group:airflow-mwaa-private-*"}}}}
		}, "PRV-06/endpoint-policies", model.SeverityError, "logs:CreateLogStream"},
		{"kms endpoint policy denying GenerateDataKey", 3, func(a *model.Architecture) {
			endpoint(a, "KmsEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{
				{Effect: "Allow", Action: []string{"kms:*"}, Resource: []string{"*"}},
				{Effect: "Deny", Action: []string{"kms:GenerateDataKey*"}, Resource: []string{"*"}}}}
		}, "PRV-06/endpoint-policies", model.SeverityError, "kms:GenerateDataKey"},
		{"kms endpoint policy on the key", 3, func(a *model.Architecture) {
			endpoint(a, "KmsEndpoint").Policy = &model.PolicyDocument{Statements: []model.Statement{{Effect: "Allow", Action: []string{"kms:*"}, Resource: []string{"${Key.Arn}"}}}}
		}, "PRV-06/endpoint-policies", "", ""},
		{"VPN client CIDR overlaps the VPC", 3, func(a *model.Architecture) { a.ClientVPNs[0].ClientCIDR = netip.MustParsePrefix("10.192.0.0/22") }, "WEB-02/client-vpn", model.SeverityError, "overlaps"},
		{"VPN client CIDR overlaps a route", 3, func(a *model.Architecture) {
			v := a.ClientVPNs[0]
			v.Routes = append(v.Routes, model.ClientVPNRoute{Destination: netip.MustParsePrefix("10.100.0.0/16"), TargetSubnet: "PrivateSubnet1"})
		}, "WEB-02/client-vpn", model.SeverityError, "overlaps its route to 10.100.0.0/16"},
		{"VPN without authentication", 3, func(a *model.Architecture) { a.ClientVPNs[0].Authentication = nil }, "WEB-02/client-vpn", model.SeverityError, "no authentication"},
		{"VPN with directory authentication", 3, func(a *model.Architecture) {
			a.ClientVPNs[0].Authentication = []string{"directory-service-authentication"}
		}, "WEB-02/client-vpn", model.SeverityWarning, "mutual TLS or federated"},
		{"VPN full tunnel", 3, func(a *model.Architecture) { a.ClientVPNs[0].SplitTunnel = model.No }, "WEB-02/client-vpn", model.SeverityWarning, "split tunnel"},
		{"VPN not authorized to the VPC", 3, func(a *model.Architecture) { a.ClientVPNs[0].AuthorizationRules = nil }, "WEB-02/client-vpn", model.SeverityError, "no authorization rule"},
		{"VPN not associated", 3, func(a *model.Architecture) { a.ClientVPNs[0].Associations = nil }, "WEB-02/client-vpn", model.SeverityError, "not associated"},
		{"customer endpoints present", 3, func(a *model.Architecture) {
			e := a.Environments[0]
			e.EndpointManagement = model.CustomerManaged
			for _, svc := range []string{e.DatabaseVPCEndpointService, e.WebserverVPCEndpointService} {
				a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "Ep" + svc, VPC: "VPC", Service: svc, Type: model.EndpointInterface,
					PrivateDNS: model.Yes, Subnets: e.Subnets, SecurityGroups: e.SecurityGroups})
			}
		}, "EPM-02/customer-endpoints", "", ""},
		{"shared VPC with CUSTOMER endpoints", 3, func(a *model.Architecture) {
			a.AccountID = "111122223333"
			subnet(a, "PrivateSubnet1").OwnerID = "444455556666"
			a.Environments[0].EndpointManagement = model.CustomerManaged
		}, "EPM-01/shared-vpc", "", ""},
		{"bucket with public access", 3, func(a *model.Architecture) { a.Buckets[0].PublicAccessBlock[1] = model.No }, "S3-01/bucket", model.SeverityError, "BlockPublicPolicy off"},
		{"bucket in another Region", 3, func(a *model.Architecture) { a.Buckets[0].Region = "eu-west-1" }, "S3-01/bucket", model.SeverityError, "same Region"},
		{"bucket outside the input", 3, func(a *model.Architecture) { a.Environments[0].SourceBucketARN = "arn:aws:s3:::elsewhere" }, "S3-01/bucket", model.SeverityInfo, "not verifiable"},
		{"bucket without TLS-only policy", 3, func(a *model.Architecture) { a.Buckets[0].Policy = nil }, "S3-02/bucket-encryption", model.SeverityWarning, "without TLS"},
		{"no DAG folder", 3, func(a *model.Architecture) { a.Environments[0].DagS3Path = "" }, "S3-03/paths", model.SeverityError, "DagS3Path"},
		{"plugins as a URL", 3, func(a *model.Architecture) { a.Environments[0].PluginsS3Path = "s3://bucket/plugins.zip" }, "S3-03/paths", model.SeverityError, "relative to the bucket"},
		{"key alias", 3, func(a *model.Architecture) { a.Environments[0].KMSKey = "alias/mwaa" }, "KMS-01/customer-key", model.SeverityError, "alias"},
		{"AWS owned key", 3, func(a *model.Architecture) { a.Environments[0].KMSKey = "" }, "KMS-01/customer-key", model.SeverityWarning, "AWS owned key"},
		{"key policy without logs", 3, func(a *model.Architecture) {
			var keep []model.Statement
			for _, st := range a.Keys[0].Policy.Statements {
				if st.Principal["Service"] == nil {
					keep = append(keep, st)
				}
			}
			a.Keys[0].Policy.Statements = keep
		}, "KMS-01/customer-key", model.SeverityError, "CloudWatch Logs"},
		{"key outside the input", 3, func(a *model.Architecture) {
			a.Environments[0].KMSKey = "arn:aws:kms:us-east-1:111122223333:key/abc"
		}, "KMS-01/customer-key", model.SeverityInfo, "not verifiable"},
		{"role outside the input", 3, func(a *model.Architecture) {
			a.Environments[0].ExecutionRoleARN = "arn:aws:iam::111122223333:role/x"
		}, "IAM-01/trust", model.SeverityInfo, "not verifiable"},
		{"no execution role", 3, func(a *model.Architecture) { a.Environments[0].ExecutionRoleARN = "" }, "IAM-01/trust", model.SeverityError, "no execution role"},
		{"role allows everything everywhere", 3, func(a *model.Architecture) {
			d := a.ManagedPolicies[0].Document
			d.Statements = append(d.Statements, model.Statement{Effect: "Allow", Action: []string{"s3:*"}, Resource: []string{"*"}})
		}, "IAM-02/least-privilege", model.SeverityWarning, "every resource"},
		{"role without the ListAllMyBuckets deny", 3, func(a *model.Architecture) {
			d := a.ManagedPolicies[0].Document
			var keep []model.Statement
			for _, st := range d.Statements {
				if st.Allows() {
					keep = append(keep, st)
				}
			}
			d.Statements = keep
		}, "IAM-02/least-privilege", model.SeverityWarning, "s3:ListAllMyBuckets"},
		{"role using keys directly", 3, func(a *model.Architecture) {
			d := a.ManagedPolicies[0].Document
			for i := range d.Statements {
				if d.Statements[i].HasAction("kms:Decrypt") {
					d.Statements[i].Condition = nil
				}
			}
		}, "IAM-02/least-privilege", model.SeverityWarning, "kms:ViaService"},
		{"role without metrics", 3, func(a *model.Architecture) {
			d := a.ManagedPolicies[0].Document
			var keep []model.Statement
			for _, st := range d.Statements {
				if !st.HasAction("airflow:PublishMetrics") {
					keep = append(keep, st)
				}
			}
			d.Statements = keep
		}, "IAM-02/least-privilege", model.SeverityWarning, "runs without its metrics"},
		{"role with a managed policy outside the input", 3, func(a *model.Architecture) {
			a.ManagedPolicies = nil
			a.Roles[0].ManagedPolicyARNs = []string{"arn:aws:iam::aws:policy/AmazonMWAAExecution"}
		}, "IAM-02/least-privilege", model.SeverityInfo, "outside the input"},
		{"unknown class", 3, func(a *model.Architecture) { a.Environments[0].EnvironmentClass = "mw2.huge" }, "CAP-01/capacity", model.SeverityError, "not one of"},
		{"micro with two workers", 3, func(a *model.Architecture) {
			e := a.Environments[0]
			e.EnvironmentClass, e.MinWorkers, e.MaxWorkers, e.MinWebservers, e.MaxWebservers, e.Schedulers = "mw1.micro", 1, 2, 1, 1, 1
		}, "CAP-01/capacity", model.SeverityError, "at most 1 worker"},
		{"above the worker quota", 3, func(a *model.Architecture) { a.Environments[0].MaxWorkers = 40 }, "CAP-01/capacity", model.SeverityWarning, "quota"},
		{"six schedulers", 3, func(a *model.Architecture) { a.Environments[0].Schedulers = 6 }, "CAP-01/capacity", model.SeverityError, "Schedulers 6"},
		{"python deps in public routing", 1, func(a *model.Architecture) {
			a.Environments[0].RequirementsS3Path, a.Environments[0].PluginsS3Path = "requirements.txt", ""
		}, "PRV-08/python-dependencies", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := useCase(t, tc.base)
			tc.mutate(a)
			got := byRule(check(a), tc.rule)
			if tc.sev == "" {
				if len(got) > 0 {
					t.Errorf("%s fires: %v", tc.rule, got)
				}
				return
			}
			for _, f := range got {
				if f.Severity == tc.sev && strings.Contains(f.Message, tc.says) {
					return
				}
			}
			t.Errorf("%s: no %s finding saying %q in %v", tc.rule, tc.sev, tc.says, got)
		})
	}
}
