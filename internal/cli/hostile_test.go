package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileBound is how long one hostile input may take, generous for a loaded 2-core
// machine: the point is that nothing hangs or takes minutes (a one-line template of 5,000
// security groups took over 30 s of CPU; a FIFO hung forever). This is a guard, not a
// speed claim; the benchmarks in internal/ingest/cfn measure speed.
const hostileBound = 20 * time.Second

// hostileAlloc bounds what one hostile input may allocate in all (a /dev/zero link
// allocated without end).
const hostileAlloc = 1 << 30

// minifiedGroups is a one-line JSON template of n security groups.
func minifiedGroups(n int) string {
	var b strings.Builder
	b.WriteString(`{"Resources":{"Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16"}},`)
	b.WriteString(`"SubA":{"Type":"AWS::EC2::Subnet","Properties":{"VpcId":{"Ref":"Vpc"},"CidrBlock":"10.0.1.0/24","AvailabilityZone":"us-east-1a"}},`)
	b.WriteString(`"SubB":{"Type":"AWS::EC2::Subnet","Properties":{"VpcId":{"Ref":"Vpc"},"CidrBlock":"10.0.2.0/24","AvailabilityZone":"us-east-1b"}}`)
	for i := range n {
		fmt.Fprintf(&b, `,"Group%d":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":"g %d é","VpcId":{"Ref":"Vpc"},"SecurityGroupIngress":[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIp":"10.0.%d.0/24"}]}}`, i, i, i%256)
	}
	b.WriteString("}}")
	return b.String()
}

// hostileNetwork is a VPC with two subnets, checked with --subnets SubA,SubB.
const hostileNetwork = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n" +
	"  SubA:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}\n" +
	"  SubB:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b}\n"

func sgRuleTemplate(rule string) string {
	return hostileNetwork +
		"  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: hostile\n      VpcId: !Ref Vpc\n" +
		"      SecurityGroupIngress:\n        - " + rule + "\n"
}

