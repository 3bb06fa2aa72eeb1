// Package tfconfig reads a Terraform root module directory (.tf files, the modules it
// calls, tfvars) into the same model the plan reader (ingest/tfplan) builds from
// `terraform show -json`, without Terraform, a plan, or AWS credentials: model IDs are
// resource addresses (module.net.aws_subnet.private["a"]) and every object's Source is
// the file:line:column of its block.
//
// The configuration is evaluated with hashicorp/hcl/v2 and go-cty, in dependency order:
// a value (variable, local, resource, data source, module output) is evaluated when first
// referred to and then kept, so the work is linear in the configuration; a reference
// back to a value being evaluated is a cycle, reported with both positions. count,
// for_each, dynamic blocks, splat and for expressions, conditionals and the functions of
// functions.go are supported. Resource values are then mapped to the model by the plan
// reader's own code (tfplan.ReadResources), so both readers give the same verdicts.
//
// What Terraform knows only when it plans or applies is never guessed:
//   - a resource's id and arn are symbolic: on their own, the resource's address (the
//     model's "the ID itself" form, as the CloudFormation reader makes !Ref the logical
//     ID); inside a longer string (an ARN in a policy document or a jsonencode'd policy)
//     the model's symbols "${ADDRESS}" and "${ADDRESS.Arn}", as the CloudFormation reader
//     writes !Ref X and !GetAtt X.Arn, so that the checks match the policy's Resource or
//     Principal with the bucket, key or role (a plan knows these only after apply). The
//     ARN of a bucket or role whose name the configuration gives is spelled out
//     (arn:${AWS::Partition}:s3:::NAME), as the plan reader spells it. A string a function
//     took a symbolic value apart in (substr, upper) is unknown;
//   - other attributes a block does not set are unknown (cty.UnknownVal);
//   - data sources are unknown, except those that only spell names: aws_region,
//     aws_partition and aws_caller_identity (the provider's Region or ${AWS::Region},
//     ${AWS::AccountId}), aws_availability_zones (symbolic zones "${AWS::Region}#0", ...,
//     as the CloudFormation reader's !GetAZs) and aws_iam_policy_document (built as the
//     provider builds it, merging its source and override documents);
//   - a root variable without a value, a module not installed by terraform init, and a
//     count or for_each known only after apply are unknown and reported once as info
//     findings (RuleNotStatic) with how to give the value.
//
// Not read: .tf.json files and the merging of *_override.tf files (override files are read
// as ordinary files, so a block declared in both is a duplicate). Bounds: 200,000
// resource and module instances, references 5,000 deep, range() 1,024 elements (go-cty),
// format widths 4,096, setproduct 100,000 elements. The language itself allows nested
// for expressions whose work is the product of their ranges; the reader does not bound
// that beyond the bounds above.
//
// Unknown values reach the model as the plan reader's unknowns, so the checks say "not
// verifiable" rather than report an error. The reader reads the .tf and .tfvars files of
// the directories involved and .terraform/modules/modules.json; it never runs Terraform,
// calls AWS, or reads other files (file() and templatefile() are unknown).
package tfconfig
