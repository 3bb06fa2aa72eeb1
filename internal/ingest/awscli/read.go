// Package awscli reads a snapshot of an existing network: a directory of JSON files exactly
// as the AWS CLI v2 prints them (--output json), into the model. Files are recognized by
// their top-level key ("Vpcs", "Subnets", "RouteTables", "Reservations", ...), whatever
// their names and however deep in the directory, so captures made by other tools read as
// they are; the names `mwaanet snapshot` writes are listed in FileNames.
//
// A file that is not there means "not known", never "empty": ReadDir records the kind in
// Architecture.Unknown (the model.Unknown... constants). Errors name file:line:column.
// The reader never calls AWS and never guesses a value the files do not give.
package awscli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/model"
)

// ErrorsFile is the file in which `mwaanet snapshot` records the calls it could not make
// (AccessDenied and the like): {"SnapshotErrors": [{"File", "Operation", "Kind", "Code",
// "Message"}]}.
const ErrorsFile = "errors.json"

// FileNames are the files of a snapshot as `mwaanet snapshot` writes them, with the
// AWS CLI command that prints each (VPC, NAME and ID stand for the VPC ID, the
// environment name and a Client VPN endpoint ID). Optional files are marked.
var FileNames = []struct{ Name, Command string }{
	{"describe-vpcs.json", "aws ec2 describe-vpcs --vpc-ids VPC"},
	{"describe-vpc-attribute-enableDnsSupport.json", "aws ec2 describe-vpc-attribute --vpc-id VPC --attribute enableDnsSupport"},
	{"describe-vpc-attribute-enableDnsHostnames.json", "aws ec2 describe-vpc-attribute --vpc-id VPC --attribute enableDnsHostnames"},
	{"describe-subnets.json", "aws ec2 describe-subnets --filters Name=vpc-id,Values=VPC"},
	{"describe-route-tables.json", "aws ec2 describe-route-tables --filters Name=vpc-id,Values=VPC"},
	{"describe-network-acls.json", "aws ec2 describe-network-acls --filters Name=vpc-id,Values=VPC"},
	{"describe-security-groups.json", "aws ec2 describe-security-groups --filters Name=vpc-id,Values=VPC"},
	{"describe-vpc-endpoints.json", "aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=VPC"},
	{"describe-nat-gateways.json", "aws ec2 describe-nat-gateways --filter Name=vpc-id,Values=VPC"},
	{"describe-network-interfaces.json", "aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=VPC"},
	{"describe-internet-gateways.json", "aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=VPC"},
	{"describe-managed-prefix-lists.json", "aws ec2 describe-managed-prefix-lists"},
	{"describe-transit-gateway-attachments.json", "aws ec2 describe-transit-gateway-attachments --filters Name=resource-id,Values=VPC"},
	{"describe-client-vpn-endpoints.json", "aws ec2 describe-client-vpn-endpoints --filters Name=vpc-id,Values=VPC"},
	{"describe-client-vpn-target-networks-ID.json", "aws ec2 describe-client-vpn-target-networks --client-vpn-endpoint-id ID"},
	{"describe-client-vpn-routes-ID.json", "aws ec2 describe-client-vpn-routes --client-vpn-endpoint-id ID"},
	{"describe-client-vpn-authorization-rules-ID.json", "aws ec2 describe-client-vpn-authorization-rules --client-vpn-endpoint-id ID"},
	{"get-environment.json", "aws mwaa get-environment --name NAME"},
	{"get-bucket-versioning.json", "aws s3api get-bucket-versioning --bucket BUCKET (optional)"},
	{"get-public-access-block.json", "aws s3api get-public-access-block --bucket BUCKET (optional)"},
	{"get-key-policy.json", "aws kms get-key-policy --key-id KEY --policy-name default (optional)"},
	{"get-role.json", "aws iam get-role --role-name ROLE (optional)"},
	{"describe-alarms.json", "aws cloudwatch describe-alarms --alarm-types MetricAlarm (optional)"},
}

// kindOfKey maps the top-level keys whose absence makes a kind unknown.
var kindOfKey = []struct{ key, kind string }{
	{"Vpcs", model.UnknownVPCs},
	{"EnableDnsSupport", model.UnknownDNSSupport},
	{"EnableDnsHostnames", model.UnknownDNSHostnames},
	{"Subnets", model.UnknownSubnets},
	{"RouteTables", model.UnknownRouteTables},
	{"NetworkAcls", model.UnknownNetworkACLs},
	{"SecurityGroups", model.UnknownSecurityGroups},
	{"VpcEndpoints", model.UnknownEndpoints},
	{"NatGateways", model.UnknownNATGateways},
	{"NetworkInterfaces", model.UnknownNetworkInterfaces},
	{"InternetGateways", model.UnknownInternetGateways},
	{"PrefixLists", model.UnknownPrefixLists},
	{"TransitGatewayAttachments", model.UnknownTransitGatewayAttachments},
	{"ClientVpnEndpoints", model.UnknownClientVPNs},
	{"Environment", model.UnknownEnvironment},
	{"VersioningStatus", model.UnknownBucketVersioning},
	{"PublicAccessBlockConfiguration", model.UnknownBucketPAB},
	{"KeyPolicy", model.UnknownKeyPolicy},
	{"Role", model.UnknownExecutionRole},
	{"MetricAlarms", model.UnknownAlarms},
}

// ReadDir reads the snapshot in dir (searched recursively for *.json files), each file of
// at most inputfile.MaxDocument bytes. Errors are *model.InputError or model.InputErrors.
func ReadDir(dir string) (*model.Architecture, error) {
	return ReadDirLimit(dir, inputfile.MaxDocument)
}

