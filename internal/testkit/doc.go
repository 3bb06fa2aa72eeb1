// Package testkit is the root of mwaanet's test-only infrastructure; nothing under it is
// part of the product, and no product package imports it:
//
//   - cfnspec: validates generated CloudFormation against the official resource
//     specification (npm @aws-cdk/aws-service-spec);
//   - tfschema, tfstub, tfvalidate: the Terraform AWS provider's schema (npm
//     @cdktf/provider-aws), a schema-only stub provider, and terraform validate/plan with it;
//   - tfmoto: the real Terraform and AWS provider against moto_server, for real plans;
//   - browser: headless Chromium with the flags every run needs, retried when it crashes;
//   - usecase: the use cases' architecture and Terraform as synth makes them;
//   - fixtures: hand-written inputs shared by several packages' tests.
package testkit
