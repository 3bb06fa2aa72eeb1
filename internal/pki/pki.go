// Package pki makes the certificates AWS Client VPN needs for mutual TLS
// authentication (WEB-02): a private certificate authority, a server
// certificate and client certificates, all RSA 2048 as ACM and Client VPN
// accept, and the OpenVPN profile a user imports into a VPN client.
//
// It uses crypto/x509 from the standard library only. It never overwrites an
// existing file unless asked to (Options.Force), writes private keys with mode
// 0600, and writes every file through a temporary file and a rename. It never
// talks to AWS: it prints the `aws acm import-certificate` commands instead.
package pki

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/outfile"
)

// KeyBits is the RSA key size. Client VPN accepts RSA 1024 and 2048 server
// certificates imported into ACM; 2048 is the only sensible one of the two.
const KeyBits = 2048

// DefaultServerName is the domain name put into the server certificate when
// none is given. Client VPN requires the server certificate to carry a domain
// name; it need not resolve.
const DefaultServerName = "server.mwaanet.vpn"

// DefaultClient is the client certificate made when no client is named.
const DefaultClient = "user1"

// DefaultDays is the validity of the certificates when none is given.
const DefaultDays = 825

// Options says what Generate makes and where.
type Options struct {
	Dir        string    // output directory, created if missing
	Days       int       // validity in days (default DefaultDays)
	Clients    []string  // client names (default [DefaultClient])
	ServerName string    // domain name of the server certificate (default DefaultServerName)
	Force      bool      // overwrite existing files
	Now        time.Time // clock (zero: time.Now())
	Rand       io.Reader // randomness (nil: crypto/rand)
}

// File is one file Generate wrote.
type File struct {
	Path string      // path of the file
	Mode fs.FileMode // permission bits it was written with
}

// Bundle is what Generate made.
type Bundle struct {
	Dir        string
	ServerName string
	Clients    []string
	Files      []File
	NotAfter   time.Time
	// ReusedCA is true when the directory's existing CA issued the certificates;
	// ServerWritten is false when an existing server certificate was kept.
	ReusedCA      bool
	ServerWritten bool
}

var clientName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidClientName reports whether name can be used in a file name and a
// certificate common name.
func ValidClientName(name string) bool { return clientName.MatchString(name) }

// ErrExists is returned (wrapped) when a file would be overwritten without
// Options.Force.
var ErrExists = outfile.ErrExists

// maxPEM bounds a certificate or key file read back (a CA to reuse, a profile's
// certificate): real ones are a few kilobytes.
const maxPEM = 1 << 20

type issued struct {
	cert *x509.Certificate
	der  []byte
	key  *rsa.PrivateKey
}

