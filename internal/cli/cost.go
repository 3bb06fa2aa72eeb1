package cli

import (
	"fmt"
	"math"
	"os"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/cost"
	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// costOptions are the flags of mwaanet cost.
type costOptions struct {
	Spec    string // --spec FILE; "" the embedded default (use case 3)
	Format  string // text or json
	Compare bool   // public vs private side by side
	Prices  string // --prices FILE overriding the embedded prices

	// Assumptions; zero keeps the design's value or the stated default.
	AvgWorkers    float64
	AvgWebservers float64
	TrafficGB     float64
	LogsGB        float64
	VPNUsers      int
	VPNHours      float64
	Secrets       int
	// zeroGiven lists the assumption flags the user gave (a given 0 cannot be priced:
	// the cost model reads 0 as "the default").
	zeroGiven []string
}

func newCostCmd(app *App) *cobra.Command {
	opts := &costOptions{}
	cmd := &cobra.Command{
		Use:   "cost [--spec FILE] [--format text|json] [--compare] [--prices FILE]",
		Short: "Estimate the monthly cost of the design, item by item (CST-01)",
		Long: `Estimate the monthly cost of the spec's design (or the embedded default, use case 3),
item by item: the environment class, additional workers, schedulers and web servers, the
metadata database, NAT gateways and their data (public routing) or interface endpoints
per AZ and their data (private routing), Client VPN associations and connections, the KMS
key, Secrets Manager secrets and CloudWatch Logs ingestion.

Prices are embedded per Region (us-east-1, us-west-2, eu-west-1, eu-central-1,
ap-northeast-1) with their sources and the date they were read; --prices FILE overrides
them (same shape as the embedded prices.json; partial files allowed). Every volume that
is not in the design (traffic, users, log volume, average workers) is an assumption the
output states; the flags change them. --compare prices the same environment with public
and with private routing side by side.`,
		Example: `  mwaanet cost
  mwaanet cost --spec spec.yaml --format json
  mwaanet cost --spec spec.yaml --compare --traffic-gb 500 --vpn-users 20`,
		Args: noArgs("give the spec with --spec ARG"),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, name := range []string{"avg-workers", "avg-webservers", "traffic-gb", "logs-gb", "vpn-users", "vpn-hours", "secrets"} {
				if f := cmd.Flags().Lookup(name); f.Changed {
					opts.zeroGiven = append(opts.zeroGiven, "--"+name)
				}
			}
			return runCost(app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Spec, "spec", "", "the spec to price (default: the embedded use case 3; - reads standard input)")
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	f.BoolVar(&opts.Compare, "compare", false, "show public and private routing side by side for the same environment")
	f.StringVar(&opts.Prices, "prices", "", "a JSON file overriding the embedded prices")
	f.Float64Var(&opts.AvgWorkers, "avg-workers", 0, "average number of workers over the month (default: the spec's minWorkers)")
	f.Float64Var(&opts.AvgWebservers, "avg-webservers", 0, "average number of web servers (default: the spec's minWebservers)")
	f.Float64Var(&opts.TrafficGB, "traffic-gb", 0, fmt.Sprintf("GB a month to AWS services through NAT or interface endpoints (default %v)", cost.DefaultServiceTrafficGB))
	f.Float64Var(&opts.LogsGB, "logs-gb", 0, fmt.Sprintf("GB of CloudWatch Logs ingested a month (default %v)", cost.DefaultLogsGB))
	f.IntVar(&opts.VPNUsers, "vpn-users", 0, fmt.Sprintf("Client VPN users (default %d)", cost.DefaultVPNUsers))
	f.Float64Var(&opts.VPNHours, "vpn-hours", 0, fmt.Sprintf("hours each VPN user is connected a month (default %v)", cost.DefaultVPNHoursPerUser))
	f.IntVar(&opts.Secrets, "secrets", 0, fmt.Sprintf("Secrets Manager secrets (default %d)", cost.DefaultSecrets))
	return cmd
}

func runCost(app *App, opts *costOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError("--format %q is not one of text, json", opts.Format)
	}
	values := map[string]float64{"--avg-workers": opts.AvgWorkers, "--avg-webservers": opts.AvgWebservers,
		"--traffic-gb": opts.TrafficGB, "--logs-gb": opts.LogsGB, "--vpn-hours": opts.VPNHours,
		"--vpn-users": float64(opts.VPNUsers), "--secrets": float64(opts.Secrets)}
	for _, name := range []string{"--avg-workers", "--avg-webservers", "--traffic-gb", "--logs-gb", "--vpn-users", "--vpn-hours", "--secrets"} {
		if v := values[name]; math.IsNaN(v) || math.IsInf(v, 0) {
			// strconv.ParseFloat takes "NaN" and "Inf"; no estimate can use them.
			return usageError("%s %v: expected a finite number", name, v)
		}
		if values[name] < 0 {
			return usageError("%s must not be negative", name)
		}
	}
	for _, name := range opts.zeroGiven {
		if values[name] == 0 {
			// The estimate reads 0 as "the default": --vpn-users 0 priced 5 users.
			return usageError("%s 0: the estimate cannot price zero (it reads 0 as the default); give a positive value, or leave the flag out for the default", name)
		}
	}
	prices := cost.DefaultPrices()
	if opts.Prices != "" {
		data, err := inputfile.Read(opts.Prices, inputfile.MaxDocument)
		if err != nil {
			if _, ok := err.(*os.PathError); ok {
				return &ExitError{Code: ExitInput, Err: fmt.Errorf("cannot read prices %s: %v", opts.Prices, errText(err))}
			}
			return &ExitError{Code: ExitInput, Err: fmt.Errorf("cannot read prices %v", err)}
		}
		if err := prices.Override(opts.Prices, data); err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
	}
	s, err := loadSpec(app, opts.Spec)
	if err != nil {
		return err
	}
	a, err := design.Build(s)
	if err != nil {
		return err
	}
	d := cost.FromArchitecture(a)
	if d.Routing == "" {
		d.Routing = s.Routing
	}
	if opts.AvgWorkers > 0 {
		d.AvgWorkers = opts.AvgWorkers
	}
	if opts.AvgWebservers > 0 {
		d.AvgWebservers = opts.AvgWebservers
	}
	d.ServiceTrafficGBMonth = opts.TrafficGB
	d.LogsGBMonth = opts.LogsGB
	d.VPNUsers = opts.VPNUsers
	d.VPNHoursPerUserMonth = opts.VPNHours
	d.Secrets = opts.Secrets

	if opts.Compare {
		c, err := cost.Compare(d, prices)
		if err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		if opts.Format == "json" {
			return cost.WriteJSON(app.Out, c)
		}
		return cost.WriteCompareText(app.Out, c)
	}
	e, err := cost.Calculate(d, prices)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	if opts.Format == "json" {
		return cost.WriteJSON(app.Out, e)
	}
	return cost.WriteText(app.Out, e)
}
