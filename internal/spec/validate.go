package spec

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/mwaaversions"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// validate checks values that parse but make no sense, each error at the value's position.
func validate(s *Spec) error {
	v := &validator{s: s}
	v.oneOf("partition", s.Partition, "aws", "aws-cn", "aws-us-gov")
	v.oneOf("routing", s.Routing, model.RoutingPublic, model.RoutingPrivate)
	v.oneOf("webserverAccess", s.WebserverAccess, model.PublicOnly, model.PrivateOnly)
	v.oneOf("endpointManagement", s.EndpointManagement, model.ServiceManaged, model.CustomerManaged)
	if !nameRE.MatchString(s.Name) {
		v.errf("name", "name: %q is not a valid environment name (1-80 characters: a letter, then letters, digits, - and _)", s.Name)
	} else if strings.HasPrefix(strings.ToLower(s.Name), "sg-") {
		// Security groups are named after the environment, and EC2 rejects group names
		// that start with sg-.
		v.errf("name", "name: %q starts with sg-, which EC2 does not allow at the start of the security group names derived from it", s.Name)
	}
	if msg := checkRegion(s.Region); msg != "" {
		v.errf("region", "%s", msg)
	} else if p := model.PartitionOf(s.Region); s.Partition != p && has(s.Pos, "partition") {
		v.errf("partition", "partition: %q does not match region %s (which is in %s)", s.Partition, s.Region, p)
	}
	if s.Routing == model.RoutingPrivate && s.WebserverAccess == model.PublicOnly {
		v.errf("webserverAccess", "webserverAccess: PUBLIC_ONLY cannot go with private routing (PRV-07: the no-internet network supports PRIVATE_ONLY only); use PRIVATE_ONLY or routing: public")
	}
	if s.VPC.Existing != nil && s.VPC.Existing.OwnerAccountID != "" && s.EndpointManagement != model.CustomerManaged {
		v.errf("endpointManagement", "endpointManagement: a shared VPC (vpc.existing.ownerAccountId) needs CUSTOMER endpoint management (EPM-01)")
	}
	v.vpc()
	v.environment()
	for i, svc := range s.Services {
		p := fmt.Sprintf("services[%d]", i)
		if !serviceRE.MatchString(svc) {
			v.errf(p, "%s: %q is not an AWS service endpoint name (like secretsmanager, glue, ecr.api)", p, svc)
		}
		for j := 0; j < i; j++ {
			if s.Services[j] == svc {
				v.errf(p, "%s: %q is listed twice", p, svc)
			}
		}
	}
	if s.Bucket.ExistingARN != "" && !strings.HasPrefix(s.Bucket.ExistingARN, "arn:") {
		v.errf("bucket.existingArn", "bucket.existingArn: %q is not an ARN (arn:aws:s3:::NAME)", s.Bucket.ExistingARN)
	} else if strings.HasSuffix(s.Bucket.ExistingARN, "/") {
		v.errf("bucket.existingArn", "bucket.existingArn: the bucket ARN must not end with a slash (S3-03)")
	}
	if s.Bucket.Name != "" && !bucketRE.MatchString(s.Bucket.Name) {
		v.errf("bucket.name", "bucket.name: %q is not a valid S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)", s.Bucket.Name)
	}
	if a := s.Key.ExistingARN; a != "" {
		if strings.Contains(a, ":alias/") || strings.HasPrefix(a, "alias/") {
			v.errf("key.existingArn", "key.existingArn: %q is an alias; MWAA needs the key ARN (KMS-01)", a)
		} else if !strings.HasPrefix(a, "arn:") {
			v.errf("key.existingArn", "key.existingArn: %q is not a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)", a)
		}
	}
	if s.Key.Alias != "" && !strings.HasPrefix(s.Key.Alias, "alias/") {
		v.errf("key.alias", "key.alias: %q must start with alias/", s.Key.Alias)
	}
	if s.VPNEnabled() {
		for _, k := range []struct{ path, val string }{
			{"vpn.serverCertificateArn", s.VPN.ServerCertificateARN},
			{"vpn.clientRootCertificateArn", s.VPN.ClientRootCertificateARN},
		} {
			if k.val != GenerateLater && !acmRE.MatchString(k.val) {
				v.errf(k.path, "%s: %q is neither an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID) nor %q", k.path, k.val, GenerateLater)
			}
		}
	}
	if s.Alarms.Email != "" && !strings.Contains(s.Alarms.Email, "@") {
		v.errf("alarms.email", "alarms.email: %q is not an e-mail address", s.Alarms.Email)
	}
	sort.SliceStable(v.errs, func(i, j int) bool {
		a, b := v.errs[i].Source, v.errs[j].Source
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return v.errs.Err()
}

var (
	nameRE    = regexp.MustCompile(`^[a-zA-Z][0-9a-zA-Z_-]{0,79}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$`)
	serviceRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*$`)
	bucketRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	acmRE     = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$`)
	vpcIDRE   = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetRE  = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	rtbRE     = regexp.MustCompile(`^rtb-[0-9a-f]{8,17}$`)
)

type validator struct {
	s    *Spec
	errs model.InputErrors
}

func (v *validator) errf(path, format string, args ...any) {
	v.errs = append(v.errs, model.Errorf(v.s.Source(path), format, textsafe.QuoteArgs(format, args)...))
}

func (v *validator) oneOf(path, val string, allowed ...string) {
	for _, a := range allowed {
		if val == a {
			return
		}
	}
	v.errf(path, "%s: %q is not one of %s", path, val, strings.Join(allowed, ", "))
}

func has(m map[string]model.Source, k string) bool { _, ok := m[k]; return ok }

// prefix parses a CIDR at path, reporting what was expected.
func (v *validator) prefix(path, val string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(val)
	if err != nil || !p.Addr().Is4() {
		v.errf(path, "%s: %q is not an IPv4 CIDR block (like 10.192.0.0/16)", path, val)
		return netip.Prefix{}, false
	}
	if p.Masked() != p {
		v.errf(path, "%s: %q has host bits set; the block is %s", path, val, p.Masked())
		return netip.Prefix{}, false
	}
	return p, true
}

type namedPrefix struct {
	path string
	p    netip.Prefix
}

func (v *validator) vpc() {
	s := v.s
	var vpcCIDR netip.Prefix
	var subnets []namedPrefix
	if e := s.VPC.Existing; e != nil {
		for _, k := range []string{"cidr", "azCount", "azNames", "privateSubnetCidrs", "publicSubnetCidrs", "subnetPrefixLength"} {
			if has(s.Pos, "vpc."+k) {
				v.errf("vpc."+k, "vpc.%s: cannot be set with vpc.existing (the existing VPC's own values are used)", k)
			}
		}
		if !vpcIDRE.MatchString(e.VPCID) {
			v.errf("vpc.existing.vpcId", "vpc.existing.vpcId: %q is not a VPC ID (vpc- and 8 or 17 hex digits)", e.VPCID)
		}
		if e.CIDR == "" {
			v.errf("vpc.existing", "vpc.existing.cidr: required (the VPC's CIDR, for the VPN authorization rule and the plan)")
		} else if p, ok := v.prefix("vpc.existing.cidr", e.CIDR); ok {
			vpcCIDR = p
		}
		if len(e.Subnets) != 2 {
			v.errf("vpc.existing", "vpc.existing.subnets: MWAA needs exactly 2 private subnets in 2 Availability Zones (NET-01), got %d", len(e.Subnets))
		}
		azs := map[string]string{}
		for i, sn := range e.Subnets {
			p := fmt.Sprintf("vpc.existing.subnets[%d]", i)
			if !subnetRE.MatchString(sn.ID) {
				v.errf(p+".id", "%s.id: %q is not a subnet ID (subnet- and 8 or 17 hex digits)", p, sn.ID)
			}
			if sn.RouteTableID != "" && !rtbRE.MatchString(sn.RouteTableID) {
				v.errf(p+".routeTableId", "%s.routeTableId: %q is not a route table ID (rtb-...)", p, sn.RouteTableID)
			}
			if sn.RouteTableID == "" {
				v.errf(p, "%s.routeTableId: required (the S3 gateway endpoint is added to it, PRV-05)", p)
			}
			if sn.AZ == "" {
				v.errf(p, "%s.az: required (NET-01 needs the subnets in 2 different AZs)", p)
			} else if prev, dup := azs[sn.AZ]; dup {
				v.errf(p+".az", "%s.az: %s is also the AZ of %s; MWAA needs the 2 subnets in different Availability Zones (NET-01)", p, sn.AZ, prev)
			} else {
				azs[sn.AZ] = p
			}
			if sn.CIDR == "" {
				v.errf(p, "%s.cidr: required", p)
			} else if c, ok := v.prefix(p+".cidr", sn.CIDR); ok {
				if vpcCIDR.IsValid() && !contains(vpcCIDR, c) {
					v.errf(p+".cidr", "%s.cidr: %s is not inside the VPC's %s", p, c, vpcCIDR)
				}
				subnets = append(subnets, namedPrefix{p + ".cidr", c})
			}
		}
	} else {
		if p, ok := v.prefix("vpc.cidr", s.VPC.CIDR); ok {
			vpcCIDR = p
			if p.Bits() < 16 || p.Bits() > 28 {
				v.errf("vpc.cidr", "vpc.cidr: %s is a /%d; a VPC CIDR is between /16 and /28", p, p.Bits())
			}
		}
		if s.VPC.AZCount != 2 {
			v.errf("vpc.azCount", "vpc.azCount: MWAA uses exactly 2 Availability Zones (NET-01), got %d", s.VPC.AZCount)
		}
		if n := len(s.VPC.AZNames); n > 0 {
			if n != s.VPC.AZCount {
				v.errf("vpc.azNames", "vpc.azNames: %d names for azCount %d", n, s.VPC.AZCount)
			}
			for i, az := range s.VPC.AZNames {
				if !strings.HasPrefix(az, s.Region) {
					v.errf(fmt.Sprintf("vpc.azNames[%d]", i), "vpc.azNames[%d]: %q is not an Availability Zone of %s", i, az, s.Region)
				}
				for j := 0; j < i; j++ {
					if s.VPC.AZNames[j] == az {
						v.errf(fmt.Sprintf("vpc.azNames[%d]", i), "vpc.azNames[%d]: %s is listed twice; the subnets need 2 different AZs (NET-01)", i, az)
					}
				}
			}
		}
		if l := s.VPC.SubnetPrefixLength; l < 16 || l > 28 {
			v.errf("vpc.subnetPrefixLength", "vpc.subnetPrefixLength: %d is not between 16 and 28", l)
		}
		for _, k := range []struct {
			key  string
			list []string
		}{{"privateSubnetCidrs", s.VPC.PrivateSubnetCIDRs}, {"publicSubnetCidrs", s.VPC.PublicSubnetCIDRs}} {
			if len(k.list) > 0 && len(k.list) != s.VPC.AZCount {
				v.errf("vpc."+k.key, "vpc.%s: %d blocks for %d Availability Zones", k.key, len(k.list), s.VPC.AZCount)
			}
			for i, c := range k.list {
				p := fmt.Sprintf("vpc.%s[%d]", k.key, i)
				if sp, ok := v.prefix(p, c); ok {
					if vpcCIDR.IsValid() && !contains(vpcCIDR, sp) {
						v.errf(p, "%s: %s is not inside vpc.cidr %s", p, sp, vpcCIDR)
					}
					subnets = append(subnets, namedPrefix{p, sp})
				}
			}
		}
		if s.Routing == model.RoutingPrivate && len(s.VPC.PublicSubnetCIDRs) > 0 {
			v.errf("vpc.publicSubnetCidrs", "vpc.publicSubnetCidrs: private routing has no public subnets (PRV-01); remove them or use routing: public")
		}
	}
	for i := range subnets {
		for j := 0; j < i; j++ {
			if subnets[i].p.Overlaps(subnets[j].p) {
				v.errf(subnets[i].path, "%s: %s overlaps %s (%s, %s)", subnets[i].path, subnets[i].p, subnets[j].path, subnets[j].p, v.s.Source(subnets[j].path))
			}
		}
	}
	if s.VPNEnabled() {
		if c, ok := v.prefix("vpn.clientCidr", s.VPN.ClientCIDR); ok {
			if c.Bits() < 12 || c.Bits() > 22 {
				v.errf("vpn.clientCidr", "vpn.clientCidr: %s is a /%d; Client VPN needs a block between /12 and /22 (WEB-02)", c, c.Bits())
			}
			if vpcCIDR.IsValid() && c.Overlaps(vpcCIDR) {
				v.errf("vpn.clientCidr", "vpn.clientCidr: %s overlaps the VPC's %s; the client range must be outside the VPC (WEB-02)", c, vpcCIDR)
			}
		}
	}
}

func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

var (
	airflowVersionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
	windowRE         = regexp.MustCompile(`^(MON|TUE|WED|THU|FRI|SAT|SUN):([01][0-9]|2[0-3]):(00|30)$`)
)

func (v *validator) environment() {
	e := v.s.Environment
	// A spec describes an environment to create: the version must be one MWAA offers now
	// (not one it retired), as CreateEnvironment requires.
	if !airflowVersionRE.MatchString(e.AirflowVersion) {
		v.errf("environment.airflowVersion", "environment.airflowVersion: %s is not an Airflow version (like %s)", textsafe.Quote(e.AirflowVersion), DefaultAirflowVersion)
	} else if _, err := mwaaversions.ForNewEnvironment(e.AirflowVersion); err != nil {
		v.errf("environment.airflowVersion", "environment.airflowVersion: %s", err)
	}
	lim, ok := ClassLimits[e.Class]
	if !ok {
		v.errf("environment.class", "environment.class: %q is not one of %s", e.Class, strings.Join(Classes, ", "))
		return
	}
	if e.MinWorkers < 1 {
		v.errf("environment.minWorkers", "environment.minWorkers: %d; at least 1 worker", e.MinWorkers)
	}
	if e.MaxWorkers > lim.MaxWorkers {
		v.errf("environment.maxWorkers", "environment.maxWorkers: %d is more than %s allows (%d) (CAP-01)", e.MaxWorkers, e.Class, lim.MaxWorkers)
	}
	if e.MinWorkers > e.MaxWorkers {
		v.errf("environment.minWorkers", "environment.minWorkers: %d is more than maxWorkers %d (CAP-01)", e.MinWorkers, e.MaxWorkers)
	}
	minWeb := 2
	if e.Class == "mw1.micro" {
		minWeb = 1
	}
	if e.MinWebservers < minWeb || e.MinWebservers > lim.MaxWebservers {
		v.errf("environment.minWebservers", "environment.minWebservers: %d is outside %d..%d for %s (CAP-01)", e.MinWebservers, minWeb, lim.MaxWebservers, e.Class)
	}
	if e.MaxWebservers < minWeb || e.MaxWebservers > lim.MaxWebservers {
		v.errf("environment.maxWebservers", "environment.maxWebservers: %d is outside %d..%d for %s (CAP-01)", e.MaxWebservers, minWeb, lim.MaxWebservers, e.Class)
	}
	if e.MinWebservers > e.MaxWebservers {
		v.errf("environment.minWebservers", "environment.minWebservers: %d is more than maxWebservers %d (CAP-01)", e.MinWebservers, e.MaxWebservers)
	}
	if e.Schedulers < lim.MinSchedulers || e.Schedulers > lim.MaxSchedulers {
		v.errf("environment.schedulers", "environment.schedulers: %d is outside %d..%d for %s (CAP-01)", e.Schedulers, lim.MinSchedulers, lim.MaxSchedulers, e.Class)
	}
	v.oneOf("environment.logLevel", e.LogLevel, "CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
	for _, k := range []struct{ path, val string }{
		{"environment.dagPath", e.DagPath}, {"environment.pluginsPath", e.PluginsPath},
		{"environment.requirementsPath", e.RequirementsPath}, {"environment.startupScriptPath", e.StartupScriptPath},
	} {
		if strings.HasPrefix(k.val, "/") || strings.HasPrefix(k.val, "s3://") {
			v.errf(k.path, "%s: %q must be a key inside the bucket (like dags), not an absolute path or URL (S3-03)", k.path, k.val)
		}
	}
	for _, k := range sortedKeys(e.AirflowConfig) {
		if !strings.Contains(k, ".") {
			v.errf("environment.airflowConfig."+k, "environment.airflowConfig: %q is not section.option (like core.load_examples)", k)
		}
	}
	if w := e.WeeklyMaintenanceWindowStart; w != "" && !windowRE.MatchString(w) {
		v.errf("environment.weeklyMaintenanceWindowStart", "environment.weeklyMaintenanceWindowStart: %q is not DAY:HH:MM (like SUN:03:00, minutes 00 or 30)", w)
	}
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
