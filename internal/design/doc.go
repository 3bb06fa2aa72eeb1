// Package design turns a spec into the architecture it describes: the CIDR plan, the
// network (VPC, subnets, gateways, route tables, network ACL, security groups, VPC
// endpoints, Client VPN) and the rest of an MWAA environment (DAG bucket, KMS key,
// execution role, logging, alarms, outputs), as one *model.Architecture that the renderers
// (CloudFormation, Terraform, diagram), reach, rules and cost all read.
//
// Build is deterministic: the same spec gives the same objects in the same order.
//
// Conventions of the architecture it builds (what consumers may rely on):
//
//   - IDs are the CloudFormation logical IDs of the synthesized resources: VPC,
//     PrivateSubnet1/2, PublicSubnet1/2, InternetGateway, NatGateway1/2, NatGateway1EIP,
//     PublicRouteTable, PrivateRouteTable1/2, NetworkAcl, EnvironmentSecurityGroup,
//     EndpointSecurityGroup, ClientVpnSecurityGroup, <Service>Endpoint (SqsEndpoint,
//     EcrDkrEndpoint, AirflowApiEndpoint, ...), S3GatewayEndpoint, DagBucket, Key,
//     ExecutionRole, ExecutionPolicy, ClientVpnEndpoint, Environment and the alarms
//     (SchedulerHeartbeatAlarm, ...).
//   - Existing resources (use case 4: vpc.existing) keep their AWS IDs (vpc-..., subnet-...),
//     which are never valid logical IDs: the VPC and its two subnets are in the
//     architecture with what the spec says of them (CIDRs, AZs), so that reach and the
//     diagram can place them, but renderers must not create them. The existing route
//     tables are NOT in the architecture (their routes are not known from a spec); the S3
//     gateway endpoint names them by their rtb- IDs. Architecture.Unknown then lists the
//     kinds a spec says nothing about (route tables, network ACLs, gateways, DNS
//     attributes of the existing VPC).
//   - Every route table lists its local route explicitly (Target.Kind local, ID "local").
//   - A new VPC also has what AWS creates with it, as the CloudFormation reader names them:
//     the main route table "VPC.MainRouteTable" (Main, local route only) and the default
//     network ACL "VPC.DefaultNetworkAcl" (Default); no subnet uses either.
//   - The S3 gateway endpoint's routes: each route table the endpoint is associated with
//     holds Route{DestinationPrefixList: "S3PrefixList", Target: {vpc-endpoint,
//     S3GatewayEndpoint}}, and the architecture holds the AWS-managed PrefixList with ID
//     S3PrefixList, name com.amazonaws.${AWS::Region}.s3 and unknown entries. AWS adds
//     that route itself when the endpoint is created, so renderers emit the endpoint's
//     RouteTableIds and not the route.
//   - Network ACL entries include the implicit "*" deny (model.DefaultRuleNumber), IPv4 and
//     IPv6, both ways.
//   - Security-group rules name their peer group by ID (Group), including self references
//     (the environment group's rule to itself). Each rule's Source.ID is the logical ID a
//     renderer may give a standalone rule resource (EnvironmentSecurityGroupSelfIngress).
//   - Client VPN routes list the VPC-CIDR route of each associated subnet, which AWS adds
//     by itself on association.
//   - CUSTOMER endpoint management adds DatabaseEndpoint (and WebserverEndpoint when
//     PRIVATE_ONLY) to the environment's own endpoint services
//     (${Environment.DatabaseVpcEndpointService}), in the environment's subnets with the
//     environment's security group and without private DNS (these endpoint services have
//     no private DNS name). Caveat: MWAA reports those services while the environment
//     waits in PENDING (EPM-02); a deployment tool that waits for the environment to be
//     AVAILABLE before creating what depends on it needs the endpoints in a second step
//     (in a shared VPC the owner account creates them anyway).
//   - Regional values stay symbolic (${AWS::Region}, ${AWS::Partition}, ${AWS::AccountId})
//     in names, ARNs and endpoint service names so that a template is portable; the
//     Architecture still records the spec's Region and Partition.
//   - Availability Zones are the spec's names when pinned, else "${AWS::Region}#0" and
//     "${AWS::Region}#1" (the first two zones of the Region: !Select [i, !GetAZs ""]).
//
// BuildExisting (use case 4 against a snapshot of the existing VPC) returns only what that
// VPC lacks, with notes for what must be changed by hand; Deployed merges its result into
// the snapshot as deploying the template would. See existing.go.
//
// An impossible plan (subnets that do not fit the VPC CIDR, a Client VPN range inside the
// VPC) is a *model.InputError at the spec position that caused it, saying why.
//
// design must never read files, call AWS, or render text.
package design
