package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/pki"
)

// vpnCertsOptions are the flags of mwaanet vpn certs.
type vpnCertsOptions struct {
	Out        string
	Days       int
	Clients    []string
	ServerName string
	Region     string
	Force      bool
}

// vpnConfigOptions are the flags of mwaanet vpn config.
type vpnConfigOptions struct {
	EndpointDNS string
	Client      string
	Dir         string
	Out         string
	Port        int
	Protocol    string
	Force       bool
}

func newVpnCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vpn",
		Short: "Certificates and client profiles for the Client VPN in front of a private web server",
		Long: `Make what AWS Client VPN needs for mutual TLS authentication (WEB-02): a private CA, a
server certificate and client certificates (vpn certs), and the OpenVPN profile a user
imports into the AWS VPN Client or OpenVPN (vpn config).`,
	}
	cmd.AddCommand(newVpnCertsCmd(app), newVpnConfigCmd(app))
	return groupCmd(cmd)
}

func newVpnCertsCmd(app *App) *cobra.Command {
	opts := &vpnCertsOptions{}
	cmd := &cobra.Command{
		Use:   "certs --out DIR [--days N] [--client NAME ...] [--server-name DNS] [--force]",
		Short: "Create the CA, server and client certificates for Client VPN",
		Long: `Create a CA (ca.crt, ca.key), a server certificate (server.crt, server.key) whose domain
name is --server-name, and a client certificate per --client (client-NAME.crt,
client-NAME.key; user1 when none is named), all RSA 2048 with the key usages Client VPN
needs (serverAuth for the server, clientAuth for clients). Keys are written with mode
0600. Existing files are never overwritten without --force. A CA already in DIR is reused,
so running it again with a new --client adds that client and keeps the others valid;
remove ca.crt and ca.key to start over with a new CA.

It prints the aws acm import-certificate commands that put the server certificate (and
the client CA chain) into ACM, for the Client VPN endpoint's --server-certificate-arn and
its mutual-authentication ClientRootCertificateChainArn.`,
		Example: `  mwaanet vpn certs --out vpn/
  mwaanet vpn certs --out vpn/ --client alice --client bob --days 365 --region eu-west-1`,
		Args: noArgs("name clients with --client ARG"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVpnCerts(app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "out", "o", "", "directory to write the certificates and keys into (required)")
	f.IntVar(&opts.Days, "days", pki.DefaultDays, "validity in days")
	f.StringArrayVar(&opts.Clients, "client", nil, "client name (repeat for several; default user1)")
	f.StringVar(&opts.ServerName, "server-name", pki.DefaultServerName, "domain name of the server certificate")
	f.StringVar(&opts.Region, "region", "", "Region for the printed aws acm commands")
	f.BoolVar(&opts.Force, "force", false, "overwrite existing files")
	return cmd
}

func runVpnCerts(app *App, opts *vpnCertsOptions) error {
	if opts.Out == "" {
		return usageError("--out DIR is required")
	}
	if opts.Out == "-" {
		return usageError("--out -: vpn certs writes several files; give --out DIR")
	}
	if opts.Days < 1 || opts.Days > 3650 {
		return usageError("--days %d: expected 1 to 3650", opts.Days)
	}
	if fi, err := os.Stat(opts.Out); err == nil && !fi.IsDir() {
		return usageError("--out %s is a file; expected a directory (vpn certs writes ca.crt, server.crt, ... into it)", opts.Out)
	}
	b, err := pki.Generate(pki.Options{Dir: opts.Out, Days: opts.Days, Clients: opts.Clients, ServerName: opts.ServerName, Force: opts.Force})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	if b.ReusedCA {
		fmt.Fprintf(app.Err, "using the existing CA in %s\n", b.Dir)
	}
	for _, f := range b.Files {
		fmt.Fprintf(app.Err, "wrote %s (%04o)\n", f.Path, f.Mode)
	}
	fmt.Fprintf(app.Out, "# Import the new certificates into ACM (the server certificate's ARN is the endpoint's\n# --server-certificate-arn; a client certificate's ARN its client root certificate chain):\n")
	for _, c := range pki.ImportCommands(b.Dir, b.ServerWritten, b.Clients, opts.Region) {
		fmt.Fprintln(app.Out, c)
	}
	fmt.Fprintf(app.Out, "# Certificates expire %s. Keep %s private.\n", b.NotAfter.Format("2006-01-02"), filepath.Join(b.Dir, "ca.key"))
	return nil
}

func newVpnConfigCmd(app *App) *cobra.Command {
	opts := &vpnConfigOptions{}
	cmd := &cobra.Command{
		Use:   "config --endpoint-dns NAME [--client NAME] [--dir DIR] [--out FILE] [--port N] [--protocol udp|tcp]",
		Short: "Write an OpenVPN profile (.ovpn) for a Client VPN endpoint",
		Long: `Write a ready OpenVPN profile for one client: the endpoint's DNS name (as the console or
aws ec2 describe-client-vpn-endpoints shows it, a leading "*." is fine), the CA, the
client certificate and key from --dir (what vpn certs wrote) inline. The profile holds
the client's private key and is written with mode 0600; --out - prints it instead.`,
		Example: `  mwaanet vpn config --endpoint-dns cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com --client user1 --dir vpn/`,
		Args:    noArgs("name the client with --client ARG"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVpnConfig(app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.EndpointDNS, "endpoint-dns", "", "the Client VPN endpoint's DNS name (required)")
	f.StringVar(&opts.Client, "client", pki.DefaultClient, "the client whose certificate goes into the profile")
	f.StringVar(&opts.Dir, "dir", ".", "directory holding ca.crt and client-NAME.crt/.key")
	f.StringVarP(&opts.Out, "out", "o", "", "the profile to write (default DIR/NAME.ovpn; - for standard output)")
	f.IntVar(&opts.Port, "port", 443, "the endpoint's VPN port")
	f.StringVar(&opts.Protocol, "protocol", "udp", "the endpoint's transport protocol: udp or tcp")
	// --proto was this flag's first name (OpenVPN's word); trace and the rest say --protocol.
	f.StringVar(&opts.Protocol, "proto", "udp", "the endpoint's transport protocol (the former name of --protocol)")
	_ = f.MarkHidden("proto")
	f.BoolVar(&opts.Force, "force", false, "overwrite an existing profile (never the CA, certificate or key it is made from)")
	return cmd
}

func runVpnConfig(app *App, opts *vpnConfigOptions) error {
	if opts.EndpointDNS == "" {
		return usageError("--endpoint-dns NAME is required")
	}
	if opts.Port < 1 || opts.Port > 65535 {
		// pki takes 0 for "the default", so --port 0 wrote a profile for port 443.
		return usageError("--port %d: expected 1 to 65535", opts.Port)
	}
	profile, err := pki.Profile(pki.ProfileOptions{Dir: opts.Dir, EndpointDNS: opts.EndpointDNS, Client: opts.Client, Port: opts.Port, Protocol: opts.Protocol})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	if opts.Out == "-" {
		_, err := app.Out.Write(profile)
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join(opts.Dir, opts.Client+".ovpn")
	}
	if err := pki.WriteProfile(out, profile, opts.Force, pki.ProfileInputs(opts.Dir, opts.Client)...); err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	fmt.Fprintf(app.Err, "wrote %s (0600)\n", out)
	return nil
}
