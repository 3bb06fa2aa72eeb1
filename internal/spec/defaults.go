package spec

import (
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/mwaaversions"
)

// DefaultAirflowVersion is the newest Airflow version MWAA offers, which MWAA itself uses
// when an environment names none (internal/mwaaversions).
var DefaultAirflowVersion = mwaaversions.Default()

// Default values, named so that docs and init print the same thing.
const (
	DefaultName          = "mwaa-private"
	DefaultRegion        = "us-east-1"
	DefaultVPCCIDR       = "10.192.0.0/16"
	DefaultVPNClientCIDR = "10.100.0.0/22"
	DefaultClass         = "mw1.small"
	DefaultLogLevel      = "INFO"
)

// ApplyDefaults fills every field the user left empty. It is idempotent and never
// overrides a value that was given.
func ApplyDefaults(s *Spec) {
	if s.Name == "" {
		s.Name = DefaultName
	}
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if s.Partition == "" {
		s.Partition = model.PartitionOf(s.Region)
	}
	if s.Routing == "" {
		s.Routing = model.RoutingPrivate
	}
	if s.WebserverAccess == "" {
		// Private unless asked: the web UI is never public by default.
		s.WebserverAccess = model.PrivateOnly
	}
	if s.EndpointManagement == "" {
		s.EndpointManagement = model.ServiceManaged
	}
	if s.VPC.Existing == nil {
		if s.VPC.CIDR == "" {
			s.VPC.CIDR = DefaultVPCCIDR
		}
		if s.VPC.AZCount == 0 {
			s.VPC.AZCount = 2
			if len(s.VPC.AZNames) > 0 {
				s.VPC.AZCount = len(s.VPC.AZNames)
			}
		}
		if s.VPC.SubnetPrefixLength == 0 {
			s.VPC.SubnetPrefixLength = 24
		}
	}
	e := &s.Environment
	if e.AirflowVersion == "" {
		e.AirflowVersion = DefaultAirflowVersion
	}
	if e.Class == "" {
		e.Class = DefaultClass
	}
	lim := ClassLimits[e.Class]
	if e.MinWorkers == 0 {
		e.MinWorkers = 1
	}
	if e.MaxWorkers == 0 {
		e.MaxWorkers = 10
		if lim.MaxWorkers > 0 && e.MaxWorkers > lim.MaxWorkers {
			e.MaxWorkers = lim.MaxWorkers
		}
	}
	if e.MinWebservers == 0 {
		e.MinWebservers = 2
		if e.Class == "mw1.micro" {
			e.MinWebservers = 1
		}
	}
	if e.MaxWebservers == 0 {
		e.MaxWebservers = e.MinWebservers
	}
	if e.Schedulers == 0 {
		e.Schedulers = 2
		if e.Class == "mw1.micro" {
			e.Schedulers = 1
		}
	}
	if e.LogLevel == "" {
		e.LogLevel = DefaultLogLevel
	}
	if e.DagPath == "" {
		e.DagPath = "dags"
	}
	// PluginsPath and RequirementsPath stay empty unless given: MWAA refuses to create an
	// environment whose plugins.zip or requirements.txt is not in the bucket, and a new
	// bucket is empty. Upload them, then set the paths and update the stack.
	if s.VPN.Enabled == nil {
		on := s.WebserverAccess == model.PrivateOnly
		s.VPN.Enabled = &on
	}
	if s.VPNEnabled() {
		if s.VPN.ClientCIDR == "" {
			s.VPN.ClientCIDR = DefaultVPNClientCIDR
		}
		if s.VPN.ServerCertificateARN == "" {
			s.VPN.ServerCertificateARN = GenerateLater
		}
		if s.VPN.ClientRootCertificateARN == "" {
			s.VPN.ClientRootCertificateARN = GenerateLater
		}
		if s.VPN.SplitTunnel == nil {
			on := true
			s.VPN.SplitTunnel = &on
		}
	}
	if s.Alarms.Enabled == nil {
		on := true
		s.Alarms.Enabled = &on
	}
	if s.Pos == nil {
		s.Pos = map[string]model.Source{}
	}
}

// Limits are an environment class's scaling limits (MWAA user guide, environment
// class page; CAP-01).
type Limits struct {
	MaxWorkers    int
	MinSchedulers int
	MaxSchedulers int
	MaxWebservers int
}

// ClassLimits are the limits of each environment class.
var ClassLimits = map[string]Limits{
	"mw1.micro":   {MaxWorkers: 1, MinSchedulers: 1, MaxSchedulers: 1, MaxWebservers: 1},
	"mw1.small":   {MaxWorkers: 25, MinSchedulers: 2, MaxSchedulers: 5, MaxWebservers: 5},
	"mw1.medium":  {MaxWorkers: 25, MinSchedulers: 2, MaxSchedulers: 5, MaxWebservers: 5},
	"mw1.large":   {MaxWorkers: 25, MinSchedulers: 2, MaxSchedulers: 5, MaxWebservers: 5},
	"mw1.xlarge":  {MaxWorkers: 25, MinSchedulers: 2, MaxSchedulers: 5, MaxWebservers: 5},
	"mw1.2xlarge": {MaxWorkers: 25, MinSchedulers: 2, MaxSchedulers: 5, MaxWebservers: 5},
}

// Classes lists the environment classes in size order.
var Classes = []string{"mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"}
