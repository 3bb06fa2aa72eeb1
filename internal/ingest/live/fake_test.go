package live

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/encoding/cbor"
)

// fakeAWS answers the EC2 Query API (form-encoded POSTs, XML responses), the IAM and
// Elastic Load Balancing v2 Query APIs, MWAA's REST-JSON GetEnvironment, S3's REST-XML bucket calls and KMS's JSON API,
// with responses shaped like AWS's documented examples.
type fakeAWS struct {
	t  *testing.T
	mu sync.Mutex
	// requests counts HTTP requests by action; calls counts paginated calls (requests
	// without a NextToken); throttle makes an action answer RequestLimitExceeded that
	// many times first; deny makes it answer UnauthorizedOperation / AccessDenied.
	requests map[string]int
	calls    map[string]int
	throttle map[string]int
	deny     map[string]bool
	// fixtures replaces an EC2 or ELBv2 action's response body (else ec2Fixtures,
	// elbFixtures).
	fixtures map[string]string
}

func newFake(t *testing.T) *fakeAWS {
	return &fakeAWS{t: t, requests: map[string]int{}, calls: map[string]int{}, throttle: map[string]int{}, deny: map[string]bool{}, fixtures: map[string]string{}}
}

// config returns an SDK configuration that sends every request to the fake server, with
// static credentials and retries without waiting.
func (f *fakeAWS) config(t *testing.T) aws.Config {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	// MWAA prefixes its host with "api."; send every host to the server.
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
		BaseEndpoint: aws.String(srv.URL),
		HTTPClient:   &http.Client{Transport: tr},
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		},
	}
}

func (f *fakeAWS) count(action string, first bool) (throttled, denied bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests[action]++
	if f.throttle[action] > 0 {
		f.throttle[action]--
		return true, false
	}
	if first {
		f.calls[action]++
	}
	return false, f.deny[action]
}

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, cloudWatchPath):
		f.cloudwatch(w, r)
	case strings.HasPrefix(r.URL.Path, "/environments/"):
		f.mwaa(w, r)
	case r.Header.Get("X-Amz-Target") != "":
		f.kms(w, r)
	case r.Method == http.MethodPost:
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		switch r.PostForm.Get("Version") {
		case "2010-05-08":
			f.iam(w, r)
			return
		case elbVersion:
			f.elb(w, r)
			return
		}
		f.ec2(w, r)
	default:
		f.s3(w, r)
	}
}

func (f *fakeAWS) ec2(w http.ResponseWriter, r *http.Request) {
	action := r.PostForm.Get("Action")
	token := r.PostForm.Get("NextToken")
	throttled, denied := f.count(action, token == "")
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	if throttled {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, ec2Error("RequestLimitExceeded", "Request limit exceeded."))
		return
	}
	if denied {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."))
		return
	}
	// The fixtures are filtered to the VPC: check that the request asks for it.
	if f := r.PostForm.Get("Filter.1.Value.1"); f != "" && f != "vpc-0a1b2c3d" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, ec2Error("InvalidParameterValue", "unexpected filter "+f))
		return
	}
	key := action
	switch {
	case action == "DescribeSubnets" && r.PostForm.Get("SubnetId.1") != "":
		key = "DescribeSubnets.lookup"
	case action == "DescribeSubnets" && token == "page2":
		key = "DescribeSubnets.page2"
	case action == "DescribeVpcAttribute":
		key = action + "." + r.PostForm.Get("Attribute")
	}
	body, ok := ec2Fixtures[key]
	if b, over := f.fixtures[key]; over {
		body, ok = b, true
	}
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, ec2Error("InvalidAction", "The action "+action+" is not valid for this web service."))
		return
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
%s
</%sResponse>`, action, body, action)
}

// cloudWatchPath is where CloudWatch's RPCv2 CBOR protocol posts an operation.
const cloudWatchPath = "/service/GraniteServiceVersion20100801/operation/"

// cloudwatch answers DescribeAlarms in CloudWatch's RPCv2 CBOR protocol (the SDK's
// protocol for CloudWatch since 2025), with one metric alarm of the environment.
func (f *fakeAWS) cloudwatch(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	action := strings.TrimPrefix(r.URL.Path, cloudWatchPath)
	_, denied := f.count(action, true)
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.Header().Set("Content-Type", "application/cbor")
	if denied {
		w.Header().Set("X-Amzn-Query-Error", "AccessDenied;Sender")
		w.WriteHeader(http.StatusForbidden)
		w.Write(cbor.Encode(cbor.Map{"__type": cbor.String("AccessDenied"), "message": cbor.String("User is not authorized to perform: cloudwatch:DescribeAlarms")}))
		return
	}
	if action != "DescribeAlarms" {
		w.WriteHeader(http.StatusBadRequest)
		w.Write(cbor.Encode(cbor.Map{"__type": cbor.String("InvalidAction"), "message": cbor.String(action)}))
		return
	}
	w.Write(cbor.Encode(cbor.Map{"MetricAlarms": cbor.List{cbor.Map{
		"AlarmName":          cbor.String("analytics-scheduler-heartbeat"),
		"Namespace":          cbor.String("AmazonMWAA"),
		"MetricName":         cbor.String("SchedulerHeartbeat"),
		"Statistic":          cbor.String("Sum"),
		"Period":             cbor.Uint(300),
		"EvaluationPeriods":  cbor.Uint(1),
		"Threshold":          cbor.Float64(1),
		"ComparisonOperator": cbor.String("LessThanThreshold"),
		"TreatMissingData":   cbor.String("breaching"),
		"Dimensions":         cbor.List{cbor.Map{"Name": cbor.String("Environment"), "Value": cbor.String("analytics")}},
	}}}))
}

func ec2Error(code, msg string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>` + code + `</Code><Message>` + msg + `</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`
}

