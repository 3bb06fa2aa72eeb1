package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/ingest/live"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/report"
	"github.com/mwaanet/mwaanet/internal/rules"
)

type checkOptions struct {
	Inputs []string
	Format string
	FailOn string
	Region string
	Params map[string]string
	// Account is --account: AWS::AccountId for inputs that do not say it.
	Account string
	// The environment of a network-only input.
	Subnets        []string
	SecurityGroups []string
	Routing        string
	Access         string
	// --live: snapshot the account into a temporary directory, then check that.
	Live        bool
	Environment string
	Profile     string
	loadConfig  func(ctx context.Context, region, profile string) (aws.Config, error)
	version     string

	TF TFOptions // --var, --var-file
}

func newCheckCmd(app *App) *cobra.Command {
	opts := &checkOptions{loadConfig: live.LoadConfig}
	cmd := &cobra.Command{
		Use:   "check [INPUT...] [--format text|json|sarif|junit|html] [--fail-on error|warning|none]",
		Short: "Check a network and MWAA architecture against the MWAA requirements",
		Long: `Check reads INPUT (a spec, CloudFormation templates, a Terraform plan, or a snapshot
directory with the templates that add to it; - reads standard input; default: the
embedded default spec) and checks it against every requirement of MWAA networking and
its architecture (mwaanet rules lists them): subnets, routes, network ACLs, security
groups, endpoints and DNS, NAT, Client VPN, the bucket, key, role, logging, alarms and
capacity. Whether traffic gets through is decided by the reachability engine (the same
as mwaanet trace), and each failure names the component at fault and where it was
declared.

A spec is checked as what mwaanet synth builds from it. Every AWS::MWAA::Environment of
a template is checked. A template with no AWS::MWAA::Environment is checked for the
environment given by --subnets, --security-groups, --routing and --access; when it has
exactly one pair of private subnets in two Availability Zones and one candidate security
group, check infers them and says so. Resources named only by literal ARN or ID (outside
the input) are reported as "not verifiable from this input" (info). An ARN written with a
literal account (CDK writes them) is compared with the input's account: give --account ID
(or --param AWS::AccountId=ID) when the input does not say it. IAM actions and their
resource types come from AWS's Service Authorization Reference, embedded.

A directory of .tf files is a Terraform configuration, read without Terraform, a plan or
AWS credentials (its variables from terraform.tfvars, *.auto.tfvars, --var-file, --var
and TF_VAR_NAME); what only a plan or the account knows (data sources, modules not
installed by terraform init) is "not verifiable". A directory without .tf files is a
snapshot.

--live snapshots the environment from your AWS account (as mwaanet snapshot does) into a
temporary directory and checks that.

Exit status: 0 no error findings (with --fail-on warning: no warnings either; with
--fail-on none: whatever the findings, for CI steps that upload the SARIF); 1 error
findings; 2 the input cannot be read (file:line:column says where) or bad flags.`,
		Example: `  mwaanet check
  mwaanet check template.yaml
  mwaanet check spec.yaml --format sarif > check.sarif
  mwaanet check template.yaml --format sarif --fail-on none > check.sarif
  mwaanet check template.yaml --format html > report.html
  mwaanet check network.yaml --subnets PrivateSubnet1,PrivateSubnet2 --security-groups EnvironmentSecurityGroup --routing private
  mwaanet check snapshot/ --fail-on warning
  mwaanet check --live --region us-east-1 --environment my-airflow`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runCheck(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: text, json, sarif, junit or html (one self-contained page)")
	f.StringVar(&opts.FailOn, "fail-on", "error", "lowest severity that makes check exit 1: error, warning, or none (exit 0 whatever the findings)")
	f.StringVar(&opts.Region, "region", "", "Region of a CloudFormation template (default: us-east-1), or of --live")
	f.StringToStringVar(&opts.Params, "param", nil, "template parameter `Key=Value` (repeatable)")
	f.StringVar(&opts.Account, "account", "", "the AWS account `ID` the input is deployed in, when it does not say (AWS::AccountId; same as --param AWS::AccountId=ID)")
	addTFFlags(f, &opts.TF)
	f.StringSliceVar(&opts.Subnets, "subnets", nil, "network-only input: the environment's two subnets `A,B` (IDs in the input)")
	f.StringSliceVar(&opts.SecurityGroups, "security-groups", nil, "network-only input: the environment's security groups `X,Y`")
	f.StringVar(&opts.Routing, "routing", "", "network-only input: public or private (default: inferred from the subnets' routes)")
	f.StringVar(&opts.Access, "access", "", "network-only input: PUBLIC_ONLY or PRIVATE_ONLY (default PRIVATE_ONLY)")
	f.BoolVar(&opts.Live, "live", false, "snapshot the environment from the AWS account (--region, --environment) and check it")
	f.StringVar(&opts.Environment, "environment", "", "with --live: the MWAA environment's name")
	f.StringVar(&opts.Profile, "profile", "", "with --live: named profile from the AWS config files")
	return cmd
}

func runCheck(ctx context.Context, app *App, opts *checkOptions) error {
	format, err := report.ParseFormat(opts.Format)
	if err != nil {
		return usageError("%v", err)
	}
	var failOn model.Severity
	never := false
	switch opts.FailOn {
	case "none":
		never = true
	case "error":
		failOn = model.SeverityError
	case "warning":
		failOn = model.SeverityWarning
	default:
		return usageError("--fail-on %q is not one of error, warning, none", opts.FailOn)
	}
	if opts.Routing != "" && opts.Routing != model.RoutingPublic && opts.Routing != model.RoutingPrivate {
		return usageError("--routing %q is not one of public, private", opts.Routing)
	}
	if opts.Access != "" && opts.Access != model.PublicOnly && opts.Access != model.PrivateOnly {
		return usageError("--access %q is not one of PUBLIC_ONLY, PRIVATE_ONLY", opts.Access)
	}
	inputs := opts.Inputs
	if opts.Live {
		if len(inputs) > 0 {
			return usageError("--live checks the account; it takes no INPUT")
		}
		dir, cleanup, err := checkSnapshot(ctx, app, opts)
		if err != nil {
			return err
		}
		defer cleanup()
		inputs = []string{dir}
	} else if opts.Environment != "" || opts.Profile != "" {
		return usageError("--environment and --profile go with --live")
	}
	in, err := LoadInput(inputs, InputOptions{Region: opts.Region, Params: opts.Params, AccountID: opts.Account, Stdin: app.In, TF: opts.TF.withEnv(app), MaxSize: app.MaxInputSize})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	a := in.Arch
	note := ""
	flagged := len(opts.Subnets) > 0 || len(opts.SecurityGroups) > 0 || opts.Routing != "" || opts.Access != ""
	if a.Environment() != nil {
		if flagged {
			return usageError("the input declares an MWAA environment (%s); --subnets, --security-groups, --routing and --access are for network-only inputs", a.Environment().ID)
		}
	} else {
		if err := checkEnvFlags(a, opts); err != nil {
			return err
		}
		env, inferred, err := rules.InferEnvironment(a, rules.EnvironmentSpec{Subnets: opts.Subnets, SecurityGroups: opts.SecurityGroups, Access: opts.Access})
		if err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		note = inferred
		if note == "" {
			note = "environment given by flags: subnets " + strings.Join(env.Subnets, ", ") + "; security groups " + strings.Join(env.SecurityGroups, ", ")
		}
		if opts.Access == "" {
			// A network may be meant for either mode (the MWAA guide's VPC with internet
			// access says so): say which one the checks assume.
			note += "; web server access PRIVATE_ONLY, MWAA's default (--access PUBLIC_ONLY checks the other)"
		}
		a = rules.WithEnvironment(a, env, opts.Routing)
	}
	var findings []model.Finding
	if note != "" {
		c := rules.NewContext(a)
		c.EnvNote = note
		findings = rules.Run(c, rules.All())
	} else {
		findings = rules.Check(a) // every environment the input declares
	}
	rep := &report.Report{Inputs: in.Describe(), Rules: checkRules(), Findings: findings}
	if opts.Live {
		rep.Inputs = []string{fmt.Sprintf("live environment %s in %s", opts.Environment, opts.Region)}
	}
	if note != "" {
		rep.Inputs = append(rep.Inputs, note)
	}
	version := opts.version
	if version == "" {
		version = app.Version
	}
	color := format == report.FormatText && colorOK(app, app.Out)
	ropts := report.Options{Color: color, Version: version}
	if format == report.FormatHTML {
		ropts.HTML = htmlExtras(a, findings)
	}
	if err := report.Write(app.Out, rep, format, ropts); err != nil {
		return err
	}
	for _, f := range rep.Findings {
		if !never && f.Severity.Rank() >= failOn.Rank() {
			return &ExitError{Code: ExitFindings}
		}
	}
	return nil
}

// checkEnvFlags checks that --subnets name subnets of the input (their help says "IDs in
// the input"): a subnet the input does not have has no AZ, routes or ACL to check, and
// the environment could not be inferred around it. Security groups outside the input are
// allowed: the rules report what they cannot verify about them (info).
func checkEnvFlags(a *model.Architecture, opts *checkOptions) error {
	subnets := map[string]bool{}
	var ids []string
	for _, s := range a.Subnets {
		subnets[s.ID] = true
		ids = append(ids, s.ID)
	}
	sort.Strings(ids)
	for _, id := range opts.Subnets {
		if subnets[id] {
			continue
		}
		have := "it has none"
		if len(ids) > 0 {
			have = "it has " + strings.Join(ids, ", ")
		}
		return usageError("--subnets %s: the input has no subnet %s (%s)", id, id, have)
	}
	return nil
}

// checkRules describes every rule check runs: the requirement rules and the template
// reader's INPUT rules (duplicate logical IDs, ...), sorted by ID.
func checkRules() []report.Rule {
	out := append(rules.Infos(rules.All()), cfn.Rules()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return withDocs(out)
}

// checkSnapshot collects the live environment into a temporary directory.
func checkSnapshot(ctx context.Context, app *App, opts *checkOptions) (string, func(), error) {
	region := opts.Region
	for _, env := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if region == "" && app.Getenv != nil {
			region = app.Getenv(env)
		}
	}
	if region == "" || opts.Environment == "" {
		return "", nil, usageError("--live needs --region (or AWS_REGION) and --environment NAME")
	}
	opts.Region = region
	return collectTemp(ctx, app, opts.loadConfig, region, opts.Profile, live.Options{Environment: opts.Environment}, "snapshot")
}
