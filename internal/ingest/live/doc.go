// Package live collects a snapshot of an existing MWAA network from an AWS account with
// aws-sdk-go-v2: the same files, in the same JSON shape, as the AWS CLI commands listed in
// awscli.FileNames print, so that awscli.ReadDir reads them. It only reads: every call is
// a Describe/Get call, filtered to one VPC, paginated, run a few at a time under the SDK's
// retry and client-side throttling. A call that is denied (AccessDenied,
// UnauthorizedOperation) is recorded in errors.json and reported, and is fatal only when
// every essential call (the VPC, its subnets, route tables, ACLs and security groups) was
// denied (*DeniedError): such a snapshot would hold nothing to check. IDs the API returns
// that become part of a file name are checked against AWS ID syntax first (ValidID), and
// load balancer and target group names against ELBv2's naming rule (ValidELBName).
//
// It must never write to the account, log credentials, or guess what it could not read.
//
// The minimal IAM policy (read-only) is IAMPolicy(region): it allows exactly the calls
// of Collect and Script, with ARNs in the Region's partition.
//
// EC2 and Elastic Load Balancing Describe actions do not support resource-level
// permissions, hence "Resource": "*".
// The AWS managed policy ReadOnlyAccess covers all of the above.
//
// The same snapshot with the AWS CLI is Script.
package live
