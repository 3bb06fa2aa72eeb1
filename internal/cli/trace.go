package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
	"github.com/mwaanet/mwaanet/internal/rules"
)

type traceOptions struct {
	Inputs   []string
	From, To string
	Port     int32
	Protocol string
	Format   string
	All      bool
	Paths    bool
	Region   string
	Params   map[string]string
	Account  string // --account: AWS::AccountId for inputs that do not say it
	// The environment of a network-only input, as check takes them.
	Subnets        []string
	SecurityGroups []string

	TF TFOptions // --var, --var-file
}

func newTraceCmd(app *App) *cobra.Command {
	opts := &traceOptions{}
	cmd := &cobra.Command{
		Use:   "trace [INPUT...] (--from A --to B [--port N] [--protocol P] | --all) [--format text|json]",
		Short: "Trace traffic hop by hop and explain why it does or does not get through",
		Long: `Trace answers "can A reach B on this port?" over the network of INPUT (a spec,
CloudFormation templates, a Terraform plan, or a snapshot directory with the templates
that add to it; - reads standard input; default: the embedded default spec), with AWS's
semantics: route tables (longest prefix match, prefix lists, blackholes), network ACLs
(rule order, stateless: the reply is checked on the client's ephemeral ports), security groups
(stateful), interface endpoints and private DNS, gateway endpoints, NAT, internet
gateway, Client VPN.

Places: env (the environment's interfaces), webserver, database, service:NAME (sqs, logs,
s3, airflow.api, ...), internet, vpn (a Client VPN client), corporate, or any resource
ID, IP address or CIDR.

When the traffic does not get through, the explanation lists every blocking component
along the path (each with its rule, a stable code and the fix), not only the first.

--all answers every path MWAA depends on for the input (the list check uses) as a table.

A network-only input (no AWS::MWAA::Environment) gets the environment check would check
it for: --subnets and --security-groups, or inferred as check infers it (said on
standard error), when --all or the places env, webserver or database need one.

Exit status: 0 reachable (--all: every path as expected); 1 not reachable, or
undetermined because the input does not give a value the answer needs (JSON says
"undetermined": true); 2 bad input or an unknown place.`,
		Example: `  mwaanet trace --from env --to service:sqs --port 443
  mwaanet trace spec.yaml --from vpn --to webserver --port 443 --format json
  mwaanet trace template.yaml --from internet --to env --port 22
  mwaanet trace snapshot/ --all`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runTrace(app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "source place")
	f.StringVar(&opts.To, "to", "", "destination place")
	f.Int32Var(&opts.Port, "port", 443, "destination port (tcp, udp)")
	f.StringVar(&opts.Protocol, "protocol", "tcp", "tcp, udp, icmp or all")
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	f.BoolVar(&opts.All, "all", false, "answer every path MWAA depends on, as a table")
	f.BoolVar(&opts.Paths, "paths", false, "text: show the hops of every interface pair, not only the first blocked one")
	f.StringVar(&opts.Region, "region", "", "Region of a CloudFormation template (default: us-east-1)")
	f.StringToStringVar(&opts.Params, "param", nil, "template parameter `Key=Value` (repeatable)")
	f.StringVar(&opts.Account, "account", "", "the AWS account `ID` the input is deployed in, when it does not say (AWS::AccountId; same as --param AWS::AccountId=ID)")
	addTFFlags(f, &opts.TF)
	f.StringSliceVar(&opts.Subnets, "subnets", nil, "network-only input: the environment's two subnets `A,B` (IDs in the input), as check takes them")
	f.StringSliceVar(&opts.SecurityGroups, "security-groups", nil, "network-only input: the environment's security groups `X,Y`")
	return cmd
}

func runTrace(app *App, opts *traceOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError("--format %q is not one of text, json", opts.Format)
	}
	var proto model.Protocol
	switch strings.ToLower(opts.Protocol) {
	case "tcp":
		proto = model.TCP
	case "udp":
		proto = model.UDP
	case "icmp":
		proto = model.ICMP
	case "all", "-1":
		proto = model.AllProtocols
	default:
		return usageError("--protocol %q is not one of tcp, udp, icmp, all", opts.Protocol)
	}
	if opts.All {
		if opts.From != "" || opts.To != "" {
			return usageError("--all answers every MWAA path; it takes no --from or --to")
		}
	} else if opts.From == "" || opts.To == "" {
		return usageError("trace needs --from and --to (or --all); see 'mwaanet trace --help'")
	}
	if proto.HasPorts() && (opts.Port < 0 || opts.Port > 65535) {
		return usageError("--port %d: expected 0-65535", opts.Port)
	}
	in, err := LoadInput(opts.Inputs, InputOptions{Region: opts.Region, Params: opts.Params, AccountID: opts.Account, Stdin: app.In, TF: opts.TF.withEnv(app), MaxSize: app.MaxInputSize})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	a, err := traceEnvironment(app, in.Arch, opts)
	if err != nil {
		return err
	}
	an := reach.New(a)
	if opts.All {
		return traceAll(app, an, opts)
	}
	r, err := an.Trace(reach.PathQuery{From: opts.From, To: opts.To, Protocol: proto, Port: opts.Port})
	if err != nil {
		var pe *reach.PlaceError
		if errors.As(err, &pe) {
			return &ExitError{Code: ExitInput, Err: err}
		}
		return usageError("%v", err)
	}
	if opts.Format == "json" {
		if err := writeJSON(app, r); err != nil {
			return err
		}
	} else {
		write := reach.WriteText
		if opts.Paths {
			write = reach.WriteTextAllPaths
		}
		if err := write(app.Out, r); err != nil {
			return err
		}
	}
	if r.State != reach.Reachable {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// envPlaces are the places that need an MWAA environment.
var envPlaces = map[string]bool{"env": true, "webserver": true, "database": true}

// traceEnvironment gives a network-only input the environment check would check it
// for (--subnets and --security-groups, or inferred as check infers it) when the query
// needs one (--all, or env, webserver or database as a place), and says so on standard
// error. An input that declares an environment is returned as it is.
func traceEnvironment(app *App, a *model.Architecture, opts *traceOptions) (*model.Architecture, error) {
	flagged := len(opts.Subnets) > 0 || len(opts.SecurityGroups) > 0
	if a.Environment() != nil {
		if flagged {
			return nil, usageError("the input declares an MWAA environment (%s); --subnets and --security-groups are for network-only inputs", a.Environment().ID)
		}
		return a, nil
	}
	if !flagged && !opts.All && !envPlaces[opts.From] && !envPlaces[opts.To] {
		return a, nil // places of the network alone: nothing to infer
	}
	if err := checkEnvFlags(a, &checkOptions{Subnets: opts.Subnets}); err != nil {
		return nil, err
	}
	env, note, err := rules.InferEnvironment(a, rules.EnvironmentSpec{Subnets: opts.Subnets, SecurityGroups: opts.SecurityGroups})
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	if note == "" {
		note = "environment given by flags: subnets " + strings.Join(env.Subnets, ", ") + "; security groups " + strings.Join(env.SecurityGroups, ", ")
	}
	fmt.Fprintln(app.Err, note)
	return rules.WithEnvironment(a, env, ""), nil
}

// traceAllJSON is --all's JSON: the routing mode, whether every path is as expected, and
// each result.
type traceAllJSON struct {
	Environment string          `json:"environment,omitempty"`
	Routing     string          `json:"routing"`
	OK          bool            `json:"ok"`
	Paths       []*reach.Result `json:"paths"`
}

func traceAll(app *App, an *reach.Analyzer, opts *traceOptions) error {
	qs := an.MWAAPaths()
	if len(qs) == 0 {
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("the input has no MWAA environment: --all needs one (trace single paths with --from and --to)")}
	}
	rs := an.Analyze(qs)
	ok := true
	for _, r := range rs {
		ok = ok && r.MeetsExpectation()
	}
	if opts.Format == "json" {
		out := traceAllJSON{Routing: an.Routing(), OK: ok, Paths: rs}
		if env := an.Architecture().Environment(); env != nil {
			out.Environment = env.ID
		}
		if err := writeJSON(app, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(app.Out, "MWAA paths (%s routing)\n", an.Routing())
		if err := reach.WriteTable(app.Out, rs); err != nil {
			return err
		}
		failed := 0
		for _, r := range rs {
			if !r.MeetsExpectation() {
				failed++
			}
		}
		if failed > 0 {
			fmt.Fprintf(app.Out, "%d of %d paths are not as MWAA needs them; trace one with --from and --to for the hops and fixes\n", failed, len(rs))
		} else {
			fmt.Fprintf(app.Out, "all %d paths are as MWAA needs them\n", len(rs))
		}
	}
	if !ok {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

func writeJSON(app *App, v any) error {
	enc := json.NewEncoder(app.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
