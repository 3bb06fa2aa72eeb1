package live

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/mwaanet/mwaanet/internal/model"
)

type job func(ctx context.Context) []output

// pager is what every SDK paginator offers (Opt is the service client's Options).
type pager[O, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*Opt)) (O, error)
}

// all reads every page of p and returns the items extract takes from each.
func all[O, T, Opt any](ctx context.Context, p pager[O, Opt], extract func(O) []T) ([]T, error) {
	items := []T{}
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		items = append(items, extract(page)...)
	}
	return items, nil
}

// list makes a job of one paginated EC2 call whose items go under key in file.
func list[O, T any](file, kind, op, key string, p func() pager[O, ec2.Options], extract func(O) []T) job {
	return func(ctx context.Context) []output {
		items, err := all(ctx, p(), extract)
		return []output{{file: file, kind: kind, op: op, value: map[string]any{key: items}, err: err}}
	}
}

// jobs lists the calls for the VPC (and the environment's resources), one job per
// resource type.
func (c *collector) jobs() []job {
	vpc := c.vpc
	e := c.ec2
	byVPC := vpcFilter("vpc-id", vpc)
	jobs := []job{
		func(ctx context.Context) []output {
			res, err := e.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{vpc}})
			o := output{file: "describe-vpcs.json", kind: model.UnknownVPCs, op: "DescribeVpcs", err: err}
			if err == nil {
				o.value = map[string]any{"Vpcs": res.Vpcs}
			}
			return []output{o}
		},
		c.vpcAttribute(ec2types.VpcAttributeNameEnableDnsSupport, "EnableDnsSupport", model.UnknownDNSSupport),
		c.vpcAttribute(ec2types.VpcAttributeNameEnableDnsHostnames, "EnableDnsHostnames", model.UnknownDNSHostnames),
		list("describe-subnets.json", model.UnknownSubnets, "DescribeSubnets", "Subnets",
			func() pager[*ec2.DescribeSubnetsOutput, ec2.Options] {
				return ec2.NewDescribeSubnetsPaginator(e, &ec2.DescribeSubnetsInput{Filters: byVPC})
			}, func(o *ec2.DescribeSubnetsOutput) []ec2types.Subnet { return o.Subnets }),
		list("describe-route-tables.json", model.UnknownRouteTables, "DescribeRouteTables", "RouteTables",
			func() pager[*ec2.DescribeRouteTablesOutput, ec2.Options] {
				return ec2.NewDescribeRouteTablesPaginator(e, &ec2.DescribeRouteTablesInput{Filters: byVPC})
			}, func(o *ec2.DescribeRouteTablesOutput) []ec2types.RouteTable { return o.RouteTables }),
		list("describe-network-acls.json", model.UnknownNetworkACLs, "DescribeNetworkAcls", "NetworkAcls",
			func() pager[*ec2.DescribeNetworkAclsOutput, ec2.Options] {
				return ec2.NewDescribeNetworkAclsPaginator(e, &ec2.DescribeNetworkAclsInput{Filters: byVPC})
			}, func(o *ec2.DescribeNetworkAclsOutput) []ec2types.NetworkAcl { return o.NetworkAcls }),
		list("describe-security-groups.json", model.UnknownSecurityGroups, "DescribeSecurityGroups", "SecurityGroups",
			func() pager[*ec2.DescribeSecurityGroupsOutput, ec2.Options] {
				return ec2.NewDescribeSecurityGroupsPaginator(e, &ec2.DescribeSecurityGroupsInput{Filters: byVPC})
			}, func(o *ec2.DescribeSecurityGroupsOutput) []ec2types.SecurityGroup { return o.SecurityGroups }),
		list("describe-vpc-endpoints.json", model.UnknownEndpoints, "DescribeVpcEndpoints", "VpcEndpoints",
			func() pager[*ec2.DescribeVpcEndpointsOutput, ec2.Options] {
				return ec2.NewDescribeVpcEndpointsPaginator(e, &ec2.DescribeVpcEndpointsInput{Filters: byVPC})
			}, func(o *ec2.DescribeVpcEndpointsOutput) []ec2types.VpcEndpoint { return o.VpcEndpoints }),
		list("describe-nat-gateways.json", model.UnknownNATGateways, "DescribeNatGateways", "NatGateways",
			func() pager[*ec2.DescribeNatGatewaysOutput, ec2.Options] {
				return ec2.NewDescribeNatGatewaysPaginator(e, &ec2.DescribeNatGatewaysInput{Filter: byVPC})
			}, func(o *ec2.DescribeNatGatewaysOutput) []ec2types.NatGateway { return o.NatGateways }),
		list("describe-network-interfaces.json", model.UnknownNetworkInterfaces, "DescribeNetworkInterfaces", "NetworkInterfaces",
			func() pager[*ec2.DescribeNetworkInterfacesOutput, ec2.Options] {
				return ec2.NewDescribeNetworkInterfacesPaginator(e, &ec2.DescribeNetworkInterfacesInput{Filters: byVPC})
			}, func(o *ec2.DescribeNetworkInterfacesOutput) []ec2types.NetworkInterface { return o.NetworkInterfaces }),
		list("describe-internet-gateways.json", model.UnknownInternetGateways, "DescribeInternetGateways", "InternetGateways",
			func() pager[*ec2.DescribeInternetGatewaysOutput, ec2.Options] {
				return ec2.NewDescribeInternetGatewaysPaginator(e, &ec2.DescribeInternetGatewaysInput{Filters: vpcFilter("attachment.vpc-id", vpc)})
			}, func(o *ec2.DescribeInternetGatewaysOutput) []ec2types.InternetGateway { return o.InternetGateways }),
		list("describe-managed-prefix-lists.json", model.UnknownPrefixLists, "DescribeManagedPrefixLists", "PrefixLists",
			func() pager[*ec2.DescribeManagedPrefixListsOutput, ec2.Options] {
				return ec2.NewDescribeManagedPrefixListsPaginator(e, &ec2.DescribeManagedPrefixListsInput{})
			}, func(o *ec2.DescribeManagedPrefixListsOutput) []ec2types.ManagedPrefixList { return o.PrefixLists }),
		list("describe-transit-gateway-attachments.json", model.UnknownTransitGatewayAttachments, "DescribeTransitGatewayAttachments", "TransitGatewayAttachments",
			func() pager[*ec2.DescribeTransitGatewayAttachmentsOutput, ec2.Options] {
				return ec2.NewDescribeTransitGatewayAttachmentsPaginator(e, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: vpcFilter("resource-id", vpc)})
			}, func(o *ec2.DescribeTransitGatewayAttachmentsOutput) []ec2types.TransitGatewayAttachment {
				return o.TransitGatewayAttachments
			}),
		c.clientVPNs,
		c.loadBalancers,
		c.targetGroups,
		c.alarms,
	}
	if c.env != nil {
		jobs = append(jobs, c.bucket, c.keyPolicy, c.role)
	}
	return jobs
}