func (f *fakeAWS) mwaa(w http.ResponseWriter, r *http.Request) {
	_, denied := f.count("GetEnvironment", true)
	w.Header().Set("Content-Type", "application/json")
	if denied {
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message": "User is not authorized to perform: airflow:GetEnvironment"}`)
		return
	}
	if r.URL.Path != "/environments/analytics" {
		w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message": "Environment not found"}`)
		return
	}
	fmt.Fprint(w, mwaaEnvironment)
}

func (f *fakeAWS) s3(w http.ResponseWriter, r *http.Request) {
	action := "GetBucketVersioning"
	if r.URL.Query().Has("publicAccessBlock") {
		action = "GetPublicAccessBlock"
	}
	_, denied := f.count(action, true)
	w.Header().Set("Content-Type", "application/xml")
	if denied {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>656c76696e6727732072657175657374</RequestId></Error>`)
		return
	}
	if r.URL.Path != "/analytics-dags" {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>`)
		return
	}
	if action == "GetPublicAccessBlock" {
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)
		return
	}
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>`)
}

func (f *fakeAWS) kms(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	_, denied := f.count("GetKeyPolicy", true)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if denied {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"__type": "AccessDeniedException", "message": "not authorized to perform kms:GetKeyPolicy"}`)
		return
	}
	fmt.Fprint(w, `{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}", "PolicyName": "default"}`)
}

