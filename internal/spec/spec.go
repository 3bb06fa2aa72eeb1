// Package spec is the user's description of an MWAA environment: a short YAML file (or the
// embedded default) that design turns into the whole architecture. It parses with
// positions, applies defaults, validates values and produces the commented specs that
// `mwaanet init` prints.
//
// Every key is optional; Defaults fills what is missing. Unknown keys are errors: a typo
// must never fall back to a default silently. Errors name file:line:column and what was
// expected, as *model.InputError.
//
// The spec must never read anything but the bytes it is given, and never call AWS.
package spec

import "github.com/mwaanet/mwaanet/internal/model"

// Spec is a parsed, defaulted spec. Field comments are the reference the README repeats.
type Spec struct {
	// Name is the MWAA environment name (also the prefix of resource names).
	Name string `yaml:"name"`
	// Region is the AWS Region, e.g. us-east-1.
	Region string `yaml:"region"`
	// Partition is aws, aws-cn or aws-us-gov; derived from Region when omitted.
	Partition string `yaml:"partition"`
	// Routing is public (subnets reach AWS through NAT) or private (VPC endpoints only).
	Routing string `yaml:"routing"`
	// WebserverAccess is PUBLIC_ONLY or PRIVATE_ONLY.
	WebserverAccess string `yaml:"webserverAccess"`
	// EndpointManagement is SERVICE or CUSTOMER (shared VPCs).
	EndpointManagement string `yaml:"endpointManagement"`
	// VPC is the network: a new one (CIDR, AZs) or an existing one (IDs).
	VPC VPC `yaml:"vpc"`
	// Services are extra AWS services the DAGs use (short names: secretsmanager, glue, ...);
	// each becomes an interface endpoint in private routing.
	Services []string `yaml:"services"`
	// Environment sizes and configures Airflow.
	Environment Environment `yaml:"environment"`
	// Bucket is the DAG bucket.
	Bucket Bucket `yaml:"bucket"`
	// Key is the customer managed KMS key.
	Key Key `yaml:"key"`
	// VPN is the Client VPN that gives access to a PRIVATE_ONLY web server.
	VPN VPN `yaml:"vpn"`
	// Alarms are the CloudWatch alarms (LOG-02).
	Alarms Alarms `yaml:"alarms"`

	// File is the file the spec was read from ("" for the embedded default).
	File string `yaml:"-"`
	// Pos maps a dotted key path ("vpc.cidr", "services[1]", "vpc.existing.subnets[0].id")
	// to where its value stands in the file, for errors found after parsing (design's CIDR
	// plan). Keys that were not written are absent.
	Pos map[string]model.Source `yaml:"-"`
}

// VPC describes a new VPC, or an existing one when Existing is set.
type VPC struct {
	// CIDR of a new VPC (default 10.192.0.0/16).
	CIDR string `yaml:"cidr"`
	// AZCount is how many Availability Zones to use (MWAA needs exactly 2; default 2).
	AZCount int `yaml:"azCount"`
	// AZNames pins the zones (e.g. [us-east-1a, us-east-1b]); default: the first AZCount
	// zones of the Region, chosen at deploy time.
	AZNames []string `yaml:"azNames"`
	// PrivateSubnetCIDRs and PublicSubnetCIDRs override the carved plan (one per AZ).
	PrivateSubnetCIDRs []string `yaml:"privateSubnetCidrs"`
	PublicSubnetCIDRs  []string `yaml:"publicSubnetCidrs"`
	// SubnetPrefixLength is the size of carved subnets (default 24).
	SubnetPrefixLength int `yaml:"subnetPrefixLength"`
	// Existing, when set, uses an existing VPC: synth then adds only what it lacks.
	Existing *ExistingVPC `yaml:"existing"`
}

// ExistingVPC names an existing VPC and the two private subnets the environment uses.
type ExistingVPC struct {
	VPCID   string           `yaml:"vpcId"`
	CIDR    string           `yaml:"cidr"`
	Subnets []ExistingSubnet `yaml:"subnets"`
	// OwnerAccountID is the VPC owner when it is shared from another account (then
	// endpointManagement must be CUSTOMER).
	OwnerAccountID string `yaml:"ownerAccountId"`
}

