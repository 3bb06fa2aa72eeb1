package tfconfig

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// unknownOf records that resources of type typ exist that could not be read (a count
// known only after apply, a dynamic block whose for_each is): the model's facts of that
// kind are then incomplete, and the checks that need them say "not verifiable" instead
// of reading an absence as a fault.
func (ev *evaluator) unknownOf(typ string) {
	for _, k := range kindsOf(typ) {
		ev.unknown[k] = true
	}
}

// unknownAll records that a module call could not be read (not installed, or its count
// known only after apply): it may create any of the network's resources.
func (ev *evaluator) unknownAll() {
	for _, k := range []string{model.UnknownRouteTables, model.UnknownNetworkACLs, model.UnknownSecurityGroups,
		model.UnknownEndpoints, model.UnknownNATGateways, model.UnknownInternetGateways, model.UnknownClientVPNs,
		model.UnknownClientVPNDetails, model.UnknownRolePolicies, model.UnknownAlarms, model.UnknownBucketPolicy,
		model.UnknownBucketPAB, model.UnknownBucketEncryption, model.UnknownBucketVersioning, model.UnknownEndpointPolicies} {
		ev.unknown[k] = true
	}
}

// kindsOf maps a resource type to the Unknown kinds its instances decide.
func kindsOf(typ string) []string {
	switch {
	case typ == "aws_vpc" || typ == "aws_vpc_ipv4_cidr_block_association":
		return []string{model.UnknownVPCs}
	case typ == "aws_subnet":
		return []string{model.UnknownSubnets}
	case strings.Contains(typ, "route_table") || typ == "aws_route":
		return []string{model.UnknownRouteTables}
	case strings.Contains(typ, "network_acl"):
		return []string{model.UnknownNetworkACLs}
	case strings.Contains(typ, "security_group"):
		return []string{model.UnknownSecurityGroups}
	case typ == "aws_vpc_endpoint_policy":
		return []string{model.UnknownEndpointPolicies}
	case strings.HasPrefix(typ, "aws_vpc_endpoint"):
		return []string{model.UnknownEndpoints}
	case typ == "aws_nat_gateway":
		return []string{model.UnknownNATGateways}
	case strings.Contains(typ, "internet_gateway"):
		return []string{model.UnknownInternetGateways}
	case typ == "aws_ec2_client_vpn_endpoint":
		return []string{model.UnknownClientVPNs}
	case strings.HasPrefix(typ, "aws_ec2_client_vpn"):
		return []string{model.UnknownClientVPNDetails}
	case typ == "aws_mwaa_environment":
		return []string{model.UnknownEnvironment}
	case typ == "aws_s3_bucket_policy":
		return []string{model.UnknownBucketPolicy}
	case typ == "aws_s3_bucket_public_access_block":
		return []string{model.UnknownBucketPAB}
	case typ == "aws_s3_bucket_server_side_encryption_configuration":
		return []string{model.UnknownBucketEncryption}
	case typ == "aws_s3_bucket_versioning":
		return []string{model.UnknownBucketVersioning}
	case strings.HasPrefix(typ, "aws_iam_role_policy") || typ == "aws_iam_policy":
		return []string{model.UnknownRolePolicies}
	case typ == "aws_iam_role":
		return []string{model.UnknownExecutionRole}
	case typ == "aws_kms_key":
		return []string{model.UnknownKeyPolicy}
	case typ == "aws_cloudwatch_metric_alarm":
		return []string{model.UnknownAlarms}
	}
	return nil
}
