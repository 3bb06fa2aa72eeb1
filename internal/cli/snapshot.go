package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/live"
	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/outfile"
	"github.com/mwaanet/mwaanet/internal/textsafe"
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
	Force       bool
	// loadConfig loads the AWS configuration (live.LoadConfig; tests pass a fake).
	loadConfig func(ctx context.Context, region, profile string) (aws.Config, error)
}

func newSnapshotCmd(app *App) *cobra.Command {
	return snapshotCmd(app, &snapshotOptions{loadConfig: live.LoadConfig})
}

// snapshotCmd builds the command around opts (tests pass a fake loadConfig).
func snapshotCmd(app *App, opts *snapshotOptions) *cobra.Command {
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
checks then say what they could not verify. When every call that reads the network (the
VPC, its subnets, route tables, network ACLs and security groups) is denied, there is
nothing to check: snapshot exits 2 and writes nothing.

The files are collected into a temporary directory beside DIR and moved in only when the
snapshot is complete: a snapshot that fails or is interrupted leaves the previous one in
DIR as it was, and leaves no new directory behind. DIR/.mwaanet-snapshot lists the files
the snapshot wrote. A DIR that already holds a snapshot (or any file a snapshot writes) is
replaced only with --force, and then only those files: the files of the previous
snapshot's list that this one does not write are removed, and no other file in DIR is
touched.`,
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
	f.BoolVar(&opts.PrintPolicy, "print-policy", false, "print the minimal IAM policy (ARNs in the partition of --region) and exit")
	f.BoolVar(&opts.Force, "force", false, "replace the files of an earlier snapshot in DIR (only the files a snapshot writes)")
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
	region := opts.Region
	for _, env := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if region == "" && app.Getenv != nil {
			region = app.Getenv(env)
		}
	}
	if opts.PrintPolicy {
		_, err := fmt.Fprint(app.Out, live.IAMPolicy(region))
		return err
	}
	if opts.Environment == "" && opts.VPC == "" {
		return usageError("snapshot needs --environment NAME or --vpc ID")
	}
	if opts.Environment != "" && !live.ValidEnvironmentName(opts.Environment) {
		return usageError("--environment %s is not an MWAA environment name: expected a letter, then letters, digits, '-' or '_' (at most 80 characters)", textsafe.Quote(opts.Environment))
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
	prev, err := checkSnapshotDir(opts.Out, opts.Force)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
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
	if err := collectInto(ctx, app, cfg, lo, opts.Out, opts.Force, prev); err != nil {
		return &ExitError{Code: ExitInput, Err: safeError{"snapshot: " + textsafe.EscapeMultiline(err.Error()), err}}
	}
	fmt.Fprintf(app.Err, "wrote snapshot to %s\n", opts.Out)
	return nil
}

// safeError is an error whose text is escaped for the terminal (an AWS error message may
// hold anything) and that still unwraps to the original (context.Canceled for Ctrl-C).
type safeError struct {
	msg string
	err error
}

func (e safeError) Error() string { return e.msg }
func (e safeError) Unwrap() error { return e.err }

// ManifestFile lists, in a snapshot directory, the files that mwaanet snapshot wrote
// there: {"Files": ["describe-vpcs.json", ...]}. It has no .json extension, so that
// readers of the directory (which read every *.json) never take it for AWS CLI output.
const ManifestFile = ".mwaanet-snapshot"

type snapshotManifest struct {
	Comment string   `json:"Comment"`
	Files   []string `json:"Files"`
}

// checkSnapshotDir reads the manifest of the snapshot already in dir (nil if none) and,
// without force, refuses a dir that holds one, or any file a snapshot writes: a snapshot
// never replaces files without --force. Said before the AWS calls, not after them.
func checkSnapshotDir(dir string, force bool) (*snapshotManifest, error) {
	p := filepath.Join(dir, ManifestFile)
	var prev *snapshotManifest
	if _, err := os.Lstat(p); err == nil {
		data, err := inputfile.Read(p, inputfile.MaxDocument)
		if err != nil {
			return nil, err
		}
		prev = &snapshotManifest{}
		if err := json.Unmarshal(data, prev); err != nil {
			return nil, fmt.Errorf("%s: not a snapshot manifest (%v); remove it if DIR holds no snapshot of mwaanet's", p, err)
		}
		for _, f := range prev.Files {
			if !plainName(f) {
				return nil, fmt.Errorf("%s: %s is not a file name in the directory; remove the manifest if it is not mwaanet's", p, textsafe.Quote(f))
			}
		}
		if !force {
			return nil, fmt.Errorf("%s holds a snapshot taken earlier (its files are listed in %s); give --force to replace it", dir, p)
		}
	}
	if force {
		return prev, nil
	}
	names := []string{awscli.ErrorsFile}
	for _, f := range awscli.FileNames {
		if !strings.Contains(f.Name, "-ID.") {
			names = append(names, f.Name)
		}
	}
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			return nil, fmt.Errorf("%s already exists; not overwriting it (give --force to replace the snapshot files in %s)", filepath.Join(dir, n), dir)
		}
	}
	return nil, nil
}

// plainName says whether n names a file directly in a directory.
func plainName(n string) bool {
	return n != "" && n != "." && n != ".." && !strings.ContainsAny(n, `/\`) && filepath.Base(n) == n
}

// collectInto takes the snapshot into a temporary directory beside dir and moves its
// files into dir only when it is complete (internal/outfile: checked, written to
// temporary files, then moved in together): a snapshot that fails (network down, every
// essential call denied, Ctrl-C) leaves the previous one in dir as it was, and leaves no
// directory it created. Of the previous snapshot (prev, its manifest), the files this
// one does not write are removed; no other file in dir is touched.
func collectInto(ctx context.Context, app *App, cfg aws.Config, lo live.Options, dir string, force bool, prev *snapshotManifest) error {
	clean := filepath.Clean(dir)
	created, err := outfile.MkdirAll(filepath.Dir(clean))
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			outfile.RemoveCreated(created)
		}
	}()
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
	var files []outfile.File
	man := snapshotManifest{Comment: "The files mwaanet snapshot wrote in this directory; the next snapshot with --force replaces or removes only these."}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(tmp, e.Name())) // our own files, just written
		if err != nil {
			return err
		}
		files = append(files, outfile.File{Name: e.Name(), Data: data})
		man.Files = append(man.Files, e.Name())
	}
	sort.Strings(man.Files)
	mdata, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	files = append(files, outfile.File{Name: ManifestFile, Data: append(mdata, '\n')})
	if _, err := outfile.WriteFiles(dir, files, outfile.Options{Force: force, Perm: 0o600}); err != nil {
		return err
	}
	ok = true
	written := map[string]bool{ManifestFile: true}
	for _, n := range man.Files {
		written[n] = true
	}
	if prev != nil {
		for _, n := range prev.Files {
			if written[n] {
				continue
			}
			if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("cannot remove %s of the previous snapshot: %v", filepath.Join(dir, n), errText(err))
			}
		}
	}
	// Snapshot files that neither this snapshot nor the previous one's manifest wrote
	// (a snapshot taken with the AWS CLI, or by an mwaanet without manifests) are the
	// user's: kept, but said, since mwaanet check DIR reads them too.
	rest, _ := os.ReadDir(dir)
	for _, e := range rest {
		n := e.Name()
		if e.IsDir() || written[n] || !strings.HasSuffix(n, ".json") || !(strings.HasPrefix(n, "describe-") || strings.HasPrefix(n, "get-") || n == awscli.ErrorsFile) {
			continue
		}
		if prev != nil && slices.Contains(prev.Files, n) {
			continue
		}
		fmt.Fprintf(app.Err, "note: %s is not part of this snapshot (mwaanet did not write it); it was kept, and mwaanet check %s reads it too\n", textsafe.Escape(filepath.Join(dir, n)), textsafe.Escape(dir))
	}
	return nil
}
