package live

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
)

// webBehindLB overrides the EC2 fixtures so that the environment's only way in is the
// internet-facing load balancer of elbFixtures: no Client VPN; the web server endpoint
// (an interface endpoint to the environment's WebserverVpcEndpointService) has the
// addresses 10.0.1.20 and 10.0.2.20, the load balancer's IP targets; the load balancer's
// group admits HTTPS from the internet and the environment's group admits it from there;
// the default network ACL allows all.
func webBehindLB(f *fakeAWS) {
	f.fixtures["DescribeClientVpnEndpoints"] = `<clientVpnEndpoint/>`
	f.fixtures["DescribeNetworkAcls"] = `<networkAclSet><item>
  <networkAclId>acl-0default</networkAclId><vpcId>vpc-0a1b2c3d</vpcId><default>true</default><ownerId>111122223333</ownerId>
  <entrySet>
    <item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
    <item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
    <item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
    <item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
  </entrySet>
  <associationSet>
    <item><networkAclAssociationId>aclassoc-0a</networkAclAssociationId><networkAclId>acl-0default</networkAclId><subnetId>subnet-0aaa1111</subnetId></item>
    <item><networkAclAssociationId>aclassoc-0b</networkAclAssociationId><networkAclId>acl-0default</networkAclId><subnetId>subnet-0bbb2222</subnetId></item>
    <item><networkAclAssociationId>aclassoc-0c</networkAclAssociationId><networkAclId>acl-0default</networkAclId><subnetId>subnet-0ccc3333</subnetId></item>
  </associationSet><tagSet/>
</item></networkAclSet>`
	f.fixtures["DescribeVpcEndpoints"] = ec2Fixtures["DescribeVpcEndpoints"] + `
<vpcEndpointSet><item>
  <vpcEndpointId>vpce-0web1234</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>vpc-0a1b2c3d</vpcId>
  <serviceName>com.amazonaws.vpce.us-east-1.vpce-svc-0web1234</serviceName><state>available</state><requesterManaged>true</requesterManaged>
  <subnetIdSet><item>subnet-0aaa1111</item><item>subnet-0bbb2222</item></subnetIdSet>
  <groupSet><item><groupId>sg-0aaa1111</groupId><groupName>analytics-mwaa</groupName></item></groupSet>
  <networkInterfaceIdSet><item>eni-0web1</item><item>eni-0web2</item></networkInterfaceIdSet><privateDnsEnabled>false</privateDnsEnabled>
</item></vpcEndpointSet>`
	f.fixtures["DescribeNetworkInterfaces"] = `<networkInterfaceSet>
<item><networkInterfaceId>eni-0nat</networkInterfaceId><subnetId>subnet-0ccc3333</subnetId><vpcId>vpc-0a1b2c3d</vpcId>
  <description>Interface for NAT Gateway nat-0abc</description><requesterManaged>true</requesterManaged><status>in-use</status>
  <privateIpAddress>10.0.0.5</privateIpAddress><groupSet/><interfaceType>nat_gateway</interfaceType>
  <privateIpAddressesSet><item><privateIpAddress>10.0.0.5</privateIpAddress><primary>true</primary></item></privateIpAddressesSet></item>
<item><networkInterfaceId>eni-0web1</networkInterfaceId><subnetId>subnet-0aaa1111</subnetId><vpcId>vpc-0a1b2c3d</vpcId>
  <description>VPC Endpoint Interface vpce-0web1234</description><requesterManaged>true</requesterManaged><status>in-use</status>
  <privateIpAddress>10.0.1.20</privateIpAddress><groupSet><item><groupId>sg-0aaa1111</groupId></item></groupSet><interfaceType>vpc_endpoint</interfaceType>
  <privateIpAddressesSet><item><privateIpAddress>10.0.1.20</privateIpAddress><primary>true</primary></item></privateIpAddressesSet></item>
<item><networkInterfaceId>eni-0web2</networkInterfaceId><subnetId>subnet-0bbb2222</subnetId><vpcId>vpc-0a1b2c3d</vpcId>
  <description>VPC Endpoint Interface vpce-0web1234</description><requesterManaged>true</requesterManaged><status>in-use</status>
  <privateIpAddress>10.0.2.20</privateIpAddress><groupSet><item><groupId>sg-0aaa1111</groupId></item></groupSet><interfaceType>vpc_endpoint</interfaceType>
  <privateIpAddressesSet><item><privateIpAddress>10.0.2.20</privateIpAddress><primary>true</primary></item></privateIpAddressesSet></item>
</networkInterfaceSet>`
	f.fixtures["DescribeSecurityGroups"] = `<securityGroupInfo>
<item><ownerId>111122223333</ownerId><groupId>sg-0aaa1111</groupId><groupName>analytics-mwaa</groupName><groupDescription>MWAA</groupDescription><vpcId>vpc-0a1b2c3d</vpcId>
  <ipPermissions>
    <item><ipProtocol>-1</ipProtocol><groups><item><userId>111122223333</userId><groupId>sg-0aaa1111</groupId></item></groups><ipRanges/></item>
    <item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><groups><item><userId>111122223333</userId><groupId>sg-0bbb2222</groupId></item></groups><ipRanges/></item>
  </ipPermissions>
  <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress></item>
<item><ownerId>111122223333</ownerId><groupId>sg-0bbb2222</groupId><groupName>web-front</groupName><groupDescription>HTTPS from anywhere</groupDescription><vpcId>vpc-0a1b2c3d</vpcId>
  <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions>
  <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress></item>
</securityGroupInfo>`
}

