package spec

import (
	"errors"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestUseCasesParse(t *testing.T) {
	for n := 1; n <= UseCaseCount; n++ {
		s, err := UseCase(n)
		if err != nil {
			t.Fatalf("use case %d: %v", n, err)
		}
		if s.Environment.Class != "mw1.small" || s.Region != "us-east-1" {
			t.Errorf("use case %d: unexpected values %+v", n, s.Environment)
		}
	}
	d := Default()
	if d.Routing != "private" || d.WebserverAccess != "PRIVATE_ONLY" || !d.VPNEnabled() || d.IsExisting() {
		t.Errorf("default is not use case 3: %+v", d)
	}
	if got := d.Source("vpc.cidr"); got.Line == 0 || got.File != DefaultFile {
		t.Errorf("default keeps no positions: %v", got)
	}
	u1, _ := UseCase(1)
	if u1.VPNEnabled() || u1.WebserverAccess != "PUBLIC_ONLY" {
		t.Error("use case 1 must have no VPN and PUBLIC_ONLY")
	}
	u4, _ := UseCase(4)
	if !u4.IsExisting() || len(u4.VPC.Existing.Subnets) != 2 {
		t.Error("use case 4 must use an existing VPC with 2 subnets")
	}
	if _, err := UseCaseText(5); err == nil {
		t.Error("use case 5 accepted")
	}
}

func TestEmptySpecIsDefaults(t *testing.T) {
	s, err := Parse("empty.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != DefaultName || s.VPC.CIDR != DefaultVPCCIDR || s.Environment.MaxWorkers != 10 || s.Partition != "aws" {
		t.Errorf("defaults not applied: %+v", s)
	}
	if s.WebserverAccess != model.PrivateOnly {
		t.Error("the web server must default to PRIVATE_ONLY")
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // each must appear in the error text
	}{
		{"enum", "name: x\nrouting: sideways\n", []string{`spec.yaml:2:10: routing: "sideways" is not one of public, private`}},
		{"unknown key", "name: x\nrutting: private\n", []string{`spec.yaml:2:1: spec: unknown key "rutting" (did you mean "routing"?)`}},
		{"nested unknown key", "vpc:\n  cidrr: 10.0.0.0/16\n", []string{`spec.yaml:2:3: vpc: unknown key "cidrr" (did you mean "cidr"?)`}},
		{"type", "environment:\n  maxWorkers: many\n", []string{`spec.yaml:2:15: environment.maxWorkers: expected a whole number, got "many"`}},
		{"bad cidr", "vpc:\n  cidr: 10.0.0.0/33\n", []string{`spec.yaml:2:9: vpc.cidr: "10.0.0.0/33" is not an IPv4 CIDR block`}},
		{"overlap", "routing: public\nvpc:\n  cidr: 10.0.0.0/16\n  privateSubnetCidrs: [10.0.1.0/24, 10.0.2.0/24]\n  publicSubnetCidrs: [10.0.0.0/23, 10.0.3.0/24]\n",
			[]string{"spec.yaml:5:23: vpc.publicSubnetCidrs[0]: 10.0.0.0/23 overlaps vpc.privateSubnetCidrs[0] (10.0.1.0/24, spec.yaml:4:24)"}},
		{"outside vpc", "vpc:\n  cidr: 10.0.0.0/16\n  privateSubnetCidrs: [10.1.1.0/24, 10.0.2.0/24]\n", []string{"spec.yaml:3:24: vpc.privateSubnetCidrs[0]: 10.1.1.0/24 is not inside vpc.cidr 10.0.0.0/16"}},
		{"vpn overlaps vpc", "vpc:\n  cidr: 10.0.0.0/16\nvpn:\n  clientCidr: 10.0.4.0/22\n", []string{"spec.yaml:4:15: vpn.clientCidr: 10.0.4.0/22 overlaps the VPC's 10.0.0.0/16"}},
		{"vpn size", "vpn:\n  clientCidr: 172.16.0.0/24\n", []string{"vpn.clientCidr: 172.16.0.0/24 is a /24"}},
		{"private public-only", "routing: private\nwebserverAccess: PUBLIC_ONLY\n", []string{"spec.yaml:2:18: webserverAccess: PUBLIC_ONLY cannot go with private routing (PRV-07"}},
		{"workers", "environment:\n  minWorkers: 5\n  maxWorkers: 2\n", []string{"environment.minWorkers: 5 is more than maxWorkers 2"}},
		{"class", "environment:\n  class: mw1.huge\n", []string{`environment.class: "mw1.huge" is not one of mw1.micro`}},
		{"yaml syntax", "name: [unclosed\n", []string{"spec.yaml:"}},
		{"duplicate key", "name: a\nname: b\n", []string{`spec.yaml:2:1: spec: key "name" given twice`}},
		{"existing same az", "vpc:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n    cidr: 10.0.0.0/16\n    subnets:\n      - {id: subnet-0123456789abcdef0, cidr: 10.0.1.0/24, az: us-east-1a, routeTableId: rtb-0123456789abcdef0}\n      - {id: subnet-0123456789abcdef1, cidr: 10.0.2.0/24, az: us-east-1a, routeTableId: rtb-0123456789abcdef0}\n",
			[]string{"vpc.existing.subnets[1].az: us-east-1a is also the AZ of vpc.existing.subnets[0]"}},
		{"sg- name", "name: sg-airflow\n", []string{`spec.yaml:1:7: name: "sg-airflow" starts with sg-`}},
		{"alias key", "key:\n  existingArn: arn:aws:kms:us-east-1:123456789012:alias/mwaa\n", []string{"is an alias; MWAA needs the key ARN (KMS-01)"}},
		{"shared vpc", "endpointManagement: SERVICE\nvpc:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n    cidr: 10.0.0.0/16\n    ownerAccountId: \"111122223333\"\n    subnets:\n      - {id: subnet-0123456789abcdef0, cidr: 10.0.1.0/24, az: us-east-1a, routeTableId: rtb-0123456789abcdef0}\n      - {id: subnet-0123456789abcdef1, cidr: 10.0.2.0/24, az: us-east-1b, routeTableId: rtb-0123456789abcdef0}\n",
			[]string{"spec.yaml:1:21: endpointManagement: a shared VPC"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("spec.yaml", []byte(c.src))
			if err == nil {
				t.Fatalf("no error for:\n%s", c.src)
			}
			var ies model.InputErrors
			if !errors.As(err, &ies) {
				t.Fatalf("error is %T, want model.InputErrors: %v", err, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

func TestValidSpecsStayQuiet(t *testing.T) {
	for _, src := range []string{
		"routing: public\nwebserverAccess: PUBLIC_ONLY\n",
		"vpc:\n  cidr: 10.0.0.0/16\n  privateSubnetCidrs: [10.0.1.0/24, 10.0.2.0/24]\n",
		"environment:\n  class: mw1.micro\n  maxWorkers: 1\n",
		"services: [secretsmanager, glue]\n",
		"vpn:\n  enabled: false\n",
		"key:\n  existingArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n",
	} {
		if _, err := Parse("ok.yaml", []byte(src)); err != nil {
			t.Errorf("valid spec rejected:\n%s\n%v", src, err)
		}
	}
}

// TestHugeValueExcerpt: an error quotes an excerpt of a value, escaped, never the whole
// value (a 4 MB region was echoed in full).
func TestHugeValueExcerpt(t *testing.T) {
	huge := strings.Repeat("x", 4<<20)
	for _, text := range []string{
		"name: demo\nregion: \"\\e[31m" + huge + "\"\n",
		"name: demo\nvpc:\n  cidr: " + huge + "\n",
	} {
		_, err := Parse("s.yaml", []byte(text))
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		if len(msg) > 400 || strings.Contains(msg, "\x1b") || !strings.Contains(msg, "xxx…\"") {
			t.Errorf("error of %d bytes: %.300q", len(msg), msg)
		}
	}
}