func (c *collector) vpcAttribute(attr ec2types.VpcAttributeName, key, kind string) job {
	return func(ctx context.Context) []output {
		res, err := c.ec2.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(c.vpc), Attribute: attr})
		o := output{file: "describe-vpc-attribute-" + string(attr) + ".json", kind: kind, op: "DescribeVpcAttribute", err: err}
		if err == nil {
			v := res.EnableDnsSupport
			if attr == ec2types.VpcAttributeNameEnableDnsHostnames {
				v = res.EnableDnsHostnames
			}
			o.value = map[string]any{"VpcId": c.vpc, key: v}
		}
		return []output{o}
	}
}

// clientVPNs reads the Client VPN endpoints of the VPC (DescribeClientVpnEndpoints has no
// VPC filter: it is applied to the result) and each one's target networks, routes and
// authorization rules.
func (c *collector) clientVPNs(ctx context.Context) []output {
	e := c.ec2
	all_, err := all(ctx, pager[*ec2.DescribeClientVpnEndpointsOutput, ec2.Options](ec2.NewDescribeClientVpnEndpointsPaginator(e, &ec2.DescribeClientVpnEndpointsInput{})),
		func(o *ec2.DescribeClientVpnEndpointsOutput) []ec2types.ClientVpnEndpoint {
			return o.ClientVpnEndpoints
		})
	eps := []ec2types.ClientVpnEndpoint{}
	for _, ep := range all_ {
		if aws.ToString(ep.VpcId) == c.vpc {
			eps = append(eps, ep)
		}
	}
	outs := []output{{file: "describe-client-vpn-endpoints.json", kind: model.UnknownClientVPNs, op: "DescribeClientVpnEndpoints",
		value: map[string]any{"ClientVpnEndpoints": eps}, err: err}}
	for _, ep := range eps {
		id := aws.ToString(ep.ClientVpnEndpointId)
		k := model.UnknownClientVPNDetails
		if err := checkID("cvpn-endpoint", id, "DescribeClientVpnEndpoints"); err != nil {
			// The ID becomes part of three file names: never a path of its own.
			outs = append(outs, output{file: "describe-client-vpn-endpoints.json", kind: k, op: "DescribeClientVpnEndpoints", err: err})
			continue
		}
		outs = append(outs,
			list("describe-client-vpn-target-networks-"+id+".json", k, "DescribeClientVpnTargetNetworks", "ClientVpnTargetNetworks",
				func() pager[*ec2.DescribeClientVpnTargetNetworksOutput, ec2.Options] {
					return ec2.NewDescribeClientVpnTargetNetworksPaginator(e, &ec2.DescribeClientVpnTargetNetworksInput{ClientVpnEndpointId: aws.String(id)})
				}, func(o *ec2.DescribeClientVpnTargetNetworksOutput) []ec2types.TargetNetwork {
					return o.ClientVpnTargetNetworks
				})(ctx)...)
		outs = append(outs,
			list("describe-client-vpn-routes-"+id+".json", k, "DescribeClientVpnRoutes", "Routes",
				func() pager[*ec2.DescribeClientVpnRoutesOutput, ec2.Options] {
					return ec2.NewDescribeClientVpnRoutesPaginator(e, &ec2.DescribeClientVpnRoutesInput{ClientVpnEndpointId: aws.String(id)})
				}, func(o *ec2.DescribeClientVpnRoutesOutput) []ec2types.ClientVpnRoute { return o.Routes })(ctx)...)
		outs = append(outs,
			list("describe-client-vpn-authorization-rules-"+id+".json", k, "DescribeClientVpnAuthorizationRules", "AuthorizationRules",
				func() pager[*ec2.DescribeClientVpnAuthorizationRulesOutput, ec2.Options] {
					return ec2.NewDescribeClientVpnAuthorizationRulesPaginator(e, &ec2.DescribeClientVpnAuthorizationRulesInput{ClientVpnEndpointId: aws.String(id)})
				}, func(o *ec2.DescribeClientVpnAuthorizationRulesOutput) []ec2types.AuthorizationRule {
					return o.AuthorizationRules
				})(ctx)...)
	}
	return outs
}

