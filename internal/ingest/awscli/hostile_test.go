package awscli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNumbersOutOfRange: numbers EC2 never returns are input errors at the value, never
// truncated (a FromPort of 4294967739 is not read as 443).
func TestNumbersOutOfRange(t *testing.T) {
	sg := func(perm string) string {
		return `{"SecurityGroups":[{"GroupId":"sg-1","VpcId":"vpc-1","IpPermissions":[` + perm + `]}]}`
	}
	acl := func(entry string) string {
		return `{"NetworkAcls":[{"NetworkAclId":"acl-1","VpcId":"vpc-1","Entries":[` + entry + `]}]}`
	}
	for _, tc := range []struct{ data, want string }{
		{sg(`{"IpProtocol":"tcp","FromPort":4294967739,"ToPort":443,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}`), "f.json:1:102: FromPort: 4294967739 is not a valid port: expected -1 to 65535"},
		{sg(`{"IpProtocol":"tcp","FromPort":443,"ToPort":99999999999999999999999}`), "ToPort: 99999999999999999999999 is not a valid port"},
		{sg(`{"IpProtocol":"tcp","FromPort":443,"ToPort":80}`), "f.json:1:102: IpPermissions: FromPort 443 is above ToPort 80"},
		{sg(`{"IpProtocol":"icmp","FromPort":256,"ToPort":-1}`), "FromPort: 256 is not a valid ICMP type or code: expected -1 to 255"},
		{acl(`{"RuleNumber":40000,"Protocol":"-1","Egress":false,"RuleAction":"allow","CidrBlock":"0.0.0.0/0"}`), "RuleNumber: 40000 is not a valid rule number: expected 1 to 32767"},
		{acl(`{"RuleNumber":100,"Protocol":"6","PortRange":{"From":443,"To":80}}`), "PortRange: From 443 is above To 80"},
		{acl(`{"RuleNumber":100,"Protocol":"6","PortRange":{"From":443,"To":65536}}`), "To: 65536 is not a valid port: expected 0 to 65535"},
		{acl(`{"RuleNumber":100,"Protocol":"1","IcmpTypeCode":{"Type":3,"Code":256}}`), "Code: 256 is not a valid ICMP code"},
	} {
		_, err := Read(map[string][]byte{"f.json": []byte(tc.data)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.data, err, tc.want)
		}
	}
	// The limits themselves are read.
	for _, data := range []string{
		sg(`{"IpProtocol":"tcp","FromPort":0,"ToPort":65535,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}`),
		sg(`{"IpProtocol":"icmp","FromPort":-1,"ToPort":-1,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}`),
		acl(`{"RuleNumber":32767,"Protocol":"-1","Egress":false,"RuleAction":"deny","CidrBlock":"0.0.0.0/0"}`),
		acl(`{"RuleNumber":1,"Protocol":"6","RuleAction":"allow","CidrBlock":"0.0.0.0/0","PortRange":{"From":0,"To":65535}}`),
	} {
		if _, err := Read(map[string][]byte{"f.json": []byte(data)}); err != nil {
			t.Errorf("%s: %v", data, err)
		}
	}
}

// TestReadDirRefusesSpecialFiles: a *.json in a snapshot directory that is a link to
// /dev/zero or a FIFO is refused by name before it is read (it grew memory without end,
// or hung), and a file over the size limit is refused naming the limit.
func TestReadDirRefusesSpecialFiles(t *testing.T) {
	vpcs := []byte(`{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16"}]}`)
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "describe-vpcs.json"), vpcs, 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.Run("dev zero", func(t *testing.T) {
			dir := setup(t)
			if _, err := os.Stat("/dev/zero"); err != nil {
				t.Skip("no /dev/zero on this system")
			}
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "describe-subnets.json")); err != nil {
				t.Skip(err)
			}
			_, err := ReadDir(dir)
			if err == nil || !strings.Contains(err.Error(), "describe-subnets.json: is a device, not a regular file") {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("fifo", func(t *testing.T) {
			dir := setup(t)
			if err := syscall.Mkfifo(filepath.Join(dir, "describe-subnets.json"), 0o644); err != nil {
				t.Skip(err)
			}
			_, err := ReadDir(dir)
			if err == nil || !strings.Contains(err.Error(), "describe-subnets.json: is a named pipe (FIFO), not a regular file") {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("over the limit", func(t *testing.T) {
			dir := setup(t)
			_, err := ReadDirLimit(dir, 20)
			if err == nil || !strings.Contains(err.Error(), "describe-vpcs.json: larger than the 20 bytes limit") {
				t.Errorf("err = %v", err)
			}
			if _, err := ReadDirLimit(dir, int64(len(vpcs))); err != nil {
				t.Errorf("a file of exactly the limit: %v", err)
			}
		})
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("reading a snapshot directory with a special file did not finish in 20 s")
	}
}
