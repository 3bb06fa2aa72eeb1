package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigTemplate returns the synthesized use case 3 template grown to n resources with
// subnets, route tables with routes and associations, and security groups with rules in
// the same VPC (the shape of a large shared network stack).
func bigTemplate(t testing.TB, n int) string {
	tpl := synthTemplate(t, 3)
	i := strings.Index(tpl, "\nOutputs:\n")
	have := strings.Count(tpl[:i], "\n    Type: ")
	var b strings.Builder
	b.WriteString(tpl[:i+1])
	for k := 0; have < n; k++ {
		third, fourth := 16+k/16, (k%16)*16
		fmt.Fprintf(&b, `  ExtraSubnet%[1]d:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      CidrBlock: 10.192.%[2]d.%[3]d/28
      AvailabilityZone: !Select [%[4]d, !GetAZs ""]
  ExtraRouteTable%[1]d:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref VPC
  ExtraAssociation%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref ExtraSubnet%[1]d
      RouteTableId: !Ref ExtraRouteTable%[1]d
  ExtraSecurityGroup%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: extra %[1]d
      VpcId: !Ref VPC
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 10.192.0.0/16
`, k, third, fourth, k%2)
		have += 4
	}
	b.WriteString(tpl[i+1:])
	return b.String()
}

func TestBigTemplateChecks(t *testing.T) {
	p := writeTemp(t, "big.yaml", bigTemplate(t, 2000))
	code, out, errs := runCLI(t, nil, false, "check", p)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

// BenchmarkCheck2000 is check end to end (read, ingest, rules with reachability, text
// report) on a 2,000-resource template. Target: under 200 ms on one core
// (go test -run XXX -bench Check2000 -cpu 1 ./internal/cli). It also reports cpu-ms/op,
// the process's CPU time per check, which a loaded machine does not inflate.
func BenchmarkCheck2000(b *testing.B) {
	dir := b.TempDir()
	p := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(p, []byte(bigTemplate(b, 2000)), 0o644); err != nil {
		b.Fatal(err)
	}
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: io.Discard, Err: &bytes.Buffer{}},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		opts := &checkOptions{Inputs: []string{p}, Format: "text", FailOn: "error"}
		if err := runCheck(context.Background(), app, opts); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}
