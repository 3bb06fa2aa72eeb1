// Package equivtest holds the tests that prove one architecture gives the same check
// verdicts whichever form it is read from: a CloudFormation template (render/cfn read back
// by ingest/cfn), a snapshot directory of AWS CLI output (ingest/awscli) and a Terraform
// plan in JSON (ingest/tfplan). The writers that turn a model into a snapshot and a plan
// live in the test files; the package has no API.
package equivtest
