package pki

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func generate(t *testing.T, clients ...string) (string, *Bundle) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pki")
	b, err := Generate(Options{Dir: dir, Days: 30, Clients: clients})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, b
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(data)
	if blk == nil {
		t.Fatalf("%s: no PEM", path)
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGenerateFilesModesAndKeys(t *testing.T) {
	dir, b := generate(t, "alice", "bob")
	want := []string{"ca.crt", "ca.key", "server.crt", "server.key", "client-alice.crt", "client-alice.key", "client-bob.crt", "client-bob.key"}
	if len(b.Files) != len(want) {
		t.Fatalf("wrote %d files, want %d", len(b.Files), len(want))
	}
	for _, n := range want {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		wantMode := os.FileMode(0o644)
		if strings.HasSuffix(n, ".key") {
			wantMode = 0o600
		}
		if fi.Mode().Perm() != wantMode {
			t.Errorf("%s mode %v, want %v", n, fi.Mode().Perm(), wantMode)
		}
	}
	for _, n := range []string{"ca.crt", "server.crt", "client-alice.crt"} {
		c := readCert(t, filepath.Join(dir, n))
		pub, ok := c.PublicKey.(*rsa.PublicKey)
		if !ok || pub.N.BitLen() != 2048 {
			t.Errorf("%s: want RSA 2048 key, got %T", n, c.PublicKey)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		t.Errorf("directory holds %d entries (temp files left?), want %d", len(entries), len(want))
	}
}

func TestUsagesAndChain(t *testing.T) {
	dir, _ := generate(t)
	ca := readCert(t, filepath.Join(dir, "ca.crt"))
	srv := readCert(t, filepath.Join(dir, "server.crt"))
	cl := readCert(t, filepath.Join(dir, "client-user1.crt"))
	if !ca.IsCA || ca.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Errorf("CA lacks CA:TRUE or keyCertSign")
	}
	if len(srv.DNSNames) != 1 || srv.DNSNames[0] != DefaultServerName || srv.Subject.CommonName != DefaultServerName {
		t.Errorf("server domain name not set: CN %q SAN %v", srv.Subject.CommonName, srv.DNSNames)
	}
	if srv.IsCA || cl.IsCA {
		t.Errorf("leaf certificate marked CA")
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	if _, err := srv.Verify(x509.VerifyOptions{Roots: pool, DNSName: DefaultServerName, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
		t.Errorf("server does not verify for serverAuth: %v", err)
	}
	if _, err := cl.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client does not verify for clientAuth: %v", err)
	}
	// The client certificate must not pass as a server one.
	if _, err := cl.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err == nil {
		t.Errorf("client certificate verifies for serverAuth; its EKU should be clientAuth only")
	}
	if srv.KeyUsage&x509.KeyUsageDigitalSignature == 0 || srv.KeyUsage&x509.KeyUsageKeyEncipherment == 0 {
		t.Errorf("server key usage %v lacks digitalSignature/keyEncipherment", srv.KeyUsage)
	}
}

func TestOpenSSLVerify(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed; skipping the openssl verify check")
	}
	dir, _ := generate(t)
	run := func(purpose, cert string) error {
		cmd := exec.Command(openssl, "verify", "-CAfile", filepath.Join(dir, "ca.crt"), "-purpose", purpose, filepath.Join(dir, cert))
		out, err := cmd.CombinedOutput()
		if err != nil {
			return errors.New(strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run("sslserver", "server.crt"); err != nil {
		t.Errorf("openssl verify -purpose sslserver server.crt: %v", err)
	}
	if err := run("sslclient", "client-user1.crt"); err != nil {
		t.Errorf("openssl verify -purpose sslclient client-user1.crt: %v", err)
	}
	if err := run("sslserver", "client-user1.crt"); err == nil {
		t.Errorf("openssl accepted the client certificate for sslserver")
	}
}

func TestRefusesToOverwrite(t *testing.T) {
	dir, _ := generate(t)
	before, _ := os.ReadFile(filepath.Join(dir, "ca.key"))
	_, err := Generate(Options{Dir: dir})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second Generate: err %v, want ErrExists", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "ca.key"))
	if string(before) != string(after) {
		t.Fatalf("ca.key changed although Generate refused")
	}
	if got := ImportCommands("d", false, []string{"x"}, ""); len(got) != 1 || !strings.Contains(got[0], "client-x.crt") {
		t.Errorf("client-only import commands: %v", got)
	}
	// A new client alone in a fresh dir with one existing file is refused too.
	dir2 := t.TempDir()
	os.WriteFile(filepath.Join(dir2, "client-carol.key"), []byte("x"), 0o600)
	if _, err := Generate(Options{Dir: dir2, Clients: []string{"carol"}}); !errors.Is(err, ErrExists) {
		t.Fatalf("Generate over client-carol.key: err %v, want ErrExists", err)
	}
	if _, err := os.Stat(filepath.Join(dir2, "ca.crt")); err == nil {
		t.Fatalf("refused Generate still wrote ca.crt")
	}
	// With Force the existing CA is kept (so other clients stay valid) and the server
	// and client certificates are replaced.
	srvBefore, _ := os.ReadFile(filepath.Join(dir, "server.crt"))
	b, err := Generate(Options{Dir: dir, Force: true})
	if err != nil {
		t.Fatalf("Generate with Force: %v", err)
	}
	forced, _ := os.ReadFile(filepath.Join(dir, "ca.key"))
	srvAfter, _ := os.ReadFile(filepath.Join(dir, "server.crt"))
	if string(forced) != string(before) || !b.ReusedCA || !b.ServerWritten || string(srvAfter) == string(srvBefore) {
		t.Fatalf("Force: CA replaced or server kept (reused %v, server written %v)", b.ReusedCA, b.ServerWritten)
	}
}

func TestAddClientKeepsCA(t *testing.T) {
	dir, _ := generate(t, "alice")
	ca := readCert(t, filepath.Join(dir, "ca.crt"))
	b, err := Generate(Options{Dir: dir, Clients: []string{"bob"}})
	if err != nil {
		t.Fatalf("adding bob: %v", err)
	}
	if !b.ReusedCA || b.ServerWritten || len(b.Files) != 2 {
		t.Fatalf("adding a client: reused %v, server %v, files %v", b.ReusedCA, b.ServerWritten, b.Files)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	for _, n := range []string{"client-alice.crt", "client-bob.crt"} {
		if _, err := readCert(t, filepath.Join(dir, n)).Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
			t.Errorf("%s does not verify against the CA: %v", n, err)
		}
	}
	// Adding bob again is refused; a lone ca.crt is refused too.
	if _, err := Generate(Options{Dir: dir, Clients: []string{"bob"}}); !errors.Is(err, ErrExists) {
		t.Errorf("bob twice: %v", err)
	}
	lone := t.TempDir()
	data, _ := os.ReadFile(filepath.Join(dir, "ca.crt"))
	os.WriteFile(filepath.Join(lone, "ca.crt"), data, 0o644)
	if _, err := Generate(Options{Dir: lone}); !errors.Is(err, ErrExists) {
		t.Errorf("lone ca.crt: %v", err)
	}
	// A key that does not match the certificate is refused.
	other, _ := generate(t)
	key, _ := os.ReadFile(filepath.Join(other, "ca.key"))
	os.WriteFile(filepath.Join(lone, "ca.key"), key, 0o600)
	if _, err := Generate(Options{Dir: lone}); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("mismatched CA key: %v", err)
	}
}

func TestBadOptions(t *testing.T) {
	cases := []Options{
		{},
		{Dir: t.TempDir(), Clients: []string{"../evil"}},
		{Dir: t.TempDir(), Clients: []string{"a", "a"}},
		{Dir: t.TempDir(), Days: -1},
		{Dir: t.TempDir(), ServerName: "bad name"},
		{Dir: t.TempDir(), ServerName: "-lead.example.com"},
		{Dir: t.TempDir(), ServerName: "a..b"},
	}
	for i, o := range cases {
		if _, err := Generate(o); err == nil {
			t.Errorf("case %d: Generate(%+v) succeeded", i, o)
		}
	}
}

func TestServerNames(t *testing.T) {
	for _, name := range []string{"server.mwaanet.vpn", "vpn.corp.example.com", "localhost"} {
		if !validDNSName(name) {
			t.Errorf("%q refused", name)
		}
	}
}

func TestValidity(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	dir := t.TempDir()
	if _, err := Generate(Options{Dir: dir, Days: 10, Now: now}); err != nil {
		t.Fatal(err)
	}
	c := readCert(t, filepath.Join(dir, "server.crt"))
	if !c.NotAfter.Equal(now.AddDate(0, 0, 10)) {
		t.Errorf("NotAfter %v, want %v", c.NotAfter, now.AddDate(0, 0, 10))
	}
}

func TestImportCommands(t *testing.T) {
	cmds := ImportCommands("out dir", true, []string{"bob", "alice"}, "us-east-1")
	if len(cmds) != 3 {
		t.Fatalf("got %d commands", len(cmds))
	}
	if !strings.Contains(cmds[0], "--certificate 'fileb://out dir/server.crt'") || !strings.Contains(cmds[0], "--certificate-chain 'fileb://out dir/ca.crt'") || !strings.HasSuffix(cmds[0], "--region us-east-1") {
		t.Errorf("server command: %s", cmds[0])
	}
	if !strings.Contains(cmds[1], "client-alice.crt") || !strings.Contains(cmds[2], "client-bob.key") {
		t.Errorf("client commands not sorted: %v", cmds[1:])
	}
	if got := ImportCommands("out", true, nil, ""); strings.Contains(got[0], "'") || strings.Contains(got[0], "--region") {
		t.Errorf("plain path quoted or region added: %s", got[0])
	}
}

func TestProfile(t *testing.T) {
	dir, _ := generate(t)
	p, err := Profile(ProfileOptions{Dir: dir, EndpointDNS: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com", Client: "user1"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(p)
	for _, want := range []string{
		"client\n", "dev tun\n", "proto udp\n",
		"remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443\n",
		"remote-random-hostname\n", "remote-cert-tls server\n",
		"<ca>\n-----BEGIN CERTIFICATE-----", "<cert>\n-----BEGIN CERTIFICATE-----", "<key>\n-----BEGIN RSA PRIVATE KEY-----", "</key>\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	out := filepath.Join(t.TempDir(), "user1.ovpn")
	if err := WriteProfile(out, p, false); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("profile mode %v, want 0600", fi.Mode().Perm())
	}
	if err := WriteProfile(out, p, false); !errors.Is(err, ErrExists) {
		t.Errorf("second WriteProfile: %v, want ErrExists", err)
	}
}

func TestProfileErrors(t *testing.T) {
	dir, _ := generate(t)
	if _, err := Profile(ProfileOptions{Dir: dir, EndpointDNS: "not a name", Client: "user1"}); err == nil {
		t.Error("bad DNS accepted")
	}
	if _, err := Profile(ProfileOptions{Dir: dir, EndpointDNS: "cvpn.example.com", Client: "nobody"}); err == nil || !strings.Contains(err.Error(), "vpn certs") {
		t.Errorf("missing client: %v", err)
	}
	// A client certificate from another CA is refused.
	other, _ := generate(t)
	data, _ := os.ReadFile(filepath.Join(other, "client-user1.crt"))
	os.WriteFile(filepath.Join(dir, "client-user1.crt"), data, 0o644)
	if _, err := Profile(ProfileOptions{Dir: dir, EndpointDNS: "cvpn.example.com", Client: "user1"}); err == nil || !strings.Contains(err.Error(), "not issued") {
		t.Errorf("foreign client certificate: %v", err)
	}
}
