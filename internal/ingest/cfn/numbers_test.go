package cfn

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

const numbersHeader = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref Vpc}
`

func sgTemplate(rule string) string {
	return numbersHeader + `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: numbers
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - ` + rule + "\n"
}

func aclTemplate(props string) string {
	return numbersHeader + `  Entry:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleAction: allow, CidrBlock: 10.0.0.0/8, ` + props + "}\n"
}

// TestNumbersOutOfRange: numbers EC2 rejects are errors at the value, never truncated
// (FromPort 4294967739 was read as 443), and the rule or entry is not modelled.
func TestNumbersOutOfRange(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"port wraps to 443", sgTemplate("{IpProtocol: tcp, FromPort: 4294967739, ToPort: 443, CidrIp: 10.0.0.0/8}"),
			"t.yaml:14:39: Sg: FromPort 4294967739 is not a valid port: expected -1 to 65535"},
		{"port above 65535", sgTemplate("{IpProtocol: udp, FromPort: 53, ToPort: 65536, CidrIp: 10.0.0.0/8}"),
			"Sg: ToPort 65536 is not a valid port: expected -1 to 65535"},
		{"port beyond 64 bits", sgTemplate("{IpProtocol: tcp, FromPort: 443, ToPort: 99999999999999999999999, CidrIp: 10.0.0.0/8}"),
			"Sg: ToPort 99999999999999999999999 is not a valid port"},
		{"port below -1", sgTemplate("{IpProtocol: tcp, FromPort: -2, ToPort: 22, CidrIp: 10.0.0.0/8}"),
			"Sg: FromPort -2 is not a valid port"},
		{"reversed ports", sgTemplate("{IpProtocol: tcp, FromPort: 443, ToPort: 80, CidrIp: 10.0.0.0/8}"),
			"t.yaml:14:39: Sg: FromPort 443 is above ToPort 80; EC2 rejects a reversed port range"},
		{"icmp type", sgTemplate("{IpProtocol: icmp, FromPort: 256, ToPort: -1, CidrIp: 10.0.0.0/8}"),
			"Sg: FromPort 256 is not a valid ICMP type: expected -1 to 255"},
		{"icmp code", sgTemplate("{IpProtocol: icmpv6, FromPort: 8, ToPort: 300, CidrIp: 10.0.0.0/8}"),
			"Sg: ToPort 300 is not a valid ICMP code: expected -1 to 255"},
		{"quoted string port", sgTemplate(`{IpProtocol: tcp, FromPort: "4294967739", ToPort: "443", CidrIp: 10.0.0.0/8}`),
			"Sg: FromPort 4294967739 is not a valid port"},
		{"acl rule number", aclTemplate("RuleNumber: 40000, Protocol: 6, PortRange: {From: 443, To: 443}"),
			"t.yaml:10:96: Entry: RuleNumber 40000 is not a valid rule number: expected 1 to 32766"},
		{"acl rule number 0", aclTemplate("RuleNumber: 0, Protocol: -1"), "Entry: RuleNumber 0 is not a valid rule number"},
		{"acl port", aclTemplate("RuleNumber: 100, Protocol: 6, PortRange: {From: 443, To: 70000}"),
			"Entry: To 70000 is not a valid port: expected 0 to 65535"},
		{"acl reversed ports", aclTemplate("RuleNumber: 100, Protocol: 6, PortRange: {From: 443, To: 80}"),
			"Entry: PortRange From 443 is above To 80"},
		{"acl icmp", aclTemplate("RuleNumber: 100, Protocol: 1, Icmp: {Type: 3, Code: 256}"),
			"Entry: Code 256 is not a valid ICMP code: expected -1 to 255"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := Read([]File{yamlFile("t.yaml", c.text)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range a.IngestFindings {
				if f.Rule == RuleBadNumber {
					got = append(got, fmt.Sprintf("%s: %s", f.Source, f.Message))
					if f.Severity != model.SeverityError || f.Requirement != InputRequirement {
						t.Errorf("finding %+v: want an INPUT error", f)
					}
				}
			}
			if len(got) != 1 || !strings.Contains(got[0], c.want) {
				t.Fatalf("findings %q, want one containing %q", got, c.want)
			}
			for _, g := range a.SecurityGroups {
				if len(g.Ingress) != 0 {
					t.Errorf("the rule EC2 rejects is modelled: %+v", g.Ingress)
				}
			}
			for _, acl := range a.NetworkACLs {
				for _, e := range acl.Entries {
					if e.Source.Line == 8 {
						t.Errorf("the entry EC2 rejects is modelled: %+v", e)
					}
				}
			}
		})
	}
}

// TestNumbersInRange: the limits themselves and the usual "all" forms are quiet.
func TestNumbersInRange(t *testing.T) {
	for _, text := range []string{
		sgTemplate("{IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 10.0.0.0/8}"),
		sgTemplate("{IpProtocol: tcp, FromPort: -1, ToPort: -1, CidrIp: 10.0.0.0/8}"),
		sgTemplate("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}"),
		sgTemplate("{IpProtocol: icmp, FromPort: 255, ToPort: 255, CidrIp: 10.0.0.0/8}"),
		sgTemplate("{IpProtocol: icmp, FromPort: 8, ToPort: -1, CidrIp: 10.0.0.0/8}"),
		sgTemplate("{IpProtocol: \"-1\", FromPort: 99999, ToPort: 99999, CidrIp: 10.0.0.0/8}"), // ignored by EC2 for all protocols
		aclTemplate("RuleNumber: 1, Protocol: 6, PortRange: {From: 0, To: 65535}"),
		aclTemplate("RuleNumber: 32766, Protocol: 1, Icmp: {Type: -1, Code: -1}"),
	} {
		a, err := Read([]File{yamlFile("t.yaml", text)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.IngestFindings {
			if f.Rule == RuleBadNumber {
				t.Errorf("%s: unexpected %s", text[len(numbersHeader):], f.Message)
			}
		}
		if len(a.SecurityGroups) == 1 && len(a.SecurityGroups[0].Ingress) != 1 {
			t.Errorf("%s: rule not modelled", text[len(numbersHeader):])
		}
	}
}

// TestHugeValueExcerpt: a message quotes at most an excerpt of a value, escaped: a
// 20 MB CIDR block is not echoed in full, and an escape sequence does not reach a terminal.
func TestHugeValueExcerpt(t *testing.T) {
	huge := "\x1b[31m" + strings.Repeat("9", 20<<20)
	text := "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: \"" + strings.ReplaceAll(huge, "\x1b", `\e`) + "\"}\n" +
		"  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties: {VpcId: !Ref Vpc}\n" +
		"  Entry:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties: {NetworkAclId: !Ref Acl, RuleNumber: " + strings.Repeat("7", 1<<20) + ", Protocol: -1, RuleAction: allow}\n"
	a, err := Read([]File{yamlFile("t.yaml", text)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.IngestFindings) < 2 {
		t.Fatalf("findings: %v", a.IngestFindings)
	}
	for _, f := range a.IngestFindings {
		if len(f.Message) > 400 || strings.Contains(f.Message, "\x1b") {
			t.Errorf("message of %d bytes: %.300q", len(f.Message), f.Message)
		}
	}
	if got := a.IngestFindings[0].Message + a.IngestFindings[1].Message; !strings.Contains(got, `got "\x1b[31m999`) || !strings.Contains(got, "RuleNumber 7777") || !strings.Contains(got, "…") {
		t.Errorf("messages lack the excerpts: %q", got)
	}
}