// bucket reads the environment bucket's versioning and public access block.
func (c *collector) bucket(ctx context.Context) []output {
	if c.env.bucket == "" {
		return nil
	}
	b := aws.String(c.env.bucket)
	v := output{file: "get-bucket-versioning.json", kind: model.UnknownBucketVersioning, op: "GetBucketVersioning"}
	if res, err := c.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b}); err != nil {
		v.err = err
	} else if res.Status == "" && res.MFADelete == "" {
		v.empty = true // what the AWS CLI prints for a bucket that never had versioning
	} else {
		m := map[string]any{}
		if res.Status != "" {
			m["Status"] = res.Status
		}
		if res.MFADelete != "" {
			m["MFADelete"] = res.MFADelete
		}
		v.value = m
	}
	p := output{file: "get-public-access-block.json", kind: model.UnknownBucketPAB, op: "GetPublicAccessBlock"}
	res, err := c.s3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	switch code, _ := apiError(err); {
	case err == nil:
		p.value = map[string]any{"PublicAccessBlockConfiguration": res.PublicAccessBlockConfiguration}
	case code == "NoSuchPublicAccessBlockConfiguration":
		// No block configured on the bucket: every setting is off.
		p.value = map[string]any{"PublicAccessBlockConfiguration": s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(false), BlockPublicPolicy: aws.Bool(false), IgnorePublicAcls: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false)}}
	default:
		p.err = err
	}
	return []output{v, p}
}

func (c *collector) keyPolicy(ctx context.Context) []output {
	if c.env.key == "" {
		return nil
	}
	o := output{file: "get-key-policy.json", kind: model.UnknownKeyPolicy, op: "GetKeyPolicy"}
	res, err := c.kms.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(c.env.key), PolicyName: aws.String("default")})
	if err != nil {
		o.err = err
	} else {
		o.value = map[string]any{"Policy": aws.ToString(res.Policy), "PolicyName": aws.ToString(res.PolicyName)}
	}
	return []output{o}
}

func (c *collector) role(ctx context.Context) []output {
	if c.env.role == "" {
		return nil
	}
	o := output{file: "get-role.json", kind: model.UnknownExecutionRole, op: "GetRole"}
	res, err := c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(c.env.role)})
	if err != nil {
		o.err = err
		return []output{o}
	}
	if res.Role == nil {
		o.err = errors.New("GetRole returned no role")
		return []output{o}
	}
	role, err := toGeneric(res.Role)
	if err != nil {
		o.err = err
		return []output{o}
	}
	if m, ok := role.(map[string]any); ok {
		if d, ok := m["AssumeRolePolicyDocument"].(string); ok {
			m["AssumeRolePolicyDocument"] = decodePolicy(d)
		}
	}
	o.value = map[string]any{"Role": role}
	return []output{o}
}

// alarms reads the Region's metric alarms, as `aws cloudwatch describe-alarms
// --alarm-types MetricAlarm` prints them (LOG rules look for the environment's alarms;
// DescribeAlarms has no filter by dimension, so all are read and the reader matches them).
func (c *collector) alarms(ctx context.Context) []output {
	var items []cwtypes.MetricAlarm
	p := cloudwatch.NewDescribeAlarmsPaginator(c.cw, &cloudwatch.DescribeAlarmsInput{AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}})
	var err error
	for p.HasMorePages() {
		var page *cloudwatch.DescribeAlarmsOutput
		if page, err = p.NextPage(ctx); err != nil {
			break
		}
		items = append(items, page.MetricAlarms...)
	}
	o := output{file: "describe-alarms.json", kind: model.UnknownAlarms, op: "DescribeAlarms", err: err}
	if err == nil {
		if items == nil {
			items = []cwtypes.MetricAlarm{}
		}
		o.value = map[string]any{"MetricAlarms": items}
	}
	return []output{o}
}