// Generate makes the CA, the server certificate and the client certificates
// and writes them into opts.Dir as ca.crt/ca.key, server.crt/server.key and
// client-NAME.crt/client-NAME.key. When the directory already holds a CA
// (ca.crt and ca.key) it is reused, so that adding a client keeps the others
// valid; the server certificate is then made only if missing (or with Force).
// Before writing anything it checks that no target file exists (unless
// opts.Force), so a refused run leaves the directory untouched. To start over
// with a new CA, remove ca.crt and ca.key.
func Generate(opts Options) (*Bundle, error) {
	if opts.Dir == "" {
		return nil, errors.New("no output directory given")
	}
	if opts.Days == 0 {
		opts.Days = DefaultDays
	}
	if opts.Days < 1 || opts.Days > 3650 {
		return nil, fmt.Errorf("validity of %d days is out of range: expected 1 to 3650", opts.Days)
	}
	if len(opts.Clients) == 0 {
		opts.Clients = []string{DefaultClient}
	}
	seen := map[string]bool{}
	for _, c := range opts.Clients {
		if !ValidClientName(c) {
			return nil, fmt.Errorf("client name %q is not usable: expected letters, digits, '.', '_' or '-' (at most 64)", c)
		}
		if seen[c] {
			return nil, fmt.Errorf("client name %q given twice", c)
		}
		seen[c] = true
	}
	if opts.ServerName == "" {
		opts.ServerName = DefaultServerName
	}
	if !validDNSName(opts.ServerName) {
		return nil, fmt.Errorf("server name %q is not a domain name: expected labels of letters, digits and '-' separated by dots, such as %s", opts.ServerName, DefaultServerName)
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}

	exists := func(n string) (bool, error) {
		p := filepath.Join(opts.Dir, n)
		if _, err := os.Lstat(p); err == nil {
			return true, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("checking %s: %w", p, err)
		}
		return false, nil
	}
	notBefore := opts.Now.Add(-5 * time.Minute).UTC().Truncate(time.Second)
	notAfter := opts.Now.AddDate(0, 0, opts.Days).UTC().Truncate(time.Second)

	// An existing CA (both files) is reused, so that the certificates it already issued
	// stay valid; otherwise a new one is made.
	crtThere, err := exists("ca.crt")
	if err != nil {
		return nil, err
	}
	keyThere, err := exists("ca.key")
	if err != nil {
		return nil, err
	}
	var ca *issued
	var names []string
	out := map[string][]byte{}
	b := &Bundle{Dir: opts.Dir, ServerName: opts.ServerName, Clients: opts.Clients}
	if crtThere && keyThere {
		if ca, err = loadCA(opts.Dir); err != nil {
			return nil, err
		}
		b.ReusedCA = true
		if notAfter.After(ca.cert.NotAfter) {
			notAfter = ca.cert.NotAfter
		}
		srvCrt, err := exists("server.crt")
		if err != nil {
			return nil, err
		}
		srvKey, err := exists("server.key")
		if err != nil {
			return nil, err
		}
		if opts.Force || !srvCrt || !srvKey {
			names = append(names, "server.crt", "server.key")
		}
	} else {
		if (crtThere || keyThere) && !opts.Force {
			return nil, fmt.Errorf("%s: only one of ca.crt and ca.key exists: %w (use --force to make a new CA)", opts.Dir, ErrExists)
		}
		ca, err = issue(opts.Rand, nil, &x509.Certificate{
			Subject:               pkix.Name{CommonName: "mwaanet Client VPN CA"},
			NotBefore:             notBefore,
			NotAfter:              notAfter,
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
			BasicConstraintsValid: true,
			IsCA:                  true,
			MaxPathLenZero:        true,
		})
		if err != nil {
			return nil, fmt.Errorf("making the CA: %w", err)
		}
		out["ca.crt"], out["ca.key"] = certPEM(ca.der), keyPEM(ca.key)
		names = append(names, "ca.crt", "ca.key", "server.crt", "server.key")
	}
	for _, c := range opts.Clients {
		names = append(names, "client-"+c+".crt", "client-"+c+".key")
	}
	if !opts.Force {
		for _, n := range names {
			there, err := exists(n)
			if err != nil {
				return nil, err
			}
			if there {
				return nil, fmt.Errorf("%s: %w (use --force to overwrite)", filepath.Join(opts.Dir, n), ErrExists)
			}
		}
	}
	b.NotAfter = notAfter

	if _, ok := find(names, "server.crt"); ok {
		server, err := issue(opts.Rand, ca, &x509.Certificate{
			Subject:               pkix.Name{CommonName: opts.ServerName},
			DNSNames:              []string{opts.ServerName},
			NotBefore:             notBefore,
			NotAfter:              notAfter,
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			BasicConstraintsValid: true,
		})
		if err != nil {
			return nil, fmt.Errorf("making the server certificate: %w", err)
		}
		out["server.crt"], out["server.key"] = certPEM(server.der), keyPEM(server.key)
		b.ServerWritten = true
	}
	for _, c := range opts.Clients {
		cl, err := issue(opts.Rand, ca, &x509.Certificate{
			Subject:               pkix.Name{CommonName: c + "." + opts.ServerName},
			NotBefore:             notBefore,
			NotAfter:              notAfter,
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
			BasicConstraintsValid: true,
		})
		if err != nil {
			return nil, fmt.Errorf("making the client certificate %s: %w", c, err)
		}
		out["client-"+c+".crt"] = certPEM(cl.der)
		out["client-"+c+".key"] = keyPEM(cl.key)
	}

	// internal/outfile checks every target again (an input, such as the reused CA, is
	// never written, even with Force), writes them all to temporary files and moves them
	// into place together; a directory it made is removed if that fails.
	var files []outfile.File
	for _, n := range names {
		mode := fs.FileMode(0o644)
		if filepath.Ext(n) == ".key" {
			mode = 0o600
		}
		files = append(files, outfile.File{Name: n, Data: out[n], Mode: mode})
	}
	var inputs []string
	if b.ReusedCA {
		inputs = []string{filepath.Join(opts.Dir, "ca.crt"), filepath.Join(opts.Dir, "ca.key")}
	}
	paths, err := outfile.WriteFiles(opts.Dir, files, outfile.Options{Force: opts.Force, Inputs: inputs})
	if err != nil {
		return nil, err
	}
	modes := map[string]fs.FileMode{}
	for _, f := range files {
		modes[f.Name] = f.Mode
	}
	for _, n := range names { // in the order named: CA, server, clients
		for _, p := range paths {
			if filepath.Base(p) == n {
				b.Files = append(b.Files, File{Path: p, Mode: modes[n]})
			}
		}
	}
	return b, nil
}

