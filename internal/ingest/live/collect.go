package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/mwaa"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// Options say what to collect and where to write it.
type Options struct {
	// Environment is the MWAA environment's name; its subnets give the VPC. VPC may be
	// given instead (or as well).
	Environment string
	VPC         string
	// Dir is the snapshot directory: a new or empty one (it is created if needed, and
	// removed again if Collect created it and fails). Collect only ever writes new files
	// into it; replacing an earlier snapshot is the caller's business (mwaanet snapshot
	// moves the files in and keeps a manifest of what it wrote).
	Dir string
	// Progress, when not nil, receives a progress line rewritten in place ("\r"): pass the
	// terminal, or nil when output is not a terminal.
	Progress io.Writer
	// Log, when not nil, receives one line per call that could not be made
	// ("could not read network ACLs: UnauthorizedOperation").
	Log io.Writer
	// Concurrency is how many calls run at once; 0 means 4.
	Concurrency int
}

// LoadConfig loads the standard credential chain (environment, shared config and
// credentials files with profile, SSO, web identity, container and instance roles) for
// region, with the named profile when not "".
func LoadConfig(ctx context.Context, region, profile string) (aws.Config, error) {
	// The SDK's own log lines (such as its IMDS fallback warning) would interleave with
	// ours; errors reach the user through the returned errors instead.
	opts := []func(*config.LoadOptions) error{config.WithRegion(region), config.WithLogger(logging.Nop{})}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	return cfg, nil
}

