package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	cfnrender "github.com/mwaanet/mwaanet/internal/render/cfn"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// synthOptions are the flags of mwaanet synth.
type synthOptions struct {
	Spec   string // --spec FILE; "" the embedded default (use case 3)
	Format string // yaml, json, terraform
	Out    string // --out DIR; "" standard output
}

func newSynthCmd(app *App) *cobra.Command {
	opts := &synthOptions{}
	cmd := &cobra.Command{
		Use:   "synth [--spec FILE] [--format yaml|json|terraform] [--out DIR]",
		Short: "Synthesize the infrastructure of a spec as CloudFormation or Terraform",
		Long: `Synthesize everything the spec's MWAA environment needs: the VPC and subnets (or only
what an existing VPC lacks), routing, network ACL, security groups, VPC endpoints, Client
VPN, the DAG bucket, KMS key, execution role, logging, alarms and the environment itself.

Without --spec it synthesizes the embedded default (use case 3: no internet, new VPC, web
UI only through Client VPN). The output is a CloudFormation template in YAML (default) or
JSON, or Terraform files; the same spec always gives the same bytes.`,
		Example: `  mwaanet synth > template.yaml
  mwaanet synth --spec spec.yaml --format json --out build/
  mwaanet synth --spec spec.yaml --format terraform --out infra/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSynth(app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Spec, "spec", "", "the spec to synthesize (default: the embedded use case 3)")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "yaml", "output format: yaml or json (CloudFormation), or terraform")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write the files into DIR (template.yaml, template.json, or *.tf) instead of standard output")
	return cmd
}

// loadSpec reads the spec at path, or the embedded default.
func loadSpec(path string) (*spec.Spec, error) {
	if path == "" {
		return spec.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &model.InputError{Message: fmt.Sprintf("cannot read spec %s: %v", path, errText(err))}
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

func runSynth(app *App, opts *synthOptions) error {
	switch opts.Format {
	case "yaml", "yml", "json", "terraform", "tf":
	default:
		return usageError("--format %q is not one of yaml, json, terraform", opts.Format)
	}
	s, err := loadSpec(opts.Spec)
	if err != nil {
		return err
	}
	a, err := design.Build(s)
	if err != nil {
		return err
	}
	files, err := Synthesize(a, opts.Format)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if opts.Out == "" {
		if len(names) != 1 {
			return usageError("--format %s writes %d files; give --out DIR", opts.Format, len(names))
		}
		_, err := app.Out.Write(files[names[0]])
		return err
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("creating %s: %w", opts.Out, err)}
	}
	for _, n := range names {
		p := filepath.Join(opts.Out, n)
		if err := writeFileAtomic(p, files[n], 0o644, true); err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		fmt.Fprintf(app.Err, "wrote %s\n", p)
	}
	return nil
}

// renderTerraform renders a as Terraform files.
func renderTerraform(a *model.Architecture) (map[string][]byte, error) {
	return terraform.Render(a)
}
