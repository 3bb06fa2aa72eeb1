// Package cfnspec validates CloudFormation templates against the official
// CloudFormation resource specification, as shipped in the npm package
// @aws-cdk/aws-service-spec (file db.json.gz).
//
// It answers one question: would CloudFormation's own schema accept the
// resources of this template? It checks resource types, property names at
// every nesting level, required properties, value types (lists, maps,
// primitives, nested type definitions), enum values, Fn::GetAtt attribute
// names, and that Ref, Fn::GetAtt, Fn::Sub and DependsOn point at things the
// template defines.
//
// It must never judge the network design (that is internal/rules), never
// talk to AWS, and never evaluate intrinsic functions beyond the obvious:
// where an intrinsic function stands for a value, the value is accepted
// unless its result type is certain to be wrong (for example Fn::Join
// where a list is expected).
//
// The template is the decoded JSON form (map[string]any, as produced by
// encoding/json or DecodeYAML). Problems carry dotted paths such as
// Resources.Vpc.Properties.Tags[0].Key so callers can map them back to
// source positions.
package cfnspec