func (f *fakeAWS) iam(w http.ResponseWriter, r *http.Request) {
	_, denied := f.count(r.PostForm.Get("Action"), true)
	w.Header().Set("Content-Type", "text/xml")
	if denied {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: iam:GetRole</Message></Error><RequestId>4c2b4e0f-example</RequestId></ErrorResponse>`)
		return
	}
	fmt.Fprint(w, `<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetRoleResult>
    <Role>
      <Path>/service-role/</Path>
      <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%5B%22airflow.amazonaws.com%22%2C%22airflow-env.amazonaws.com%22%5D%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
      <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
      <RoleName>analytics-execution</RoleName>
      <Arn>arn:aws:iam::111122223333:role/service-role/analytics-execution</Arn>
      <CreateDate>2026-11-20T10:00:00Z</CreateDate>
    </Role>
  </GetRoleResult>
  <ResponseMetadata><RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE04</RequestId></ResponseMetadata>
</GetRoleResponse>`)
}

const mwaaEnvironment = `{
  "Environment": {
    "AirflowVersion": "2.10.3",
    "Arn": "arn:aws:airflow:us-east-1:111122223333:environment/analytics",
    "CreatedAt": 1763632800,
    "DagS3Path": "dags",
    "EnvironmentClass": "mw1.small",
    "ExecutionRoleArn": "arn:aws:iam::111122223333:role/service-role/analytics-execution",
    "KmsKey": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "MaxWorkers": 5,
    "MinWorkers": 1,
    "Schedulers": 2,
    "Name": "analytics",
    "NetworkConfiguration": {"SecurityGroupIds": ["sg-0aaa1111"], "SubnetIds": ["subnet-0aaa1111", "subnet-0bbb2222"]},
    "SourceBucketArn": "arn:aws:s3:::analytics-dags",
    "Status": "AVAILABLE",
    "WebserverVpcEndpointService": "com.amazonaws.vpce.us-east-1.vpce-svc-0web1234",
    "WebserverAccessMode": "PRIVATE_ONLY",
    "EndpointManagement": "SERVICE",
    "LoggingConfiguration": {"TaskLogs": {"Enabled": true, "LogLevel": "INFO", "CloudWatchLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:airflow-analytics-Task"}},
    "Tags": {"team": "data"}
  }
}`

// ec2Fixtures are the bodies of the EC2 responses by action (or action.variant).
var ec2Fixtures = map[string]string{
	"DescribeVpcs": `<vpcSet><item>
  <vpcId>vpc-0a1b2c3d</vpcId><ownerId>111122223333</ownerId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock>
  <cidrBlockAssociationSet>
    <item><cidrBlock>10.0.0.0/16</cidrBlock><associationId>vpc-cidr-assoc-1</associationId><cidrBlockState><state>associated</state></cidrBlockState></item>
    <item><cidrBlock>100.64.0.0/16</cidrBlock><associationId>vpc-cidr-assoc-2</associationId><cidrBlockState><state>associated</state></cidrBlockState></item>
  </cidrBlockAssociationSet>
  <dhcpOptionsId>dopt-19edf471</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>
  <tagSet><item><key>Name</key><value>analytics</value></item></tagSet>
</item></vpcSet>`,
	"DescribeVpcAttribute.enableDnsSupport":   `<vpcId>vpc-0a1b2c3d</vpcId><enableDnsSupport><value>true</value></enableDnsSupport>`,
	"DescribeVpcAttribute.enableDnsHostnames": `<vpcId>vpc-0a1b2c3d</vpcId><enableDnsHostnames><value>true</value></enableDnsHostnames>`,
	"DescribeSubnets.lookup":                  `<subnetSet><item><subnetId>subnet-0aaa1111</subnetId><vpcId>vpc-0a1b2c3d</vpcId><cidrBlock>10.0.1.0/24</cidrBlock></item></subnetSet>`,
	"DescribeSubnets": `<subnetSet>
  <item><subnetId>subnet-0aaa1111</subnetId><state>available</state><vpcId>vpc-0a1b2c3d</vpcId><cidrBlock>10.0.1.0/24</cidrBlock>
    <availableIpAddressCount>251</availableIpAddressCount><availabilityZone>us-east-1a</availabilityZone><availabilityZoneId>use1-az1</availabilityZoneId>
    <defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><ownerId>111122223333</ownerId></item>
  <item><subnetId>subnet-0ccc3333</subnetId><state>available</state><vpcId>vpc-0a1b2c3d</vpcId><cidrBlock>10.0.0.0/24</cidrBlock>
    <availableIpAddressCount>250</availableIpAddressCount><availabilityZone>us-east-1a</availabilityZone>
    <defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch><ownerId>111122223333</ownerId></item>
</subnetSet>
<nextToken>page2</nextToken>`,
	"DescribeSubnets.page2": `<subnetSet>
  <item><subnetId>subnet-0bbb2222</subnetId><state>available</state><vpcId>vpc-0a1b2c3d</vpcId><cidrBlock>10.0.2.0/24</cidrBlock>
    <availableIpAddressCount>251</availableIpAddressCount><availabilityZone>us-east-1b</availabilityZone>
    <defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><ownerId>111122223333</ownerId></item>
</subnetSet>`,
	"DescribeRouteTables": `<routeTableSet>
  <item><routeTableId>rtb-0main</routeTableId><vpcId>vpc-0a1b2c3d</vpcId><ownerId>111122223333</ownerId>
    <routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item></routeSet>
    <associationSet><item><routeTableAssociationId>rtbassoc-0main</routeTableAssociationId><routeTableId>rtb-0main</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet>
    <propagatingVgwSet/><tagSet/></item>
  <item><routeTableId>rtb-0public</routeTableId><vpcId>vpc-0a1b2c3d</vpcId>
    <routeSet>
      <item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item>
      <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-0abc</gatewayId><state>active</state><origin>CreateRoute</origin></item>
    </routeSet>
    <associationSet><item><routeTableAssociationId>rtbassoc-0pub</routeTableAssociationId><routeTableId>rtb-0public</routeTableId><subnetId>subnet-0ccc3333</subnetId><main>false</main><associationState><state>associated</state></associationState></item></associationSet>
  </item>
  <item><routeTableId>rtb-0private</routeTableId><vpcId>vpc-0a1b2c3d</vpcId>
    <routeSet>
      <item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item>
      <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-0abc</natGatewayId><state>active</state><origin>CreateRoute</origin></item>
      <item><destinationPrefixListId>pl-63a5400a</destinationPrefixListId><gatewayId>vpce-0s3</gatewayId><state>active</state><origin>CreateRoute</origin></item>
    </routeSet>
    <associationSet>
      <item><routeTableAssociationId>rtbassoc-0a</routeTableAssociationId><routeTableId>rtb-0private</routeTableId><subnetId>subnet-0aaa1111</subnetId><main>false</main></item>
      <item><routeTableAssociationId>rtbassoc-0b</routeTableAssociationId><routeTableId>rtb-0private</routeTableId><subnetId>subnet-0bbb2222</subnetId><main>false</main></item>
    </associationSet>
  </item>
</routeTableSet>`,
	"DescribeNetworkAcls": `<networkAclSet/>`,
	"DescribeSecurityGroups": `<securityGroupInfo><item>
  <ownerId>111122223333</ownerId><groupId>sg-0aaa1111</groupId><groupName>analytics-mwaa</groupName><groupDescription>MWAA</groupDescription><vpcId>vpc-0a1b2c3d</vpcId>
  <ipPermissions><item><ipProtocol>-1</ipProtocol><groups><item><userId>111122223333</userId><groupId>sg-0aaa1111</groupId></item></groups><ipRanges/><ipv6Ranges/><prefixListIds/></item></ipPermissions>
  <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress>
</item></securityGroupInfo>`,
	"DescribeVpcEndpoints": `<vpcEndpointSet><item>
  <vpcEndpointId>vpce-0s3</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-0a1b2c3d</vpcId><serviceName>com.amazonaws.us-east-1.s3</serviceName><state>available</state>
  <policyDocument>{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}</policyDocument>
  <routeTableIdSet><item>rtb-0private</item></routeTableIdSet><subnetIdSet/><groupSet/><privateDnsEnabled>false</privateDnsEnabled>
</item></vpcEndpointSet>`,
	"DescribeNatGateways": `<natGatewaySet><item>
  <natGatewayId>nat-0abc</natGatewayId><subnetId>subnet-0ccc3333</subnetId><vpcId>vpc-0a1b2c3d</vpcId><state>available</state><connectivityType>public</connectivityType>
  <natGatewayAddressSet><item><allocationId>eipalloc-0abc</allocationId><networkInterfaceId>eni-0nat</networkInterfaceId><privateIp>10.0.0.5</privateIp><publicIp>203.0.113.5</publicIp><isPrimary>true</isPrimary><status>succeeded</status></item></natGatewayAddressSet>
  <createTime>2026-11-20T10:00:00.000Z</createTime>
</item></natGatewaySet>`,
	"DescribeNetworkInterfaces": `<networkInterfaceSet><item>
  <networkInterfaceId>eni-0nat</networkInterfaceId><subnetId>subnet-0ccc3333</subnetId><vpcId>vpc-0a1b2c3d</vpcId><availabilityZone>us-east-1a</availabilityZone>
  <description>Interface for NAT Gateway nat-0abc</description><ownerId>111122223333</ownerId><requesterManaged>true</requesterManaged><status>in-use</status>
  <privateIpAddress>10.0.0.5</privateIpAddress><sourceDestCheck>false</sourceDestCheck><groupSet/><interfaceType>nat_gateway</interfaceType>
  <privateIpAddressesSet><item><privateIpAddress>10.0.0.5</privateIpAddress><primary>true</primary></item></privateIpAddressesSet>
</item></networkInterfaceSet>`,
	"DescribeInternetGateways": `<internetGatewaySet><item><internetGatewayId>igw-0abc</internetGatewayId><ownerId>111122223333</ownerId>
  <attachmentSet><item><vpcId>vpc-0a1b2c3d</vpcId><state>available</state></item></attachmentSet><tagSet/></item></internetGatewaySet>`,
	"DescribeManagedPrefixLists": `<prefixListSet><item><prefixListId>pl-63a5400a</prefixListId><addressFamily>IPv4</addressFamily><state>create-complete</state>
  <prefixListName>com.amazonaws.us-east-1.s3</prefixListName><ownerId>AWS</ownerId></item></prefixListSet>`,
	"DescribeTransitGatewayAttachments": `<transitGatewayAttachments/>`,
	"DescribeClientVpnEndpoints": `<clientVpnEndpoint>
  <item><clientVpnEndpointId>cvpn-endpoint-0abc1234def567890</clientVpnEndpointId><description>analytics admins</description><vpcId>vpc-0a1b2c3d</vpcId>
    <clientCidrBlock>172.16.0.0/22</clientCidrBlock><splitTunnel>true</splitTunnel><vpnPort>443</vpnPort><transportProtocol>udp</transportProtocol>
    <securityGroupIdSet><item>sg-0aaa1111</item></securityGroupIdSet><dnsServer><item>10.0.0.2</item></dnsServer>
    <serverCertificateArn>arn:aws:acm:us-east-1:111122223333:certificate/server</serverCertificateArn>
    <authenticationOptions><item><type>certificate-authentication</type><mutualAuthentication><clientRootCertificateChain>arn:aws:acm:us-east-1:111122223333:certificate/ca</clientRootCertificateChain></mutualAuthentication></item></authenticationOptions>
    <connectionLogOptions><enabled>false</enabled></connectionLogOptions></item>
  <item><clientVpnEndpointId>cvpn-endpoint-0e0e0e0e</clientVpnEndpointId><vpcId>vpc-0other</vpcId><clientCidrBlock>172.20.0.0/22</clientCidrBlock></item>
</clientVpnEndpoint>`,
	"DescribeClientVpnTargetNetworks":     `<clientVpnTargetNetworks><item><associationId>cvpn-assoc-0abc</associationId><vpcId>vpc-0a1b2c3d</vpcId><targetNetworkId>subnet-0aaa1111</targetNetworkId><clientVpnEndpointId>cvpn-endpoint-0abc1234def567890</clientVpnEndpointId><status><code>associated</code></status></item></clientVpnTargetNetworks>`,
	"DescribeClientVpnRoutes":             `<routes><item><clientVpnEndpointId>cvpn-endpoint-0abc1234def567890</clientVpnEndpointId><destinationCidr>10.0.0.0/16</destinationCidr><targetSubnet>subnet-0aaa1111</targetSubnet><type>Nat</type><origin>associate</origin><status><code>active</code></status></item></routes>`,
	"DescribeClientVpnAuthorizationRules": `<authorizationRule><item><clientVpnEndpointId>cvpn-endpoint-0abc1234def567890</clientVpnEndpointId><destinationCidr>10.0.0.0/16</destinationCidr><accessAll>true</accessAll><status><code>active</code></status></item></authorizationRule>`,
}

// elbVersion is the API version of Elastic Load Balancing v2's Query protocol.
const elbVersion = "2015-12-01"

const (
	lbARN       = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web-front/50dc6c495c0c9188"
	lbOtherARN  = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/other-vpc/6d0ecf831eec9f09"
	tgARN       = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-ips/73e2d6bc24d8a067"
	tgOtherARN  = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/other-tg/943f017f100becff"
	listenerARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web-front/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

// elb answers the four ELBv2 calls of the snapshot: DescribeLoadBalancers (two pages, the
// second with a load balancer of another VPC), DescribeTargetGroups (one of another VPC),
// DescribeListeners of web-front and DescribeTargetHealth of web-ips only (any other
// ARN is an error: the collector must not ask about another VPC's resources).
func (f *fakeAWS) elb(w http.ResponseWriter, r *http.Request) {
	action := r.PostForm.Get("Action")
	marker := r.PostForm.Get("Marker")
	_, denied := f.count(action, marker == "")
	w.Header().Set("Content-Type", "text/xml")
	if denied {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, elbError("AccessDenied", "User is not authorized to perform: elasticloadbalancing:"+action))
		return
	}
	key := action
	switch {
	case action == "DescribeLoadBalancers" && marker == "page2":
		key += ".page2"
	case action == "DescribeListeners" && r.PostForm.Get("LoadBalancerArn") != lbARN,
		action == "DescribeTargetHealth" && r.PostForm.Get("TargetGroupArn") != tgARN:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, elbError("ValidationError", "unexpected ARN in "+action))
		return
	}
	body, ok := elbFixtures[key]
	if b, over := f.fixtures[key]; over {
		body, ok = b, true
	}
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, elbError("InvalidAction", "The action "+action+" is not valid for this web service."))
		return
	}
	fmt.Fprintf(w, `<%sResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <%sResult>
%s
  </%sResult>
  <ResponseMetadata><RequestId>6581c0ac-f39f-11e5-bb98-57ebEXAMPLE</RequestId></ResponseMetadata>
</%sResponse>`, action, action, body, action, action)
}

func elbError(code, msg string) string {
	return `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>` + code +
		`</Code><Message>` + msg + `</Message></Error><RequestId>a3a3e2d8-example</RequestId></ErrorResponse>`
}

// elbFixtures are the bodies of the ELBv2 results by action (or action.variant), shaped
// like the API reference's examples: an internet-facing Application Load Balancer in the
// public subnet whose HTTPS listener forwards to IP targets, the web server endpoint's
// addresses (webEndpointFixtures).
var elbFixtures = map[string]string{
	"DescribeLoadBalancers": `<LoadBalancers><member>
  <LoadBalancerArn>` + lbARN + `</LoadBalancerArn><LoadBalancerName>web-front</LoadBalancerName>
  <DNSName>web-front-1234567890.us-east-1.elb.amazonaws.com</DNSName><CanonicalHostedZoneId>Z35SXDOTRQ7X7K</CanonicalHostedZoneId>
  <CreatedTime>2026-11-20T10:00:00.000Z</CreatedTime><Scheme>internet-facing</Scheme><VpcId>vpc-0a1b2c3d</VpcId>
  <State><Code>active</Code></State><Type>application</Type><IpAddressType>ipv4</IpAddressType>
  <AvailabilityZones><member><ZoneName>us-east-1a</ZoneName><SubnetId>subnet-0ccc3333</SubnetId></member></AvailabilityZones>
  <SecurityGroups><member>sg-0bbb2222</member></SecurityGroups>
</member></LoadBalancers>
<NextMarker>page2</NextMarker>`,
	"DescribeLoadBalancers.page2": `<LoadBalancers><member>
  <LoadBalancerArn>` + lbOtherARN + `</LoadBalancerArn><LoadBalancerName>other-vpc</LoadBalancerName>
  <Scheme>internal</Scheme><VpcId>vpc-0other</VpcId><State><Code>active</Code></State><Type>network</Type>
  <AvailabilityZones><member><ZoneName>us-east-1a</ZoneName><SubnetId>subnet-0other</SubnetId></member></AvailabilityZones>
</member></LoadBalancers>`,
	"DescribeListeners": `<Listeners><member>
  <ListenerArn>` + listenerARN + `</ListenerArn><LoadBalancerArn>` + lbARN + `</LoadBalancerArn>
  <Port>443</Port><Protocol>HTTPS</Protocol><SslPolicy>ELBSecurityPolicy-TLS13-1-2-2021-06</SslPolicy>
  <Certificates><member><CertificateArn>arn:aws:acm:us-east-1:111122223333:certificate/web</CertificateArn></member></Certificates>
  <DefaultActions><member><Type>forward</Type><TargetGroupArn>` + tgARN + `</TargetGroupArn></member></DefaultActions>
</member></Listeners>`,
	"DescribeTargetGroups": `<TargetGroups>
  <member><TargetGroupArn>` + tgARN + `</TargetGroupArn><TargetGroupName>web-ips</TargetGroupName><Protocol>HTTPS</Protocol><Port>443</Port>
    <VpcId>vpc-0a1b2c3d</VpcId><TargetType>ip</TargetType><HealthCheckEnabled>true</HealthCheckEnabled><HealthCheckProtocol>HTTPS</HealthCheckProtocol>
    <HealthCheckPort>traffic-port</HealthCheckPort><HealthCheckPath>/aws_mwaa/aws-console-sso</HealthCheckPath><Matcher><HttpCode>200-399</HttpCode></Matcher>
    <LoadBalancerArns><member>` + lbARN + `</member></LoadBalancerArns></member>
  <member><TargetGroupArn>` + tgOtherARN + `</TargetGroupArn><TargetGroupName>other-tg</TargetGroupName><Protocol>TCP</Protocol><Port>80</Port>
    <VpcId>vpc-0other</VpcId><TargetType>instance</TargetType></member>
</TargetGroups>`,
	"DescribeTargetHealth": `<TargetHealthDescriptions>
  <member><Target><Id>10.0.1.20</Id><Port>443</Port><AvailabilityZone>us-east-1a</AvailabilityZone></Target><HealthCheckPort>443</HealthCheckPort><TargetHealth><State>healthy</State></TargetHealth></member>
  <member><Target><Id>10.0.2.20</Id><Port>443</Port><AvailabilityZone>us-east-1b</AvailabilityZone></Target><HealthCheckPort>443</HealthCheckPort><TargetHealth><State>healthy</State></TargetHealth></member>
</TargetHealthDescriptions>`,
}
