package diagram

import "github.com/mwaanet/mwaanet/internal/model"

type findingLike = model.Finding

// Graph is a neutral diagram: nodes inside nested groups, and labelled edges between
// nodes or groups. IDs are stable, readable strings ("vpce-logs", "subnet-PrivateSubnet1")
// so that every output is deterministic and hand edits in draw.io can be diffed.
type Graph struct {
	Title  string
	Groups []*Group // parents before children
	Nodes  []*Node
	Edges  []*Edge
	// Unplaced are findings whose resource no element of the diagram stands for; the
	// legend lists them so that no finding is silently dropped.
	Unplaced []model.Finding
}

// Group is a container: the AWS Cloud, a Region, a VPC, an Availability Zone, a subnet,
// the corporate network, or a box of related services.
type Group struct {
	ID     string
	Kind   GroupKind
	Label  string
	Detail string // second line (CIDR, name)
	Parent string // "" for the top level
	// ModelIDs are the model objects the group stands for (findings on them mark it).
	ModelIDs []string
	Findings []model.Finding
}

// Node is one box: a service, a gateway, an endpoint, a part of MWAA, users.
type Node struct {
	ID       string
	Kind     NodeKind
	Label    string
	Detail   string
	Parent   string // group ID
	ModelIDs []string
	Findings []model.Finding
}

// EdgeStyle says what an edge means.
type EdgeStyle string

const (
	// Network is a path packets take (solid line), labelled with protocol and port.
	Network EdgeStyle = "network"
	// Relation is a permission or encryption relation (dashed): IAM, KMS.
	Relation EdgeStyle = "relation"
)

// Edge connects two elements (node or group IDs) in the direction traffic or the
// relation flows.
type Edge struct {
	ID       string
	From, To string
	Label    string
	Style    EdgeStyle
}

// GroupKind is the kind of a group; it decides its style.
type GroupKind string

const (
	GroupCloud     GroupKind = "aws-cloud"
	GroupRegion    GroupKind = "region"
	GroupVPC       GroupKind = "vpc"
	GroupAZ        GroupKind = "availability-zone"
	GroupPrivate   GroupKind = "private-subnet"
	GroupPublic    GroupKind = "public-subnet"
	GroupCorporate GroupKind = "corporate-network"
	GroupInternet  GroupKind = "internet"
	GroupEndpoints GroupKind = "vpc-endpoints"
	GroupManaged   GroupKind = "mwaa-managed"
	GroupServices  GroupKind = "aws-services"
)

// NodeKind is the kind of a node; it decides its category colour, tile text and draw.io
// shape.
type NodeKind string

const (
	KindEnvironment NodeKind = "mwaa"
	KindWebserver   NodeKind = "webserver"
	KindScheduler   NodeKind = "scheduler"
	KindWorkers     NodeKind = "workers"
	KindMetadataDB  NodeKind = "aurora"
	KindS3          NodeKind = "s3"
	KindLogs        NodeKind = "cloudwatch-logs"
	KindCloudWatch  NodeKind = "cloudwatch"
	KindECR         NodeKind = "ecr"
	KindSQS         NodeKind = "sqs"
	KindSTS         NodeKind = "sts"
	KindKMS         NodeKind = "kms"
	KindRole        NodeKind = "iam-role"
	KindService     NodeKind = "aws-service" // any other AWS service an endpoint leads to
	KindEndpoint    NodeKind = "vpc-endpoint"
	KindGatewayEP   NodeKind = "gateway-endpoint"
	KindClientVPN   NodeKind = "client-vpn"
	KindNAT         NodeKind = "nat-gateway"
	KindIGW         NodeKind = "internet-gateway"
	KindVPNGateway  NodeKind = "vpn-gateway"
	KindTGW         NodeKind = "transit-gateway"
	KindUsers       NodeKind = "users"
)

func (g *Graph) group(id string) *Group {
	for _, x := range g.Groups {
		if x.ID == id {
			return x
		}
	}
	return nil
}

func (g *Graph) node(id string) *Node {
	for _, x := range g.Nodes {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// parentOf returns the parent group ID of an element ("" top level).
func (g *Graph) parentOf(id string) string {
	if n := g.node(id); n != nil {
		return n.Parent
	}
	if gr := g.group(id); gr != nil {
		return gr.Parent
	}
	return ""
}
