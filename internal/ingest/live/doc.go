// Package live collects a snapshot of an existing MWAA network from an AWS account with
// aws-sdk-go-v2: the same files, in the same JSON shape, as the AWS CLI commands listed in
// awscli.FileNames print, so that awscli.ReadDir reads them. It only reads: every call is
// a Describe/Get call, filtered to one VPC, paginated, run a few at a time under the SDK's
// retry and client-side throttling. A call that is denied (AccessDenied,
// UnauthorizedOperation) is recorded in errors.json and reported, never fatal.
//
// It must never write to the account, log credentials, or guess what it could not read.
//
// Minimal IAM policy (read-only; the S3, KMS and IAM statements are only needed for the
// optional bucket, key and role files):
//
//	{
//	  "Version": "2012-10-17",
//	  "Statement": [
//	    {
//	      "Sid": "MwaanetSnapshotNetwork",
//	      "Effect": "Allow",
//	      "Action": [
//	        "ec2:DescribeVpcs",
//	        "ec2:DescribeVpcAttribute",
//	        "ec2:DescribeSubnets",
//	        "ec2:DescribeRouteTables",
//	        "ec2:DescribeNetworkAcls",
//	        "ec2:DescribeSecurityGroups",
//	        "ec2:DescribeVpcEndpoints",
//	        "ec2:DescribeNatGateways",
//	        "ec2:DescribeNetworkInterfaces",
//	        "ec2:DescribeInternetGateways",
//	        "ec2:DescribeManagedPrefixLists",
//	        "ec2:DescribeTransitGatewayAttachments",
//	        "ec2:DescribeClientVpnEndpoints",
//	        "ec2:DescribeClientVpnTargetNetworks",
//	        "ec2:DescribeClientVpnRoutes",
//	        "ec2:DescribeClientVpnAuthorizationRules"
//	      ],
//	      "Resource": "*"
//	    },
//	    {
//	      "Sid": "MwaanetSnapshotEnvironment",
//	      "Effect": "Allow",
//	      "Action": "airflow:GetEnvironment",
//	      "Resource": "arn:aws:airflow:*:*:environment/*"
//	    },
//	    {
//	      "Sid": "MwaanetSnapshotOptional",
//	      "Effect": "Allow",
//	      "Action": [
//	        "s3:GetBucketVersioning",
//	        "s3:GetBucketPublicAccessBlock",
//	        "kms:GetKeyPolicy",
//	        "iam:GetRole"
//	      ],
//	      "Resource": "*"
//	    }
//	  ]
//	}
//
// EC2 Describe actions do not support resource-level permissions, hence "Resource": "*".
// The AWS managed policy ReadOnlyAccess covers all of the above.
//
// The same snapshot with the AWS CLI is Script.
package live
