package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/live"
)

// snapshotOptions are the flags of mwaanet snapshot.
type snapshotOptions struct {
	Region      string
	Profile     string
	Environment string
	VPC         string
	Out         string
	PrintScript bool
	PrintPolicy bool
	// loadConfig loads the AWS configuration (live.LoadConfig; tests pass a fake).
	loadConfig func(ctx context.Context, region, profile string) (aws.Config, error)
}

func newSnapshotCmd(app *App) *cobra.Command {
	opts := &snapshotOptions{loadConfig: live.LoadConfig}
	cmd := &cobra.Command{
		Use:   "snapshot --region R (--environment NAME | --vpc ID) --out DIR",
		Short: "Save an existing network (and MWAA environment) as AWS CLI JSON files",
		Long: `Read the network of one VPC, and the MWAA environment when --environment is given, from
your AWS account and write it to DIR as the JSON files the AWS CLI prints (describe-vpcs.json,
describe-subnets.json, ..., get-environment.json). 'mwaanet check DIR' then checks it
offline; a snapshot you take yourself with the AWS CLI (--print-script) reads the same way.

Only read-only calls are made (--print-policy prints the minimal IAM policy), with the
standard credential chain: environment variables, --profile or AWS_PROFILE (including SSO
profiles), web identity, container and instance roles. A call that is denied is reported
("could not read network ACLs: UnauthorizedOperation") and recorded in DIR/errors.json;
checks then say what they could not verify. The files are collected into a temporary
directory beside DIR and moved in only when the snapshot is complete: a snapshot that
fails or is interrupted leaves the previous one in DIR as it was.`,
		Example: `  mwaanet snapshot --region us-east-1 --environment my-airflow --out snapshot/
  mwaanet snapshot --region eu-west-1 --vpc vpc-0abc1234 --profile audit --out net/
  mwaanet snapshot --print-policy > mwaanet-snapshot-policy.json`,
		Args: noArgs("name the environment with --environment, the VPC with --vpc, the directory with --out"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSnapshot(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Region, "region", "", "AWS Region (default: AWS_REGION or AWS_DEFAULT_REGION)")
	f.StringVar(&opts.Profile, "profile", "", "named profile from the AWS config files (default: AWS_PROFILE or default)")
	f.StringVar(&opts.Environment, "environment", "", "MWAA environment name; its subnets give the VPC")
	f.StringVar(&opts.VPC, "vpc", "", "VPC ID (instead of, or as well as, --environment)")
	f.StringVarP(&opts.Out, "out", "o", "", "directory to write the snapshot into (required)")
	f.BoolVar(&opts.PrintScript, "print-script", false, "print the equivalent AWS CLI shell script and exit")
	f.BoolVar(&opts.PrintPolicy, "print-policy", false, "print the minimal IAM policy and exit")
	return cmd
}

func runSnapshot(ctx context.Context, app *App, opts *snapshotOptions) error {
	if opts.PrintScript && opts.PrintPolicy {
		return usageError("give --print-script or --print-policy, not both")
	}
	if opts.PrintScript {
		_, err := fmt.Fprint(app.Out, live.Script)
		return err
	}
	if opts.PrintPolicy {
		_, err := fmt.Fprint(app.Out, live.IAMPolicy)
		return err
	}
	if opts.Environment == "" && opts.VPC == "" {
		return usageError("snapshot needs --environment NAME or --vpc ID")
	}
	if opts.Out == "" {
		return usageError("snapshot needs --out DIR")
	}
	if opts.Out == "-" {
		return usageError("--out -: a snapshot is a directory of files; give --out DIR")
	}
	if fi, err := os.Stat(opts.Out); err == nil && !fi.IsDir() {
		// Said before the AWS calls, not after them.
		return usageError("--out %s is a file; expected a directory (a snapshot is a directory of files)", opts.Out)
	}
	region := opts.Region
	for _, env := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if region == "" && app.Getenv != nil {
			region = app.Getenv(env)
		}
	}
	if region == "" {
		return usageError("snapshot needs --region (or AWS_REGION)")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := opts.loadConfig(ctx, region, opts.Profile)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	lo := live.Options{Environment: opts.Environment, VPC: opts.VPC, Log: app.Err}
	if app.IsTerminal != nil && app.IsTerminal(app.Err) {
		lo.Progress = app.Err
	}
	if err := collectInto(ctx, cfg, lo, opts.Out); err != nil {
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("snapshot: %w", err)}
	}
	fmt.Fprintf(app.Err, "wrote snapshot to %s\n", opts.Out)
	return nil
}

// collectInto takes the snapshot into a temporary directory beside dir and moves its
// files into dir only when it is complete: a snapshot that fails (network down, wrong
// endpoint, Ctrl-C) leaves the previous one in dir as it was. (The collector removes
// the file of every call that fails, so collecting into dir itself deleted a good
// snapshot.) Snapshot files of the previous one that this one does not write
// (describe-*.json, get-*.json, errors.json) are removed; other files in dir are kept.
func collectInto(ctx context.Context, cfg aws.Config, lo live.Options, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create directory %s: %v", dir, errText(err))
	}
	clean := filepath.Clean(dir)
	tmp, err := os.MkdirTemp(filepath.Dir(clean), "."+filepath.Base(clean)+".snapshot-*")
	if err != nil {
		return fmt.Errorf("cannot create a temporary directory beside %s: %v", dir, errText(err))
	}
	defer os.RemoveAll(tmp)
	lo.Dir = tmp
	if err := live.Collect(ctx, cfg, lo); err != nil {
		return err
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	written := map[string]bool{}
	for _, e := range entries {
		written[e.Name()] = true
		if err := os.Rename(filepath.Join(tmp, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("cannot write %s: %v", filepath.Join(dir, e.Name()), err)
		}
	}
	old, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range old {
		n := e.Name()
		snapshotFile := strings.HasSuffix(n, ".json") && (strings.HasPrefix(n, "describe-") || strings.HasPrefix(n, "get-")) || n == awscli.ErrorsFile
		if e.IsDir() || written[n] || !snapshotFile {
			continue
		}
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot remove %s of the previous snapshot: %v", filepath.Join(dir, n), errText(err))
		}
	}
	return nil
}
