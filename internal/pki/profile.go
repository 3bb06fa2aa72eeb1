package pki

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/outfile"
)

// ProfileOptions says which Client VPN endpoint and which client a profile is
// for.
type ProfileOptions struct {
	Dir         string // directory holding ca.crt and client-NAME.crt/.key (from Generate)
	EndpointDNS string // the endpoint's DNS name, e.g. cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com
	Client      string // client name
	Port        int    // VPN port (default 443)
	Protocol    string // udp (default) or tcp
}

var endpointDNS = regexp.MustCompile(`^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))+$`)

// Profile builds an OpenVPN client profile (.ovpn) for a Client VPN endpoint
// that uses mutual TLS authentication, with the CA, the client certificate and
// the client key inline. The endpoint DNS name may be given as the console
// shows it ("*.cvpn-endpoint-...."); the leading "*." is dropped and
// remote-random-hostname added, as in the profile AWS exports.
func Profile(opts ProfileOptions) ([]byte, error) {
	dns := strings.TrimSpace(opts.EndpointDNS)
	if !endpointDNS.MatchString(dns) {
		return nil, fmt.Errorf("endpoint DNS name %q is not a DNS name: expected something like cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com", opts.EndpointDNS)
	}
	dns = strings.TrimPrefix(dns, "*.")
	if !ValidClientName(opts.Client) {
		return nil, fmt.Errorf("client name %q is not usable: expected letters, digits, '.', '_' or '-'", opts.Client)
	}
	port := opts.Port
	if port == 0 {
		port = 443
	}
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("port %d is out of range: expected 1 to 65535", port)
	}
	proto := opts.Protocol
	if proto == "" {
		proto = "udp"
	}
	if proto != "udp" && proto != "tcp" {
		return nil, fmt.Errorf("protocol %q is not supported: expected udp or tcp", proto)
	}
	read := func(name string) ([]byte, error) {
		p := filepath.Join(opts.Dir, name)
		b, err := inputfile.Read(p, maxPEM)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s does not exist: run `mwaanet vpn certs --out %s --client %s` first", p, opts.Dir, opts.Client)
			}
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		return b, nil
	}
	ca, err := read("ca.crt")
	if err != nil {
		return nil, err
	}
	crt, err := read("client-" + opts.Client + ".crt")
	if err != nil {
		return nil, err
	}
	key, err := read("client-" + opts.Client + ".key")
	if err != nil {
		return nil, err
	}
	caCert, err := parseCert(filepath.Join(opts.Dir, "ca.crt"), ca)
	if err != nil {
		return nil, err
	}
	clCert, err := parseCert(filepath.Join(opts.Dir, "client-"+opts.Client+".crt"), crt)
	if err != nil {
		return nil, err
	}
	if err := clCert.CheckSignatureFrom(caCert); err != nil {
		return nil, fmt.Errorf("client certificate %s was not issued by %s: %w", opts.Client, filepath.Join(opts.Dir, "ca.crt"), err)
	}
	if blk, _ := pem.Decode(key); blk == nil || !strings.HasSuffix(blk.Type, "PRIVATE KEY") {
		return nil, fmt.Errorf("%s holds no PEM private key", filepath.Join(opts.Dir, "client-"+opts.Client+".key"))
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "# OpenVPN profile for AWS Client VPN, client %s (written by mwaanet vpn config)\n", opts.Client)
	b.WriteString("client\n")
	b.WriteString("dev tun\n")
	fmt.Fprintf(&b, "proto %s\n", proto)
	fmt.Fprintf(&b, "remote %s %d\n", dns, port)
	b.WriteString("remote-random-hostname\n")
	b.WriteString("resolv-retry infinite\n")
	b.WriteString("nobind\n")
	b.WriteString("remote-cert-tls server\n")
	b.WriteString("cipher AES-256-GCM\n")
	b.WriteString("verb 3\n")
	b.WriteString("reneg-sec 0\n")
	block := func(tag string, body []byte) {
		fmt.Fprintf(&b, "<%s>\n%s", tag, body)
		if len(body) > 0 && body[len(body)-1] != '\n' {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "</%s>\n", tag)
	}
	block("ca", ca)
	block("cert", crt)
	block("key", key)
	return b.Bytes(), nil
}

func parseCert(path string, data []byte) (*x509.Certificate, error) {
	blk, _ := pem.Decode(data)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// WriteProfile writes the profile to path with mode 0600 (it holds the
// client's private key), refusing to overwrite an existing file unless force and
// refusing, even with force, to write onto one of inputs (ProfileInputs: the files
// the profile was made from).
func WriteProfile(path string, profile []byte, force bool, inputs ...string) error {
	return outfile.Write(path, profile, outfile.Options{Force: force, Inputs: inputs, Perm: 0o600})
}

// ProfileInputs are the files Profile reads from dir for client.
func ProfileInputs(dir, client string) []string {
	return []string{filepath.Join(dir, "ca.crt"), filepath.Join(dir, "client-"+client+".crt"), filepath.Join(dir, "client-"+client+".key")}
}