func issue(r io.Reader, parent *issued, tmpl *x509.Certificate) (*issued, error) {
	key, err := rsa.GenerateKey(r, KeyBits)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(r, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = serial.Add(serial, big.NewInt(1))
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	ski := sha1.Sum(pub) // RFC 5280 4.2.1.2 method (1) over the encoded key; any unique value is allowed
	tmpl.SubjectKeyId = ski[:]
	tmpl.SignatureAlgorithm = x509.SHA256WithRSA
	parentCert, signer := tmpl, key
	if parent != nil {
		parentCert, signer = parent.cert, parent.key
		tmpl.AuthorityKeyId = parent.cert.SubjectKeyId
	}
	der, err := x509.CreateCertificate(r, tmpl, parentCert, &key.PublicKey, signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &issued{cert: cert, der: der, key: key}, nil
}

func certPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// keyPEM writes the key as PKCS#1 ("RSA PRIVATE KEY"), the form the ACM
// import examples use and OpenVPN reads.
func keyPEM(k *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

// ImportCommands returns the AWS CLI commands that import the server
// certificate and each client certificate into ACM, in a stable order. The
// server certificate's ARN goes to --server-certificate-arn of
// `aws ec2 create-client-vpn-endpoint`; a client certificate's ARN (all share
// one CA) goes to its mutual-authentication ClientRootCertificateChainArn.
func ImportCommands(dir string, withServer bool, clients []string, region string) []string {
	reg := ""
	if region != "" {
		reg = " --region " + region
	}
	q := func(name string) string { return shellQuote("fileb://" + filepath.Join(dir, name)) }
	cmds := []string{
		fmt.Sprintf("aws acm import-certificate --certificate %s --private-key %s --certificate-chain %s%s",
			q("server.crt"), q("server.key"), q("ca.crt"), reg),
	}
	if !withServer {
		cmds = nil
	}
	cs := append([]string(nil), clients...)
	sort.Strings(cs)
	for _, c := range cs {
		cmds = append(cmds, fmt.Sprintf("aws acm import-certificate --certificate %s --private-key %s --certificate-chain %s%s",
			q("client-"+c+".crt"), q("client-"+c+".key"), q("ca.crt"), reg))
	}
	return cmds
}

var plainArg = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+-]+$`)

func shellQuote(s string) string {
	if plainArg.MatchString(s) {
		return s
	}
	return "'" + escapeSingleQuotes(s) + "'"
}

func escapeSingleQuotes(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, []byte(`'\''`)...)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

func find(names []string, n string) (int, bool) {
	for i, x := range names {
		if x == n {
			return i, true
		}
	}
	return -1, false
}

// loadCA reads dir/ca.crt and dir/ca.key and checks that they belong together.
func loadCA(dir string) (*issued, error) {
	crtPath, keyPath := filepath.Join(dir, "ca.crt"), filepath.Join(dir, "ca.key")
	crtPEM, err := inputfile.Read(crtPath, maxPEM)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", crtPath, err)
	}
	cert, err := parseCert(crtPath, crtPEM)
	if err != nil {
		return nil, err
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("%s is not a CA certificate", crtPath)
	}
	keyData, err := inputfile.Read(keyPath, maxPEM)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", keyPath, err)
	}
	blk, _ := pem.Decode(keyData)
	if blk == nil {
		return nil, fmt.Errorf("%s holds no PEM private key", keyPath)
	}
	var key *rsa.PrivateKey
	switch blk.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	case "PRIVATE KEY":
		var k any
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
		if err == nil {
			var ok bool
			if key, ok = k.(*rsa.PrivateKey); !ok {
				err = errors.New("not an RSA key")
			}
		}
	default:
		err = fmt.Errorf("unexpected PEM block %q", blk.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", keyPath, err)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok || !pub.Equal(&key.PublicKey) {
		return nil, fmt.Errorf("%s does not belong to %s", keyPath, crtPath)
	}
	return &issued{cert: cert, der: cert.Raw, key: key}, nil
}

// validDNSName reports whether name is a domain name a certificate's DNS SAN can hold:
// dot-separated labels of 1-63 letters, digits and hyphens, not starting or ending with a
// hyphen, 253 characters at most.
func validDNSName(name string) bool {
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