// web01 returns the WEB-01 findings of check on the snapshot in dir.
func web01(t *testing.T, dir string) (*model.Architecture, []model.Finding) {
	t.Helper()
	a, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []model.Finding
	for _, f := range rules.Check(a) {
		if strings.HasPrefix(f.Rule, "WEB-01") {
			out = append(out, f)
		}
	}
	return a, out
}

// TestCollectLoadBalancers: the snapshot holds the VPC's load balancers and target groups
// (the other VPC's, on the second page, left out), the listeners of each load balancer
// and the targets of each target group, in the files awscli reads; check then sees the
// internet-facing load balancer whose IP targets are the web server endpoint's addresses
// as the way in to the PRIVATE_ONLY web server (WEB-01).
func TestCollectLoadBalancers(t *testing.T) {
	fake := newFake(t)
	webBehindLB(fake)
	dir := t.TempDir()
	if err := Collect(context.Background(), fake.config(t), Options{Environment: "analytics", Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if fake.requests["DescribeLoadBalancers"] != 2 || fake.calls["DescribeListeners"] != 1 || fake.calls["DescribeTargetHealth"] != 1 {
		t.Errorf("requests %v", fake.requests)
	}
	for _, name := range []string{"describe-load-balancers.json", "describe-listeners-web-front.json", "describe-target-groups.json", "describe-target-health-web-ips.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "describe-load-balancers.json"))
	if s := string(data); !strings.Contains(s, `"LoadBalancerName": "web-front"`) || strings.Contains(s, "other-vpc") ||
		!strings.Contains(s, `"CreatedTime": "2026-11-20T10:00:00+00:00"`) || !strings.Contains(s, `"Code": "active"`) || strings.Contains(s, "null") {
		t.Errorf("describe-load-balancers.json:\n%s", s)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "describe-target-groups.json")); strings.Contains(string(data), "other-tg") {
		t.Errorf("describe-target-groups.json holds another VPC's target group:\n%s", data)
	}

	a, found := web01(t, dir)
	if a.IsUnknown(model.UnknownLoadBalancers) || len(a.LoadBalancers) != 1 || len(a.TargetGroups) != 1 {
		t.Fatalf("unknown %v, load balancers %+v, target groups %+v", a.Unknown, a.LoadBalancers, a.TargetGroups)
	}
	lb, tg := a.LoadBalancers[0], a.TargetGroups[0]
	if lb.ID != "web-front" || lb.Scheme != "internet-facing" || len(lb.Listeners) != 1 || lb.Listeners[0].Port != 443 ||
		!slices.Equal(lb.Listeners[0].TargetGroups, []string{"web-ips"}) || tg.TargetType != "ip" || tg.TargetsUnknown || len(tg.Targets) != 2 {
		t.Errorf("load balancer %+v, target group %+v", lb, tg)
	}
	if len(found) != 1 || found[0].Severity != model.SeverityInfo || !strings.HasPrefix(found[0].Message, "PRIVATE_ONLY web server: users reach it through internet -> listener HTTPS 443 of web-front -> target group web-ips -> 10.0.") ||
		!strings.Contains(found[0].Message, "web-front") || !strings.Contains(found[0].Message, "web-ips") {
		t.Errorf("WEB-01 = %+v; want the info finding naming web-front", found)
	}
}

// TestCollectLoadBalancersDenied: AccessDenied on any of the four ELBv2 calls is recorded
// in errors.json, leaves no file for that call and no empty file, and is not fatal; the
// load balancers are then "not known" (WEB-01 says it cannot verify, rather than warn
// that nothing reaches the web server).
func TestCollectLoadBalancersDenied(t *testing.T) {
	for _, action := range []string{"DescribeLoadBalancers", "DescribeListeners", "DescribeTargetGroups", "DescribeTargetHealth"} {
		t.Run(action, func(t *testing.T) {
			fake := newFake(t)
			webBehindLB(fake)
			fake.deny[action] = true
			dir := t.TempDir()
			if err := Collect(context.Background(), fake.config(t), Options{Environment: "analytics", Dir: dir}); err != nil {
				t.Fatalf("a denied %s made the snapshot fail: %v", action, err)
			}
			errs, err := os.ReadFile(filepath.Join(dir, awscli.ErrorsFile))
			if err != nil || !strings.Contains(string(errs), `"Operation": "`+action+`"`) || !strings.Contains(string(errs), `"Code": "AccessDenied"`) ||
				!strings.Contains(string(errs), `"Kind": "load balancers"`) {
				t.Fatalf("errors.json: %v\n%s", err, errs)
			}
			file := map[string]string{"DescribeLoadBalancers": "describe-load-balancers.json", "DescribeListeners": "describe-listeners-web-front.json",
				"DescribeTargetGroups": "describe-target-groups.json", "DescribeTargetHealth": "describe-target-health-web-ips.json"}[action]
			if _, err := os.Stat(filepath.Join(dir, file)); !os.IsNotExist(err) {
				t.Errorf("denied call left %s: %v", file, err)
			}
			a, found := web01(t, dir)
			if !a.IsUnknown(model.UnknownLoadBalancers) {
				t.Errorf("unknown = %v", a.Unknown)
			}
			for _, f := range found {
				if f.Severity == model.SeverityWarning || f.Severity == model.SeverityError {
					t.Errorf("WEB-01 %s: %s", f.Severity, f.Message)
				}
			}
		})
	}
}

// TestCollectRefusesBadELBNames: a load balancer or target group name that is not an
// ELBv2 name never becomes a file name.
func TestCollectRefusesBadELBNames(t *testing.T) {
	for _, c := range []struct{ action, old, name string }{
		{"DescribeLoadBalancers", "<LoadBalancerName>web-front</LoadBalancerName>", "../../x"},
		{"DescribeTargetGroups", "<TargetGroupName>web-ips</TargetGroupName>", "web/ips"},
		{"DescribeTargetGroups", "<TargetGroupName>web-ips</TargetGroupName>", "-web"},
	} {
		fake := newFake(t)
		tag := c.old[1:strings.IndexByte(c.old, '>')]
		fake.fixtures[c.action] = strings.Replace(elbFixtures[c.action], c.old, "<"+tag+">"+c.name+"</"+tag+">", 1)
		base := t.TempDir()
		err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: filepath.Join(base, "a", "b", "snap")})
		if err == nil || !strings.Contains(err.Error(), "refusing to use it in a file name") {
			t.Errorf("%s %q: err = %v", c.action, c.name, err)
		}
		filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				t.Errorf("%q: %s written", c.name, p)
			}
			return nil
		})
	}
	for name, ok := range map[string]bool{"web-front": true, "a": true, "A1-b2": true, strings.Repeat("a", 32): true, strings.Repeat("a", 33): false,
		"-web": false, "web-": false, "": false, "web_front": false, "web/front": false, "..": false, "web front": false} {
		if ValidELBName(name) != ok {
			t.Errorf("ValidELBName(%q) = %v", name, !ok)
		}
	}
}