// callError is one entry of errors.json.
type callError struct {
	File      string `json:"File"`
	Operation string `json:"Operation"`
	Kind      string `json:"Kind"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
}

// output is what one call produced: a file's content, or the error that kept it from
// being written.
type output struct {
	file, kind, op string
	value          any // marshalled in AWS CLI shape; nil with empty: an empty file
	empty          bool
	err            error
}

type collector struct {
	ec2  *ec2.Client
	mwaa *mwaa.Client
	s3   *s3.Client
	kms  *kms.Client
	iam  *iam.Client
	cw   *cloudwatch.Client
	elb  *elbv2.Client
	vpc  string
	env  *envRef
}

// envRef is what the environment says about the other resources to read.
type envRef struct {
	bucket, key, role string
}

// Collect writes a snapshot of the VPC (or the environment's VPC) into opts.Dir. Calls
// that are denied are recorded in errors.json and reported on opts.Log; any other failure
// (network, unknown VPC or environment) is returned.
func Collect(ctx context.Context, cfg aws.Config, opts Options) error {
	if opts.Environment == "" && opts.VPC == "" {
		return errors.New("snapshot needs an environment name or a VPC ID")
	}
	if opts.Dir == "" {
		return errors.New("snapshot needs an output directory")
	}
	if opts.Environment != "" {
		if err := checkEnvironmentName(opts.Environment); err != nil {
			return err
		}
	}
	if cfg.Credentials == nil {
		return errors.New("no AWS credentials: set AWS_PROFILE or --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run on a machine with a role")
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return fmt.Errorf("no AWS credentials (set AWS_PROFILE or --profile, run aws sso login, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): %w", err)
	}
	created, err := makeEmptyDir(opts.Dir)
	if err != nil {
		return err
	}
	if err := collect(ctx, cfg, opts); err != nil {
		if created {
			os.RemoveAll(opts.Dir) // new in this call: nothing of the user's in it
		}
		return err
	}
	return nil
}

// makeEmptyDir creates dir, or checks that it is empty, and says whether it created it.
func makeEmptyDir(dir string) (bool, error) {
	ents, err := os.ReadDir(dir)
	switch {
	case err == nil && len(ents) > 0:
		return false, fmt.Errorf("%s is not empty: a snapshot is collected into a new or empty directory", dir)
	case err == nil:
		return false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("cannot use %s for the snapshot: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("creating %s: %w", dir, err)
	}
	return true, nil
}

func collect(ctx context.Context, cfg aws.Config, opts Options) error {
	c := &collector{
		ec2:  ec2.NewFromConfig(cfg),
		mwaa: mwaa.NewFromConfig(cfg),
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			// A custom endpoint (a test server, a VPC endpoint URL) has no bucket
			// subdomains.
			o.UsePathStyle = cfg.BaseEndpoint != nil
		}),
		kms: kms.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg),
		cw:  cloudwatch.NewFromConfig(cfg),
		elb: elbv2.NewFromConfig(cfg),
		vpc: opts.VPC,
	}
	var outs []output
	if opts.Environment != "" {
		out, vpc, ref, err := c.environment(ctx, opts.Environment)
		if err != nil {
			return err
		}
		outs = append(outs, out)
		c.env = ref
		if c.vpc == "" {
			c.vpc = vpc
		}
		if c.vpc == "" {
			return fmt.Errorf("environment %s: cannot tell its VPC (%s)", opts.Environment, textsafe.Escape(errText(out.err)))
		}
	}
	jobs := c.jobs()
	results := make([][]output, len(jobs))
	n := opts.Concurrency
	if n <= 0 {
		n = 4
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	progress := func() {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "\rsnapshot of %s: %d/%d calls done", textsafe.Escape(c.vpc), done, len(jobs))
		}
	}
	progress()
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = j(ctx)
			mu.Lock()
			done++
			progress()
			mu.Unlock()
		}()
	}
	wg.Wait()
	if opts.Progress != nil {
		fmt.Fprintln(opts.Progress)
	}
	for _, r := range results {
		outs = append(outs, r...)
	}
	return write(opts, outs)
}

// essential are the files without which a snapshot holds no network to check: the VPC
// and its subnets, route tables, network ACLs and security groups.
var essential = []string{"describe-vpcs.json", "describe-subnets.json", "describe-route-tables.json", "describe-network-acls.json", "describe-security-groups.json"}

// DeniedError is returned when every essential call was denied: such a snapshot would
// hold nothing to check (only errors.json), so it is not one.
type DeniedError struct {
	Calls []string // "DescribeVpcs: UnauthorizedOperation", ...
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("every call that reads the network was denied (%s); grant the policy that mwaanet snapshot --print-policy prints", strings.Join(e.Calls, ", "))
}

// write writes the outputs (temp file + rename each) and errors.json, and reports denied
// calls. A failure other than a denial is returned after everything else is written;
// a snapshot whose essential calls were all denied is a *DeniedError.
func write(opts Options, outs []output) error {
	var denied []callError
	var failed []error
	for _, o := range outs {
		path := filepath.Join(opts.Dir, o.file)
		if o.err != nil {
			code, msg := apiError(o.err)
			if !isDenied(code) {
				failed = append(failed, escapedError{fmt.Sprintf("reading %s (%s): %s", o.kind, o.op, textsafe.Escape(o.err.Error())), o.err})
				continue
			}
			denied = append(denied, callError{File: o.file, Operation: o.op, Kind: o.kind, Code: code, Message: msg})
			if opts.Log != nil {
				fmt.Fprintf(opts.Log, "could not read %s: %s\n", o.kind, textsafe.Escape(code))
			}
			continue
		}
		var data []byte
		if !o.empty {
			var err error
			if data, err = cliJSON(o.value); err != nil {
				failed = append(failed, fmt.Errorf("encoding %s: %w", o.file, err))
				continue
			}
		}
		if err := writeFile(path, data); err != nil {
			failed = append(failed, err)
		}
	}
	if len(denied) > 0 {
		sort.Slice(denied, func(i, j int) bool { return denied[i].File < denied[j].File })
		data, err := cliJSON(map[string]any{"SnapshotErrors": denied})
		if err == nil {
			err = writeFile(filepath.Join(opts.Dir, awscli.ErrorsFile), data)
		}
		if err != nil {
			failed = append(failed, err)
		}
	}
	switch len(failed) {
	case 0:
		return allDenied(denied)
	case 1:
		return failed[0]
	}
	// Many calls failing at once share a cause (network, throttling): say it once.
	return fmt.Errorf("%w (and %d more calls failed)", failed[0], len(failed)-1)
}

// allDenied is a *DeniedError when every essential call is among denied.
func allDenied(denied []callError) error {
	byFile := map[string]callError{}
	for _, d := range denied {
		byFile[d.File] = d
	}
	e := &DeniedError{}
	for _, f := range essential {
		d, ok := byFile[f]
		if !ok {
			return nil
		}
		e.Calls = append(e.Calls, d.Operation+": "+textsafe.Escape(d.Code))
	}
	return e
}

// writeFile writes data to path through a temporary file in the same directory.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}

// escapedError is an error whose text has its control characters escaped (an AWS error
// message may hold anything) and that unwraps to the original (context.Canceled on
// Ctrl-C, the API error).
type escapedError struct {
	msg string
	err error
}

func (e escapedError) Error() string { return e.msg }
func (e escapedError) Unwrap() error { return e.err }

// apiError returns the AWS error code and message of err ("" for non-API errors).
func apiError(err error) (string, string) {
	if err == nil {
		return "", ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	// A 403 whose body the client could not read (a proxy's page, a protocol the
	// service's client does not expect) is still a refusal.
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == 403 {
		return "Forbidden", ""
	}
	return "", err.Error()
}

func errText(err error) string {
	if err == nil {
		return "no subnets"
	}
	return err.Error()
}

// isDenied reports whether an error code means "not allowed to read this".
func isDenied(code string) bool {
	switch code {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
		"Forbidden", "AuthorizationError", "OptInRequired":
		return true
	}
	return false
}

// environment reads the environment and the VPC of its first subnet (one DescribeSubnets
// call with the subnet IDs: MWAA does not report the VPC).
func (c *collector) environment(ctx context.Context, name string) (output, string, *envRef, error) {
	out := output{file: "get-environment.json", kind: model.UnknownEnvironment, op: "GetEnvironment"}
	res, err := c.mwaa.GetEnvironment(ctx, &mwaa.GetEnvironmentInput{Name: aws.String(name)})
	if err != nil {
		code, _ := apiError(err)
		if isDenied(code) && c.vpc != "" {
			out.err = err
			return out, "", nil, nil
		}
		return out, "", nil, fmt.Errorf("reading MWAA environment %s: %w", name, err)
	}
	out.value = map[string]any{"Environment": res.Environment}
	env := res.Environment
	ref := &envRef{
		bucket: bucketName(aws.ToString(env.SourceBucketArn)),
		key:    aws.ToString(env.KmsKey),
		role:   roleName(aws.ToString(env.ExecutionRoleArn)),
	}
	if c.vpc != "" || env.NetworkConfiguration == nil || len(env.NetworkConfiguration.SubnetIds) == 0 {
		return out, "", ref, nil
	}
	sn, err := c.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: env.NetworkConfiguration.SubnetIds[:1]})
	if err != nil {
		return out, "", ref, fmt.Errorf("finding the VPC of environment %s (DescribeSubnets): %w", name, err)
	}
	if len(sn.Subnets) == 0 {
		return out, "", ref, fmt.Errorf("finding the VPC of environment %s: subnet %s not found", name, env.NetworkConfiguration.SubnetIds[0])
	}
	return out, aws.ToString(sn.Subnets[0].VpcId), ref, nil
}

func bucketName(arn string) string {
	if i := strings.Index(arn, ":::"); i >= 0 {
		return arn[i+3:]
	}
	return arn
}

func roleName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// decodePolicy turns IAM's URL-encoded policy document into the JSON object the AWS CLI
// prints.
func decodePolicy(s string) any {
	if u, err := url.QueryUnescape(s); err == nil {
		s = u
	}
	var v any
	if err := jsonUnmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}

func vpcFilter(name, vpc string) []ec2types.Filter {
	return []ec2types.Filter{{Name: aws.String(name), Values: []string{vpc}}}
}

// CollectTemp collects a snapshot into a new temporary directory (for check --live) and
// returns it; the caller removes it with os.RemoveAll. opts.Dir is ignored.
func CollectTemp(ctx context.Context, cfg aws.Config, opts Options) (string, error) {
	dir, err := os.MkdirTemp("", "mwaanet-snapshot-*")
	if err != nil {
		return "", fmt.Errorf("creating a temporary snapshot directory: %w", err)
	}
	opts.Dir = dir
	if err := Collect(ctx, cfg, opts); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}
