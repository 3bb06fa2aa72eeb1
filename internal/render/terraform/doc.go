// Package terraform renders a *model.Architecture as a Terraform root module for the
// AWS provider 6.x: versions.tf, main.tf (provider, data sources, locals), variables.tf,
// one file per concern (network.tf, endpoints.tf, storage.tf, iam.tf, mwaa.tf, vpn.tf,
// monitoring.tf) and outputs.tf, written with hclwrite in canonical `terraform fmt` form.
//
// What it writes is idiomatic for the current provider: the S3 bucket's versioning,
// public access block, encryption and policy are separate resources; security-group rules
// are aws_vpc_security_group_ingress_rule / _egress_rule resources; the interface endpoints
// that differ only by service are one aws_vpc_endpoint with for_each over a list of
// services; Availability Zones, Region, partition and account come from data sources,
// never from literals; policies are aws_iam_policy_document data sources.
//
// What a user tunes (the environment name, CIDRs, class, workers, web servers, schedulers,
// Airflow version, VPN client CIDR and certificate ARNs, IDs of an existing VPC) are
// variables with descriptions and validation blocks, defaulting to the architecture's
// values; the architecture's Parameters become variables too. Outputs carry the names of
// the architecture's Outputs in snake_case.
//
// Mapping conventions (what a reader of the output may rely on):
//
//   - A model object with ID "PrivateSubnet1" is the resource named private_subnet_1 (its
//     ID in snake_case); the VPC is aws_vpc.main; grouped interface endpoints are
//     aws_vpc_endpoint.interface["<service>"].
//   - Objects whose IDs are AWS IDs (vpc-..., subnet-..., rtb-...) already exist: they are
//     not created, and references to them read variables (existing_vpc_id,
//     existing_subnet_ids, existing_route_table_ids). A new VPC's main route table and
//     default network ACL come with the VPC: they are its main_route_table_id and
//     default_network_acl_id, never resources of their own.
//   - Parameters of the architecture claim their variable names (snake_case) before the
//     tunables; a parameter whose default is a CIDR stands for that CIDR. ${AWS::StackName}
//     is var.name, or var.stack_name when the architecture has no name.
//   - A standalone security-group rule's ID (its Source.ID) names its resource, so other
//     objects may refer to it.
//   - Routes AWS adds by itself are not written: local routes, the routes of a gateway
//     endpoint's prefix list, and the Client VPN's route to the VPC of each associated
//     subnet. The VPC's implicit "*" network ACL rule is not written either.
//
// The package only renders: it must never read files, call AWS, or change the model.
package terraform
