// Package cfn reads CloudFormation templates (YAML or JSON) into mwaanet's model.
//
// It has two layers. The generic layer parses a template with positions (go.yaml.in/yaml/v3
// nodes; JSON through a small reader of its own that builds the same nodes with exact
// columns), accepts the short (!Ref, !Sub, ...) and long (Ref, Fn::Sub, ...) forms of the
// intrinsic functions, and evaluates them symbolically to a Value: known data, a reference
// to a resource (Ref / Fn::GetAtt: never a guessed ID), a symbol (an account ID, stack name,
// parameter without a value, or the n-th Availability Zone, whose text is unknown but whose
// identity is stable), or unknown with a reason. Parameters take --param values, then their
// Default; pseudo parameters follow Options (AWS::Region defaults to us-east-1).
// Conditions are three-valued: a resource whose condition is false is left out, one whose
// condition cannot be decided is kept and reported. Evaluate exposes this layer.
//
// The model layer (Read) maps the EC2 networking, MWAA, S3, KMS, IAM, Logs, CloudWatch and
// SNS resource types to model objects (SupportedTypes lists them; an EC2 instance becomes its
// primary network interface, so NAT instances and bastions take part in routing), adds what AWS creates by itself (each VPC's main route
// table "<VPC>.MainRouteTable" and default network ACL "<VPC>.DefaultNetworkAcl", local
// routes, the "*" deny rules of every ACL, the default allow-all egress rule of a security
// group that declares no egress, and the VPC's default security group
// "<VPC>.DefaultSecurityGroup" when a template refers to it), and resolves Fn::ImportValue
// across all templates given.
//
// Duplicate keys: YAML forbids them, but CloudFormation accepts a template that repeats a
// logical ID and silently uses the last definition (reported in
// aws-cloudformation/cfn-language-discussion#96; cfn-lint rejects such templates). The
// reader does the same, so the model shows what CloudFormation would deploy, and reports
// every duplicate, with both lines, as an error finding in Architecture.IngestFindings.
// YAML aliases are rejected, as CloudFormation rejects them.
//
// The package must never guess a value it cannot know, call AWS, or panic on any input:
// unreadable input is a *model.InputError naming file:line:column and what was expected.
package cfn
