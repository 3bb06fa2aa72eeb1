package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/live"
	"github.com/mwaanet/mwaanet/internal/model"
	cfnrender "github.com/mwaanet/mwaanet/internal/render/cfn"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// synthOptions are the flags of mwaanet synth.
type synthOptions struct {
	Spec   string // --spec FILE; "" the embedded default (use case 3)
	Format string // yaml, json, terraform
	Out    string // --out DIR, or FILE.yaml/.json for a template; "" standard output
	// formatSet is whether --format was given (else --out FILE's extension decides).
	formatSet bool
	// Existing is a snapshot directory of the spec's existing VPC (use case 4): synth then
	// emits only what that VPC lacks. Live collects that snapshot from the account first.
	Existing   string
	Live       bool
	Region     string // with --live; default the spec's Region
	Profile    string // with --live
	Force      bool   // --force: replace existing output files (never an input)
	loadConfig func(ctx context.Context, region, profile string) (aws.Config, error)
}

func newSynthCmd(app *App) *cobra.Command {
	opts := &synthOptions{loadConfig: live.LoadConfig}
	cmd := &cobra.Command{
		Use:   "synth [--spec FILE] [--format yaml|json|terraform] [--out DIR] [--existing DIR | --live]",
		Short: "Synthesize the infrastructure of a spec as CloudFormation or Terraform",
		Long: `Synthesize everything the spec's MWAA environment needs: the VPC and subnets (or only
what an existing VPC lacks), routing, network ACL, security groups, VPC endpoints, Client
VPN, the DAG bucket, KMS key, execution role, logging, alarms and the environment itself.

Without --spec it synthesizes the embedded default (use case 3: no internet, new VPC, web
UI only through Client VPN). The output is a CloudFormation template in YAML (default) or
JSON, or Terraform files; the same spec always gives the same bytes.

With --existing DIR (a snapshot of the spec's existing VPC, as mwaanet snapshot writes it)
or --live (which takes that snapshot from your account first), synth compares the VPC with
what the spec needs and emits a CloudFormation template of only what it lacks: the
missing VPC endpoints (never a second endpoint with private DNS for a service that has
one), HTTPS rules on existing endpoints' security groups, an S3 gateway endpoint when the
VPC has none, the Client VPN unless the VPC has one, and the environment, all referring to
the existing IDs. What CloudFormation cannot change on existing resources (VPC DNS
attributes, an existing endpoint's route tables or subnets, routes to remove) is listed on
standard error and in the template's header with the AWS CLI commands to run; synth then
exits 1 if any of it is an error. mwaanet check DIR template.yaml checks the two together.

--out never replaces an existing file (template.yaml in DIR, main.tf, the FILE itself)
unless --force is given, and never writes onto the spec or a snapshot file it reads, even
with --force. Every file is written to a temporary file beside it and renamed into place.`,
		Example: `  mwaanet synth > template.yaml
  mwaanet synth --spec spec.yaml --format json --out build/
  mwaanet synth --spec spec.yaml --out template.json
  mwaanet synth --spec spec.yaml --format terraform --out infra/
  mwaanet synth --spec existing.yaml --existing snapshot/ > template.yaml
  mwaanet synth --spec existing.yaml --live --profile prod > template.yaml`,
		Args: noArgs("give the spec with --spec ARG"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.formatSet = cmd.Flags().Changed("format")
			return runSynth(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Spec, "spec", "", "the spec to synthesize (default: the embedded use case 3; - reads standard input)")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "yaml", "output format: yaml or json (CloudFormation), or terraform")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write the files into DIR (template.yaml, template.json, or *.tf) instead of standard output;\na FILE ending in .yaml, .yml or .json gets the template itself (its extension sets the format); - is standard output")
	cmd.Flags().StringVar(&opts.Existing, "existing", "", "snapshot directory of the spec's existing VPC: emit only what it lacks")
	cmd.Flags().BoolVar(&opts.Live, "live", false, "snapshot the spec's existing VPC from the AWS account (--region, --profile), then as --existing")
	cmd.Flags().StringVar(&opts.Region, "region", "", "with --live: the Region (default: the spec's)")
	cmd.Flags().StringVar(&opts.Profile, "profile", "", "with --live: named profile from the AWS config files")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace existing files with --out (never the spec or a snapshot file synth reads)")
	return cmd
}

// loadSpec reads the spec at path ("-": standard input), or the embedded default.
func loadSpec(app *App, path string) (*spec.Spec, error) {
	if path == "" {
		return spec.Default(), nil
	}
	if path == "-" {
		data, err := readInputStdin(app.In, InputOptions{MaxSize: app.MaxInputSize}.maxSize())
		if err != nil {
			return nil, err
		}
		return spec.Parse(StdinName, data)
	}
	data, err := readInputFile(path, InputOptions{MaxSize: app.MaxInputSize}.maxSize(), "spec")
	if err != nil {
		return nil, err
	}
	return spec.Parse(path, data)
}

// Synthesize renders the architecture of s in the given format: file name -> contents.
func Synthesize(a *model.Architecture, format string) (map[string][]byte, error) {
	switch format {
	case "yaml", "yml", "":
		data, err := cfnrender.YAML(a)
		if err != nil {
			return nil, err
		}
		return map[string][]byte{"template.yaml": data}, nil
	case "json":
		data, err := cfnrender.JSON(a)
		if err != nil {
			return nil, err
		}
		return map[string][]byte{"template.json": data}, nil
	case "terraform", "tf":
		return renderTerraform(a)
	}
	return nil, usageError("--format %q is not one of yaml, json, terraform", format)
}

// templateExts are the extensions that make synth's --out a file, not a directory.
var templateExts = map[string]string{".yaml": "yaml", ".yml": "yaml", ".json": "json"}

// synthOutFile says whether --out names the template file itself (a .yaml, .yml or .json
// path that is not an existing directory), and checks that a path to a file is not
// taken for a directory.
func synthOutFile(opts *synthOptions) (bool, error) {
	if opts.Out == "" {
		return false, nil
	}
	fi, err := os.Stat(opts.Out)
	if err == nil && fi.IsDir() {
		return false, nil
	}
	format, isTemplate := templateExts[strings.ToLower(filepath.Ext(opts.Out))]
	if !isTemplate {
		if err == nil {
			return false, usageError("--out %s is a file; expected a directory, or a file ending in .yaml, .yml or .json", opts.Out)
		}
		if ext := filepath.Ext(opts.Out); ext != "" {
			// Taking out.txt for a directory to create surprised users; a directory whose
			// name has a dot can be created first.
			return false, usageError("--out %s does not exist and %s is not a template extension; give a directory (create it first if its name has a dot), or a file ending in .yaml, .yml or .json", opts.Out, ext)
		}
		return false, nil
	}
	if !opts.formatSet {
		opts.Format = format
	}
	if opts.Format == "terraform" || opts.Format == "tf" {
		return false, usageError("--out %s: --format terraform writes several files; give --out a directory", opts.Out)
	}
	return true, nil
}

func runSynth(ctx context.Context, app *App, opts *synthOptions) error {
	if opts.Out == "-" {
		opts.Out = "" // standard output, as diagram --out - and vpn config --out -
	}
	outFile, err := synthOutFile(opts)
	if err != nil {
		return err
	}
	switch opts.Format {
	case "yaml", "yml", "json", "terraform", "tf":
	default:
		return usageError("--format %q is not one of yaml, json, terraform", opts.Format)
	}
	existing := opts.Existing != "" || opts.Live
	switch {
	case opts.Existing != "" && opts.Live:
		return usageError("give --existing DIR or --live, not both")
	case !opts.Live && (opts.Region != "" || opts.Profile != ""):
		return usageError("--region and --profile go with --live")
	case existing && (opts.Format == "terraform" || opts.Format == "tf"):
		return usageError("--existing and --live emit a CloudFormation template (--format yaml or json)")
	case existing && opts.Spec == "":
		// The embedded default is a new VPC; its error would name usecase-3.yaml, a file
		// the user never saw.
		return usageError("--existing and --live need --spec FILE naming the existing VPC (vpc.existing; mwaanet init --use-case 4 writes one)")
	}
	// Never onto an input: the spec, or a file of the snapshot directory.
	inputs := inputFiles(opts.Spec, opts.Existing)
	stdin := stdinInput(app, opts.Spec)
	if outFile {
		// Said before reading the spec or the account, not after.
		if err := checkOutput(opts.Out, opts.Force, inputs, stdin...); err != nil {
			return err
		}
	} else if opts.Out != "" && (opts.Format == "yaml" || opts.Format == "yml" || opts.Format == "json") {
		name := "template.yaml"
		if opts.Format == "json" {
			name = "template.json"
		}
		if err := checkOutput(filepath.Join(opts.Out, name), opts.Force, inputs, stdin...); err != nil {
			return err
		}
	}
	s, err := loadSpec(app, opts.Spec)
	if err != nil {
		return err
	}
	for _, f := range s.Placeholders() {
		fmt.Fprintf(app.Err, "warning: %s: %s\n", f.Source, f.Message)
	}
	var (
		a     *model.Architecture
		notes []design.Note
	)
	if existing {
		a, notes, err = synthExisting(ctx, app, opts, s)
	} else {
		a, err = design.Build(s)
	}
	if err != nil {
		return err
	}
	files, err := Synthesize(a, opts.Format)
	if err != nil {
		return err
	}
	if existing {
		if data, ok := files["template.yaml"]; ok {
			files["template.yaml"] = withNotes(data, s, opts.Existing, notes)
		}
		printNotes(app, notes)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if outFile {
		if err := writeOutput(opts.Out, files[names[0]], 0o644, opts.Force, inputs, stdin...); err != nil {
			return err
		}
		fmt.Fprintf(app.Err, "wrote %s\n", opts.Out)
		return notesExit(notes)
	}
	if opts.Out == "" {
		if len(names) != 1 {
			return usageError("--format %s writes %d files; give --out DIR", opts.Format, len(names))
		}
		if _, err := app.Out.Write(files[names[0]]); err != nil {
			return err
		}
		return notesExit(notes)
	}
	written, err := writeOutputs(opts.Out, files, 0o644, opts.Force, inputs, stdin...)
	if err != nil {
		return err
	}
	for _, p := range written {
		fmt.Fprintf(app.Err, "wrote %s\n", p)
	}
	return notesExit(notes)
}

// renderTerraform renders a as Terraform files.
func renderTerraform(a *model.Architecture) (map[string][]byte, error) {
	return terraform.Render(a)
}

// synthExisting reads the snapshot of the spec's existing VPC (--existing DIR, or a
// temporary one collected with --live) and builds what the VPC lacks.
func synthExisting(ctx context.Context, app *App, opts *synthOptions, s *spec.Spec) (*model.Architecture, []design.Note, error) {
	if !s.IsExisting() {
		return nil, nil, model.Errorf(s.Source("vpc"), "vpc.existing: --existing and --live need a spec that names the existing VPC (vpc.existing; mwaanet init --use-case 4 writes one)")
	}
	dir := opts.Existing
	if opts.Live {
		d, cleanup, err := synthSnapshot(ctx, app, opts, s)
		if err != nil {
			return nil, nil, err
		}
		defer cleanup()
		dir = d
	} else if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		why := "not a directory"
		if err != nil {
			why = errText(err)
		}
		return nil, nil, &model.InputError{Message: fmt.Sprintf("--existing %s: %s (expected a snapshot directory, as mwaanet snapshot writes it)", dir, why)}
	}
	snap, err := awscli.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	return design.BuildExisting(s, snap)
}

// synthSnapshot collects the spec's existing VPC into a temporary directory.
func synthSnapshot(ctx context.Context, app *App, opts *synthOptions, s *spec.Spec) (string, func(), error) {
	region := opts.Region
	if region == "" {
		region = s.Region
	}
	if region == "" {
		return "", nil, usageError("--live needs --region (or region: in the spec)")
	}
	return collectTemp(ctx, app, opts.loadConfig, region, opts.Profile, live.Options{VPC: s.VPC.Existing.VPCID}, "snapshot of "+s.VPC.Existing.VPCID)
}

// noteLines renders notes one per line, each fix on its own indented line.
func noteLines(notes []design.Note) []string {
	var lines []string
	for _, n := range notes {
		head := string(n.Severity)
		if n.Requirement != "" {
			head += " " + n.Requirement
		}
		if n.Resource != "" {
			head += " " + n.Resource
		}
		// A message or fix of several lines (a check finding quoted by a note) keeps
		// its continuation lines indented under it: in the template's header every
		// line must stay a comment.
		// Each line has its control characters escaped: a name or tag from the account
		// may hold anything, and these lines go to the terminal and into YAML comments.
		msg := strings.Split(strings.TrimRight(n.Message, "\n"), "\n")
		lines = append(lines, textsafe.Escape(head+": "+msg[0]))
		for _, l := range msg[1:] {
			lines = append(lines, "    "+textsafe.Escape(l))
		}
		if n.Fix != "" {
			fix := strings.Split(strings.TrimRight(n.Fix, "\n"), "\n")
			lines = append(lines, "  fix: "+textsafe.Escape(fix[0]))
			for _, l := range fix[1:] {
				lines = append(lines, "       "+textsafe.Escape(l))
			}
		}
	}
	return lines
}

// withNotes adds to the header comment of a YAML template which existing VPC it was made
// for and the notes (what to change by hand).
func withNotes(tmpl []byte, s *spec.Spec, dir string, notes []design.Note) []byte {
	from := "a live snapshot"
	if dir != "" {
		from = "snapshot " + filepath.ToSlash(dir)
	}
	var b strings.Builder
	// comment writes text as comment lines, whatever newlines it holds (a directory
	// name may have one): the header must stay YAML comments.
	comment := func(prefix, text string) {
		for _, l := range strings.Split(text, "\n") {
			b.WriteString(strings.TrimRight(prefix+l, " ") + "\n")
		}
	}
	comment("# ", "\nMade with --existing for VPC "+s.VPC.Existing.VPCID+" ("+from+"): it creates only what\n"+
		"the VPC lacks and refers to the existing VPC, subnets, route tables and groups by ID.")
	if len(notes) > 0 {
		comment("# ", "What CloudFormation cannot do here (change it by hand), and what was reused:")
		for _, l := range noteLines(notes) {
			comment("#   ", l)
		}
	}
	// The renderer's header is the leading comment block; the notes go at its end.
	text := string(tmpl)
	i := 0
	for strings.HasPrefix(text[i:], "#") {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return []byte(text[:i] + b.String() + text[i:])
}

// printNotes lists the notes on standard error.
func printNotes(app *App, notes []design.Note) {
	for _, l := range noteLines(notes) {
		fmt.Fprintln(app.Err, l)
	}
}

// notesExit is exit 1 when a note is an error: the environment cannot work until the
// listed changes are made by hand.
func notesExit(notes []design.Note) error {
	if !design.HasErrors(notes) {
		return nil
	}
	n := 0
	for _, x := range notes {
		if x.Severity == model.SeverityError {
			n++
		}
	}
	return &ExitError{Code: ExitFindings, Err: fmt.Errorf("the template is written, but %d change(s) listed above must be made by hand before the environment can work", n)}
}
