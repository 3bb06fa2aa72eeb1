// Package model holds the plain Go types that every part of mwaanet shares: the network
// (VPCs, subnets, route tables, network ACLs, security groups, endpoints, gateways, Client
// VPN, network interfaces) and the rest of an MWAA architecture (the environment, its
// bucket, key, execution role, log groups and alarms), plus findings and input errors.
//
// Two flows meet here. Synthesis: spec -> design -> model -> render. Verification: any input
// (CloudFormation, Terraform plan, AWS CLI snapshot, live account) -> ingest -> model ->
// reach and rules -> report. So the model is provider-neutral: it says what exists, not how
// it was written down.
//
// Conventions every producer and consumer follows:
//
//   - Identity. Every object has an ID that is unique within its kind in one Architecture:
//     the CloudFormation logical ID (synthesized or read templates), the AWS ID (snapshot,
//     live), or the Terraform resource address (plans). Objects refer to each other by these
//     IDs (Subnet.VPC, RouteTable.Subnets, Route.Target.ID, ...). A reference whose ID is not
//     in the Architecture points at something outside the input (an existing resource named
//     by literal ID); consumers must treat it as "not verifiable from this input", never as
//     absent.
//   - Positions. Every object, and every rule inside one (route, ACL entry, SG rule), carries
//     a Source: the file, line and column it was read from, or the AWS ID for API input.
//   - Unknowns. A value that cannot be known statically (a template parameter without a
//     default, a value known only after apply) is unknown, never guessed: Tri is Unknown,
//     a netip.Prefix or netip.Addr is the zero value (!IsValid()), a string is "" and an int
//     is -1 where the field's comment says so. A rule that needs an unknown value reports
//     that it cannot decide instead of passing or failing.
//   - Symbolic strings. Strings that may refer to other resources (ARNs, names in policies,
//     URLs) use CloudFormation Fn::Sub syntax: "${Bucket.Arn}/*" means the Arn attribute of
//     the object with ID Bucket; "${Key}" means that object itself (CloudFormation Ref);
//     "${AWS::Region}", "${AWS::Partition}", "${AWS::AccountId}", "${AWS::URLSuffix}" are the
//     pseudo parameters; "${Name}" may also name an Architecture Parameter. Renderers turn
//     these into !Sub/!Ref/!GetAtt or Terraform interpolations; see expr.go.
//
// The model must never import another mwaanet package, read files, or call AWS.
package model