// ReadDirLimit is ReadDir with another size limit per file (--max-input-size). Every file
// must be a regular file (or a link to one): a FIFO, a device such as /dev/zero or a
// socket named *.json is refused by name before it is opened, never read.
func ReadDirLimit(dir string, limit int64) (*model.Architecture, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".json") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, &model.InputError{Message: fmt.Sprintf("cannot read snapshot directory %s: %v", dir, err)}
	}
	files := make(map[string][]byte, len(paths))
	for _, p := range paths {
		data, err := inputfile.Read(p, limit)
		if err != nil {
			if conv := inputfile.AsInputError(p, err); conv != err {
				return nil, conv
			}
			return nil, &model.InputError{Source: model.Source{File: p}, Message: fmt.Sprintf("cannot read: %v", err)}
		}
		files[p] = data
	}
	return Read(files)
}

// Read reads a snapshot given as file contents by path (the path is used in Sources and
// errors and to recognize get-bucket-versioning.json, which the AWS CLI leaves empty for a
// bucket that never had versioning). Files are read in path order.
func Read(files map[string][]byte) (*model.Architecture, error) {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	s := newSnapshot()
	for _, p := range paths {
		s.readFile(p, files[p])
	}
	if len(s.errs) > 0 {
		return nil, s.errs
	}
	s.finishELB()
	s.finish()
	if len(s.errs) > 0 {
		return nil, s.errs
	}
	return s.a, nil
}

func (s *snapshot) readFile(path string, data []byte) {
	f := &file{path: path, errs: &s.errs}
	base := strings.ToLower(filepath.Base(path))
	if len(bytes.TrimSpace(data)) == 0 {
		if strings.HasPrefix(base, "get-bucket-versioning") {
			// `aws s3api get-bucket-versioning` prints nothing for a bucket that never had
			// versioning enabled.
			s.seen["VersioningStatus"] = true
			s.versioning = &versioning{status: "", src: model.Source{File: path}}
			return
		}
		f.errorf(nil, "empty file; expected AWS CLI JSON output (an object such as {\"Vpcs\": [...]})")
		return
	}
	root, err := jsonpos.Parse(data)
	if err != nil {
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			s.errs = append(s.errs, model.Errorf(model.Source{File: path, Line: se.Line, Column: se.Column}, "%s", se.Msg))
		} else {
			f.errorf(nil, "%v", err)
		}
		return
	}
	if root.Kind != jsonpos.Object {
		f.errorf(root, "expected a JSON object as the AWS CLI prints it, found %s", root.Kind)
		return
	}
	s.readObject(f, root, base)
}

// readObject dispatches on the top-level keys of one file.
func (s *snapshot) readObject(f *file, root *jsonpos.Node, base string) {
	// Single-object outputs first: their keys are not lists.
	switch {
	case root.Has("EnableDnsSupport") || root.Has("EnableDnsHostnames"):
		s.vpcAttribute(f, root)
		return
	case root.Has("Environment"):
		s.seen["Environment"] = true
		s.environment(f, f.obj(root, "Environment"))
		return
	case root.Has("PublicAccessBlockConfiguration"):
		s.seen["PublicAccessBlockConfiguration"] = true
		s.publicAccessBlock(f, f.obj(root, "PublicAccessBlockConfiguration"))
		return
	case root.Has("Role"):
		s.seen["Role"] = true
		s.role(f, f.obj(root, "Role"))
		return
	case root.Has("Policy") && (root.Has("PolicyName") || strings.Contains(base, "key-policy")):
		s.seen["KeyPolicy"] = true
		s.keyPolicy(f, root)
		return
	case strings.HasPrefix(base, "get-bucket-versioning") || (root.Has("Status") && len(root.Members) <= 2 && !root.Has("SnapshotErrors")):
		s.seen["VersioningStatus"] = true
		s.versioning = &versioning{status: f.str(root, "Status"), src: f.src(root, "")}
		return
	}
	for _, m := range root.Members {
		h, ok := listHandlers[m.Key]
		if !ok {
			continue // outputs mwaanet does not model (load balancers, RDS, ...)
		}
		s.seen[m.Key] = true
		for _, item := range f.objs(root, m.Key) {
			h(s, f, item)
		}
	}
}

// listHandlers read one element of a top-level list, by the list's key.
var listHandlers = map[string]func(*snapshot, *file, *jsonpos.Node){
	"Vpcs":                         (*snapshot).vpc,
	"Subnets":                      (*snapshot).subnet,
	"RouteTables":                  (*snapshot).routeTable,
	"NetworkAcls":                  (*snapshot).networkACL,
	"SecurityGroups":               (*snapshot).securityGroup,
	"VpcEndpoints":                 (*snapshot).endpoint,
	"NatGateways":                  (*snapshot).natGateway,
	"NetworkInterfaces":            (*snapshot).networkInterface,
	"Reservations":                 (*snapshot).reservation,
	"InternetGateways":             (*snapshot).internetGateway,
	"EgressOnlyInternetGateways":   (*snapshot).egressOnlyIGW,
	"PrefixLists":                  (*snapshot).prefixList,
	"Addresses":                    (*snapshot).address,
	"TransitGatewayAttachments":    (*snapshot).tgwAttachment,
	"TransitGatewayVpcAttachments": (*snapshot).tgwVPCAttachment,
	"VpcPeeringConnections":        (*snapshot).peering,
	"VpnGateways":                  (*snapshot).vpnGateway,
	"ClientVpnEndpoints":           (*snapshot).clientVPN,
	"ClientVpnTargetNetworks":      (*snapshot).clientVPNTarget,
	"Routes":                       (*snapshot).clientVPNRoute,
	"AuthorizationRules":           (*snapshot).clientVPNAuth,
	"SnapshotErrors":               (*snapshot).snapshotError,
	"MetricAlarms":                 (*snapshot).alarm,
}
