package diagram

// Category is an AWS icon category with the fill colour draw.io's aws4 library uses for it.
type Category struct {
	Name string
	Fill string
}

var (
	catAppIntegration = Category{"Application Integration", "#E7157B"}
	catManagement     = Category{"Management & Governance", "#E7157B"}
	catStorage        = Category{"Storage", "#7AA116"}
	catDatabase       = Category{"Database", "#C925D1"}
	catNetworking     = Category{"Networking & Content Delivery", "#8C4FFF"}
	catContainers     = Category{"Containers & Compute", "#ED7100"}
	catSecurity       = Category{"Security, Identity & Compliance", "#DD344C"}
	catGeneral        = Category{"General resources", "#232F3D"}
)

// kindInfo is how a node kind is drawn: its category, the short text on its SVG tile
// (we draw no AWS artwork), and its draw.io aws4 style.
type kindInfo struct {
	Cat    Category
	Abbrev string
	// Res is the aws4 resourceIcon name (coloured square), Prod the glyph shape name; one
	// is set.
	Res, Prod string
}

var kinds = map[NodeKind]kindInfo{
	KindEnvironment: {catAppIntegration, "MWAA", "managed_workflows_for_apache_airflow", ""},
	KindWebserver:   {catAppIntegration, "WEB", "managed_workflows_for_apache_airflow", ""},
	KindScheduler:   {catAppIntegration, "SCH", "managed_workflows_for_apache_airflow", ""},
	KindWorkers:     {catAppIntegration, "WRK", "managed_workflows_for_apache_airflow", ""},
	KindMetadataDB:  {catDatabase, "DB", "aurora", ""},
	KindS3:          {catStorage, "S3", "s3", ""},
	KindLogs:        {catManagement, "LOGS", "", "cloudwatch_logs"},
	KindCloudWatch:  {catManagement, "CW", "cloudwatch_2", ""},
	KindECR:         {catContainers, "ECR", "ecr", ""},
	KindSQS:         {catAppIntegration, "SQS", "sqs", ""},
	KindSTS:         {catSecurity, "STS", "", "sts"},
	KindKMS:         {catSecurity, "KMS", "key_management_service", ""},
	KindRole:        {catSecurity, "IAM", "", "role"},
	KindService:     {catGeneral, "AWS", "", "general_AWS_cloud"},
	KindEndpoint:    {catNetworking, "VPCE", "", "endpoints"},
	KindGatewayEP:   {catNetworking, "GW", "", "endpoints"},
	KindClientVPN:   {catNetworking, "VPN", "client_vpn", ""},
	KindNAT:         {catNetworking, "NAT", "", "nat_gateway"},
	KindIGW:         {catNetworking, "IGW", "", "internet_gateway"},
	KindVPNGateway:  {catNetworking, "VGW", "site_to_site_vpn", ""},
	KindTGW:         {catNetworking, "TGW", "transit_gateway", ""},
	KindUsers:       {catGeneral, "USR", "", "users"},
}

func infoOf(k NodeKind) kindInfo {
	if i, ok := kinds[k]; ok {
		return i
	}
	return kinds[KindService]
}

// groupStyle is how a group is drawn in SVG (draw.io styles are in drawio.go).
type groupStyle struct {
	Stroke, Fill, Font string
	Dashed             bool
	Tile               string // colour of the small tile before the label
	Abbrev             string
}

var groupStyles = map[GroupKind]groupStyle{
	GroupCloud:     {"#232F3E", "none", "#232F3E", false, "#232F3E", "AWS"},
	GroupRegion:    {"#00A4A6", "none", "#147EBA", true, "#00A4A6", "RGN"},
	GroupVPC:       {"#8C4FFF", "none", "#8C4FFF", false, "#8C4FFF", "VPC"},
	GroupAZ:        {"#147EBA", "none", "#147EBA", true, "", ""},
	GroupPrivate:   {"#00A4A6", "#E6F6F7", "#147EBA", false, "#00A4A6", "PRV"},
	GroupPublic:    {"#7AA116", "#F2F6E8", "#248814", false, "#7AA116", "PUB"},
	GroupCorporate: {"#7D8998", "none", "#5A6C86", false, "#7D8998", "DC"},
	GroupInternet:  {"#7D8998", "none", "#5A6C86", true, "#7D8998", "WWW"},
	GroupEndpoints: {"#8C4FFF", "none", "#8C4FFF", true, "", ""},
	GroupManaged:   {"#E7157B", "none", "#B0084D", true, "#E7157B", "MWAA"},
	GroupServices:  {"#5A6C86", "none", "#5A6C86", true, "", ""},
}
