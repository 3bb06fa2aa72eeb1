// Package cfn renders an architecture as an AWS CloudFormation template, in YAML (short
// intrinsic forms: !Ref, !GetAtt, !Sub) or JSON (Ref, Fn::GetAtt, Fn::Sub).
//
// The renderer is generic over the model: each kind of model object maps to its
// CloudFormation resource(s), whatever produced the architecture. Its rules:
//
//   - An object's ID is its logical ID. An object whose ID is not a valid logical ID (an
//     AWS ID such as vpc-0abc or subnet-0abc) already exists: it is not rendered, and
//     references to it become the literal ID.
//   - Symbolic strings (Fn::Sub syntax, see package model) become !Ref when they are one
//     reference to an object, parameter or pseudo parameter, !GetAtt when they are one
//     attribute, and !Sub otherwise.
//   - What AWS creates by itself is not rendered: network interfaces (the services that own
//     them create them), AWS-managed prefix lists (no entries known), main route tables
//     and default ACLs, local routes, the default "*" ACL rules,
//     the prefix-list routes of gateway endpoints (the endpoint's RouteTableIds stand for
//     them), and the VPC-CIDR routes of Client VPN associations.
//   - Security-group rules whose peer is a group (including the group itself) become
//     standalone SecurityGroupIngress/Egress resources (so that groups may refer to each
//     other without a cycle), named by the rule's Source.ID when it is a logical ID.
//   - A group with no inline (CIDR or prefix-list) egress rule gets a rule that matches no
//     traffic, so that AWS's default allow-all egress does not appear where the model has
//     none. IPv6 CIDRs of VPCs are not rendered (AWS assigns them).
//   - Derived resources get derived logical IDs: <Subnet>RouteTableAssociation,
//     <Subnet>NetworkAclAssociation, <Acl>Ingress<N>/<Acl>Egress<N>,
//     <Gateway>Attachment, <Key>Alias, <Bucket>Policy, <ClientVpn>Association<N>, ...
//   - Maps are rendered with sorted keys; resources in a fixed kind order, each kind in
//     model order. The same architecture gives the same bytes.
//
// The package must never decide what the architecture should be (that is design) or judge
// it (rules).
package cfn