// ExistingSubnet is one existing private subnet.
type ExistingSubnet struct {
	ID           string `yaml:"id"`
	CIDR         string `yaml:"cidr"`
	AZ           string `yaml:"az"`
	RouteTableID string `yaml:"routeTableId"`
}

// Environment is the MWAA environment's configuration.
type Environment struct {
	AirflowVersion string `yaml:"airflowVersion"`
	// Class is mw1.micro, mw1.small, mw1.medium, mw1.large, mw1.xlarge or mw1.2xlarge.
	Class         string `yaml:"class"`
	MinWorkers    int    `yaml:"minWorkers"`
	MaxWorkers    int    `yaml:"maxWorkers"`
	MinWebservers int    `yaml:"minWebservers"`
	MaxWebservers int    `yaml:"maxWebservers"`
	Schedulers    int    `yaml:"schedulers"`
	// LogLevel applies to all five log modules: CRITICAL, ERROR, WARNING, INFO, DEBUG.
	LogLevel string `yaml:"logLevel"`
	// AirflowConfig are Airflow configuration options ("core.load_examples": "False").
	AirflowConfig     map[string]string `yaml:"airflowConfig"`
	DagPath           string            `yaml:"dagPath"`
	PluginsPath       string            `yaml:"pluginsPath"`
	RequirementsPath  string            `yaml:"requirementsPath"`
	StartupScriptPath string            `yaml:"startupScriptPath"`
	// WeeklyMaintenanceWindowStart, e.g. "SUN:03:00".
	WeeklyMaintenanceWindowStart string `yaml:"weeklyMaintenanceWindowStart"`
}

// Bucket is the DAG bucket.
type Bucket struct {
	// Name of the bucket; default: generated by CloudFormation.
	Name string `yaml:"name"`
	// ExistingARN uses an existing bucket instead of creating one.
	ExistingARN string `yaml:"existingArn"`
}

// Key is the customer managed KMS key.
type Key struct {
	// Alias of a new key (default alias/NAME).
	Alias string `yaml:"alias"`
	// ExistingARN uses an existing key instead of creating one.
	ExistingARN string `yaml:"existingArn"`
}

// VPN is the Client VPN endpoint.
type VPN struct {
	// Enabled defaults to true for PRIVATE_ONLY and false for PUBLIC_ONLY.
	Enabled *bool `yaml:"enabled"`
	// ClientCIDR is the clients' address range, /22 to /12, outside the VPC (default
	// 10.100.0.0/22 or the first free /22 outside the VPC).
	ClientCIDR string `yaml:"clientCidr"`
	// ServerCertificateARN and ClientRootCertificateARN are ACM certificate ARNs, or
	// "generate later" (the default): the template then takes them as parameters, to be
	// filled with what `mwaanet vpn certs` produces.
	ServerCertificateARN     string `yaml:"serverCertificateArn"`
	ClientRootCertificateARN string `yaml:"clientRootCertificateArn"`
	// SplitTunnel sends only VPC traffic through the VPN (default true).
	SplitTunnel *bool `yaml:"splitTunnel"`
}

// Alarms configures the CloudWatch alarms.
type Alarms struct {
	// Enabled defaults to true.
	Enabled *bool `yaml:"enabled"`
	// Email, when set, subscribes to the alarm topic.
	Email string `yaml:"email"`
}

// GenerateLater is the certificate value that makes the template take the ARN as a
// parameter.
const GenerateLater = "generate later"

// VPNEnabled reports whether the spec has a Client VPN (after defaults).
func (s *Spec) VPNEnabled() bool { return s.VPN.Enabled != nil && *s.VPN.Enabled }

// AlarmsEnabled reports whether the spec has alarms (after defaults).
func (s *Spec) AlarmsEnabled() bool { return s.Alarms.Enabled != nil && *s.Alarms.Enabled }

// SplitTunnel reports whether the VPN is split-tunnel (after defaults).
func (s *Spec) SplitTunnel() bool { return s.VPN.SplitTunnel == nil || *s.VPN.SplitTunnel }

// IsExisting reports whether the spec uses an existing VPC (use case 4).
func (s *Spec) IsExisting() bool { return s.VPC.Existing != nil }

// Source returns where the key path was written, or the file alone.
func (s *Spec) Source(path string) model.Source {
	if p, ok := s.Pos[path]; ok {
		return p
	}
	return model.Source{File: s.File}
}