// TestDuplicateKeys: a key defined twice with the same value is a warning (CloudFormation
// deploys it); with different values it stays an error.
func TestDuplicateKeys(t *testing.T) {
	base := "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
	for _, c := range []struct {
		name, text string
		rule       string
		sev        model.Severity
	}{
		{"same resource", base + "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: \"10.0.0.0/16\"  # same data, other style\n", RuleDuplicateSame, model.SeverityWarning},
		{"different resource", base + "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.1.0.0/16}\n", RuleDuplicateLogicalID, model.SeverityError},
		{"same property", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16, CidrBlock: 10.0.0.0/16}\n", RuleDuplicateSame, model.SeverityWarning},
		{"different property", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16, CidrBlock: 10.2.0.0/16}\n", RuleDuplicateKey, model.SeverityError},
		{"number and string differ", "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {GroupDescription: x, Tags: [{Key: a, Value: 1, Value: \"1\"}]}\n", RuleDuplicateKey, model.SeverityError},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Read([]File{yamlFile("t.yaml", c.text)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var dups []model.Finding
			for _, f := range a.IngestFindings {
				if strings.Contains(f.Rule, "duplicate") {
					dups = append(dups, f)
				}
			}
			if len(dups) != 1 || dups[0].Rule != c.rule || dups[0].Severity != c.sev || len(dups[0].Related) != 1 {
				t.Errorf("findings %+v, want one %s %s", dups, c.sev, c.rule)
			}
		})
	}
}
