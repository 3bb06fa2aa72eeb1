package live

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Script is a shell script that takes the same snapshot with the AWS CLI v2, for users who
// prefer to run the commands themselves (set REGION, VPC, and ENV for an environment).
const Script = `#!/bin/sh
# mwaanet snapshot with the AWS CLI v2: read-only calls, one VPC.
# Usage: REGION=us-east-1 VPC=vpc-0123 ENV=my-environment OUT=snapshot sh snapshot.sh
set -eu
: "${REGION:?set REGION}" "${OUT:=snapshot}"
mkdir -p "$OUT"
aws() { command aws --region "$REGION" --output json "$@"; }
if [ -n "${ENV:-}" ]; then
  aws mwaa get-environment --name "$ENV" > "$OUT/get-environment.json"
  if [ -z "${VPC:-}" ]; then
    SUBNET=$(aws mwaa get-environment --name "$ENV" --query 'Environment.NetworkConfiguration.SubnetIds[0]' --output text)
    VPC=$(aws ec2 describe-subnets --subnet-ids "$SUBNET" --query 'Subnets[0].VpcId' --output text)
  fi
fi
: "${VPC:?set VPC or ENV}"
F="Name=vpc-id,Values=$VPC"
aws ec2 describe-vpcs --vpc-ids "$VPC" > "$OUT/describe-vpcs.json"
aws ec2 describe-vpc-attribute --vpc-id "$VPC" --attribute enableDnsSupport > "$OUT/describe-vpc-attribute-enableDnsSupport.json"
aws ec2 describe-vpc-attribute --vpc-id "$VPC" --attribute enableDnsHostnames > "$OUT/describe-vpc-attribute-enableDnsHostnames.json"
aws ec2 describe-subnets --filters "$F" > "$OUT/describe-subnets.json"
aws ec2 describe-route-tables --filters "$F" > "$OUT/describe-route-tables.json"
aws ec2 describe-network-acls --filters "$F" > "$OUT/describe-network-acls.json"
aws ec2 describe-security-groups --filters "$F" > "$OUT/describe-security-groups.json"
aws ec2 describe-vpc-endpoints --filters "$F" > "$OUT/describe-vpc-endpoints.json"
aws ec2 describe-nat-gateways --filter "$F" > "$OUT/describe-nat-gateways.json"
aws ec2 describe-network-interfaces --filters "$F" > "$OUT/describe-network-interfaces.json"
aws ec2 describe-internet-gateways --filters "Name=attachment.vpc-id,Values=$VPC" > "$OUT/describe-internet-gateways.json"
aws ec2 describe-managed-prefix-lists > "$OUT/describe-managed-prefix-lists.json"
aws ec2 describe-transit-gateway-attachments --filters "Name=resource-id,Values=$VPC" > "$OUT/describe-transit-gateway-attachments.json"
aws ec2 describe-client-vpn-endpoints --query "{ClientVpnEndpoints: ClientVpnEndpoints[?VpcId=='$VPC']}" > "$OUT/describe-client-vpn-endpoints.json"
for ID in $(aws ec2 describe-client-vpn-endpoints --query "ClientVpnEndpoints[?VpcId=='$VPC'].ClientVpnEndpointId" --output text); do
  aws ec2 describe-client-vpn-target-networks --client-vpn-endpoint-id "$ID" > "$OUT/describe-client-vpn-target-networks-$ID.json"
  aws ec2 describe-client-vpn-routes --client-vpn-endpoint-id "$ID" > "$OUT/describe-client-vpn-routes-$ID.json"
  aws ec2 describe-client-vpn-authorization-rules --client-vpn-endpoint-id "$ID" > "$OUT/describe-client-vpn-authorization-rules-$ID.json"
done
# Load balancers and target groups have no VPC filter: --query keeps the VPC's. Their names
# become file names: a name that is not an ELB name (letters, digits, inner hyphens) is refused.
elbname() { case "$1" in ''|-*|*-|*[!A-Za-z0-9-]*) echo "refusing $2: not an ELB name" >&2; return 1 ;; esac; }
if aws elbv2 describe-load-balancers --query "{LoadBalancers: LoadBalancers[?VpcId=='$VPC']}" > "$OUT/describe-load-balancers.json"; then
  for ARN in $(aws elbv2 describe-load-balancers --query "LoadBalancers[?VpcId=='$VPC'].LoadBalancerArn" --output text); do
    NAME=${ARN#*:loadbalancer/*/}; NAME=${NAME%%/*}
    elbname "$NAME" "$ARN" || continue
    aws elbv2 describe-listeners --load-balancer-arn "$ARN" > "$OUT/describe-listeners-$NAME.json" || rm -f "$OUT/describe-listeners-$NAME.json"
  done
else
  rm -f "$OUT/describe-load-balancers.json"
fi
if aws elbv2 describe-target-groups --query "{TargetGroups: TargetGroups[?VpcId=='$VPC']}" > "$OUT/describe-target-groups.json"; then
  for ARN in $(aws elbv2 describe-target-groups --query "TargetGroups[?VpcId=='$VPC'].TargetGroupArn" --output text); do
    NAME=${ARN#*:targetgroup/}; NAME=${NAME%%/*}
    elbname "$NAME" "$ARN" || continue
    aws elbv2 describe-target-health --target-group-arn "$ARN" > "$OUT/describe-target-health-$NAME.json" || rm -f "$OUT/describe-target-health-$NAME.json"
  done
else
  rm -f "$OUT/describe-target-groups.json"
fi
if [ -n "${ENV:-}" ]; then
  BUCKET=$(aws mwaa get-environment --name "$ENV" --query 'Environment.SourceBucketArn' --output text | sed 's/^arn:[^:]*:s3::://')
  aws s3api get-bucket-versioning --bucket "$BUCKET" > "$OUT/get-bucket-versioning.json" || rm -f "$OUT/get-bucket-versioning.json"
  aws s3api get-public-access-block --bucket "$BUCKET" > "$OUT/get-public-access-block.json" || rm -f "$OUT/get-public-access-block.json"
  KEY=$(aws mwaa get-environment --name "$ENV" --query 'Environment.KmsKey' --output text)
  if [ "$KEY" != "None" ] && [ -n "$KEY" ]; then
    aws kms get-key-policy --key-id "$KEY" --policy-name default > "$OUT/get-key-policy.json" || rm -f "$OUT/get-key-policy.json"
  fi
  ROLE=$(aws mwaa get-environment --name "$ENV" --query 'Environment.ExecutionRoleArn' --output text | sed 's|.*/||')
  aws iam get-role --role-name "$ROLE" > "$OUT/get-role.json" || rm -f "$OUT/get-role.json"
fi
aws cloudwatch describe-alarms --alarm-types MetricAlarm > "$OUT/describe-alarms.json" || rm -f "$OUT/describe-alarms.json"
`