// snapshotDir writes a snapshot directory with one VPC; extra adds hostile entries to it.
func snapshotDir(t *testing.T, extra func(dir string) error) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "describe-vpcs.json"), []byte(`{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := extra(dir); err != nil {
		t.Skipf("cannot create the hostile file here: %v", err)
	}
	return dir
}

// TestHostileInputs: one row per hostile input the readers must survive: exit code, the
// text of the error or finding (an excerpt naming the file), within hostileBound and
// hostileAlloc.
func TestHostileInputs(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("needs /dev/zero and FIFOs (a Unix system)")
	}
	type row struct {
		name string
		// setup returns the arguments (and optionally standard input) in a fresh directory.
		setup  func(t *testing.T, dir string) ([]string, io.Reader)
		code   int
		want   []string // in stderr, or in stdout for findings
		stderr int      // stderr at most this long (0: no limit)
	}
	write := func(t *testing.T, path, text string) string {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	rows := []row{
		{name: "minified template of 5,000 security groups", code: ExitOK,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", "--format", "json", "--fail-on", "none", "--subnets", "SubA,SubB", "--security-groups", "Group0", write(t, filepath.Join(dir, "m.json"), minifiedGroups(5000))}, nil
			}, want: []string{`"inputs"`}},
		{name: "template is a link to /dev/zero", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				p := filepath.Join(dir, "t.yaml")
				if err := os.Symlink("/dev/zero", p); err != nil {
					t.Skip(err)
				}
				return []string{"check", p}, nil
			}, want: []string{"t.yaml: is a device, not a regular file"}, stderr: 300},
		{name: "/dev/zero link in a snapshot directory", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				snap := snapshotDir(t, func(d string) error { return os.Symlink("/dev/zero", filepath.Join(d, "describe-subnets.json")) })
				return []string{"check", snap}, nil
			}, want: []string{"describe-subnets.json: is a device, not a regular file"}, stderr: 400},
		{name: "FIFO as the input", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				p := filepath.Join(dir, "t.yaml")
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skip(err)
				}
				return []string{"check", p}, nil
			}, want: []string{"t.yaml: is a named pipe (FIFO), not a regular file"}, stderr: 300},
		{name: "FIFO in a snapshot directory", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				snap := snapshotDir(t, func(d string) error { return syscall.Mkfifo(filepath.Join(d, "describe-subnets.json"), 0o644) })
				return []string{"check", snap}, nil
			}, want: []string{"describe-subnets.json: is a named pipe (FIFO), not a regular file"}, stderr: 400},
		{name: "FIFO as the spec of synth", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				p := filepath.Join(dir, "s.yaml")
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skip(err)
				}
				return []string{"synth", "--spec", p}, nil
			}, want: []string{"s.yaml: is a named pipe (FIFO), not a regular file"}, stderr: 300},
		{name: "file over --max-input-size", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				p := write(t, filepath.Join(dir, "big.yaml"), sgRuleTemplate("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}")+strings.Repeat("# padding\n", 200))
				return []string{"check", "--max-input-size", "1KiB", p}, nil
			}, want: []string{"big.yaml: larger than the 1 KiB limit for this kind of input; raise it with --max-input-size"}, stderr: 300},
		{name: "snapshot file over --max-input-size", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				snap := snapshotDir(t, func(string) error { return nil })
				return []string{"check", "--max-input-size", "32", snap}, nil
			}, want: []string{"describe-vpcs.json: larger than the 32 bytes limit"}, stderr: 400},
		{name: "standard input over --max-input-size", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", "--max-input-size", "1KiB", "-"}, strings.NewReader(strings.Repeat("# padding\n", 200))
			}, want: []string{"<stdin>: larger than the 1 KiB limit"}, stderr: 300},
		{name: "not a size", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", "--max-input-size", "lots", "x.yaml"}, nil
			}, want: []string{`"lots" is not a size`}, stderr: 300},
		{name: "huge spec value", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", write(t, filepath.Join(dir, "s.yaml"), "name: demo\nregion: \"\\e[2J"+strings.Repeat("x", 8<<20)+"\"\n")}, nil
			}, want: []string{`s.yaml:2:9: region: "\x1b[2Jxxx`, `xxx…" is not a Region name`}, stderr: 400},
		{name: "FromPort 4294967739 (was read as 443)", code: ExitFindings,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", "--subnets", "SubA,SubB", "--security-groups", "Sg", write(t, filepath.Join(dir, "t.yaml"), sgRuleTemplate("{IpProtocol: tcp, FromPort: 4294967739, ToPort: 443, CidrIp: 10.0.0.0/8}"))}, nil
			}, want: []string{"t.yaml:17:39: error INPUT/cfn-number-out-of-range Sg", "Sg: FromPort 4294967739 is not a valid port: expected -1 to 65535"}},
		{name: "reversed port range", code: ExitFindings,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", "--subnets", "SubA,SubB", "--security-groups", "Sg", write(t, filepath.Join(dir, "t.yaml"), sgRuleTemplate("{IpProtocol: tcp, FromPort: 443, ToPort: 80, CidrIp: 10.0.0.0/8}"))}, nil
			}, want: []string{"t.yaml:17:39: error INPUT/cfn-number-out-of-range", "FromPort 443 is above ToPort 80"}},
		{name: "ACL rule number 40000", code: ExitFindings,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				return []string{"check", "--subnets", "SubA,SubB", "--security-groups", "Sg", write(t, filepath.Join(dir, "t.yaml"), sgRuleTemplate("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}")+
					"  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties: {VpcId: !Ref Vpc}\n"+
					"  Entry:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n      NetworkAclId: !Ref Acl\n      RuleNumber: 40000\n      Protocol: -1\n      RuleAction: allow\n      CidrBlock: 0.0.0.0/0\n")}, nil
			}, want: []string{"t.yaml:25:19: error INPUT/cfn-number-out-of-range Entry", "RuleNumber 40000 is not a valid rule number: expected 1 to 32766"}},
		{name: "snapshot FromPort 4294967739", code: ExitInput,
			setup: func(t *testing.T, dir string) ([]string, io.Reader) {
				snap := snapshotDir(t, func(d string) error {
					return os.WriteFile(filepath.Join(d, "describe-security-groups.json"), []byte(`{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1",
  "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 4294967739, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}`), 0o644)
				})
				return []string{"check", snap}, nil
			}, want: []string{"describe-security-groups.json:2:55: FromPort: 4294967739 is not a valid port"}, stderr: 400},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			args, stdin := r.setup(t, t.TempDir())
			if stdin == nil {
				stdin = strings.NewReader("")
			}
			var out, errb bytes.Buffer
			app := &App{Streams: Streams{In: stdin, Out: &out, Err: &errb},
				Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			done := make(chan int, 1)
			go func() { done <- Run(app, args) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(hostileBound):
				t.Fatalf("mwaanet %s did not finish within %s", strings.Join(args, " "), hostileBound)
			}
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > hostileAlloc {
				t.Errorf("allocated %d MiB, more than %d MiB", alloc>>20, hostileAlloc>>20)
			}
			if code != r.code {
				t.Errorf("exit %d, want %d; stderr: %.500s", code, r.code, errb.String())
			}
			for _, w := range r.want {
				if !strings.Contains(errb.String(), w) && !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q; stderr: %.500q; stdout: %.500q", w, errb.String(), out.String())
				}
			}
			if r.stderr > 0 && errb.Len() > r.stderr {
				t.Errorf("stderr is %d bytes, want at most %d: %.500q", errb.Len(), r.stderr, errb.String())
			}
		})
	}
}