// IAMPolicy returns the minimal IAM policy for Collect and Script in region's partition
// (aws, aws-cn for cn-* Regions, aws-us-gov for us-gov-*; "" is aws). It allows exactly
// the calls the two make (TestPolicyMatchesCalls derives both sets and compares them).
// EC2 Describe actions, the elasticloadbalancing Describe actions and
// cloudwatch:DescribeAlarms have no resource-level permissions that fit (the ELB Describe
// actions support none; DescribeAlarms must be allowed on "*" to list composite alarms
// too, and the snapshot reads every metric alarm of the Region), hence "Resource": "*";
// GetEnvironment is scoped to environments. The S3, KMS, IAM, CloudWatch and Elastic Load
// Balancing statement is only needed for the optional bucket, key, role, alarm and load
// balancer files.
func IAMPolicy(region string) string {
	return strings.ReplaceAll(policyTemplate, "PARTITION", model.PartitionOf(region))
}

const policyTemplate = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "MwaanetSnapshotNetwork",
      "Effect": "Allow",
      "Action": [
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcAttribute",
        "ec2:DescribeSubnets",
        "ec2:DescribeRouteTables",
        "ec2:DescribeNetworkAcls",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcEndpoints",
        "ec2:DescribeNatGateways",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeManagedPrefixLists",
        "ec2:DescribeTransitGatewayAttachments",
        "ec2:DescribeClientVpnEndpoints",
        "ec2:DescribeClientVpnTargetNetworks",
        "ec2:DescribeClientVpnRoutes",
        "ec2:DescribeClientVpnAuthorizationRules"
      ],
      "Resource": "*"
    },
    {
      "Sid": "MwaanetSnapshotEnvironment",
      "Effect": "Allow",
      "Action": "airflow:GetEnvironment",
      "Resource": "arn:PARTITION:airflow:*:*:environment/*"
    },
    {
      "Sid": "MwaanetSnapshotOptional",
      "Effect": "Allow",
      "Action": [
        "s3:GetBucketVersioning",
        "s3:GetBucketPublicAccessBlock",
        "kms:GetKeyPolicy",
        "iam:GetRole",
        "cloudwatch:DescribeAlarms",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetHealth"
      ],
      "Resource": "*"
    }
  ]
}
`
