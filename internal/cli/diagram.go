package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/render/diagram"
	"github.com/mwaanet/mwaanet/internal/rules"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// diagramOptions are the flags of mwaanet diagram.
type diagramOptions struct {
	Inputs []string // INPUT...; none: the embedded default spec
	Format string   // svg, drawio, mermaid; "" from --out's extension, else svg
	Out    string   // --out FILE; "" or "-" standard output
	Region string
	Params map[string]string
	Icons  string // --icons DIR: the user's icon files, by aws4 icon name or node kind
	Force  bool   // --force: replace an existing --out FILE (never an input)
	// Findings mark the components at fault in red with their rule (check's results).
	Findings []model.Finding
	// WithFindings (--findings) runs check's rules on the input and marks what they find
	// (errors and warnings; info findings say nothing is wrong).
	WithFindings bool
	// load reads the inputs (LoadArchitectures; tests pass a fake).
	load func(paths []string, opts InputOptions) (*model.Architecture, error)

	TF TFOptions // --var, --var-file
}

func newDiagramCmd(app *App) *cobra.Command {
	return diagramCmd(app, &diagramOptions{load: LoadArchitectures})
}

// diagramCmd builds the command around opts (tests pass a fake loader or findings).
func diagramCmd(app *App, opts *diagramOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "diagram [INPUT...] [--format svg|drawio|mermaid] [--out FILE]",
		Short: "Draw the architecture as SVG, draw.io or Mermaid",
		Long: `Draw the architecture of INPUT (a spec, CloudFormation templates, a Terraform plan, or a
snapshot directory with the templates that add to it; - reads standard input; default:
the embedded default spec): the AWS Cloud, Region, VPC,
Availability Zones and subnets, the MWAA environment (web server, scheduler, workers) and
its metadata database, every VPC endpoint and the service behind it, S3, CloudWatch Logs
and alarms, ECR, SQS, STS, KMS, the IAM execution role, Client VPN and the corporate
network, with every connection labelled by protocol and port.

Formats: svg (self-contained: no fonts, scripts or images fetched, no AWS icon artwork),
drawio (opens in diagrams.net with the AWS aws4 shapes, editable), mermaid (a flowchart
for READMEs and wikis). Without --format the extension of --out decides (.svg, .drawio,
.mmd), else svg. The same input always gives the same bytes.

The SVG draws category-coloured tiles with short names, not AWS's icon artwork (which is
not ours to ship). If you have the AWS Architecture Icons, --icons DIR embeds them: name
each file after the aws4 icon (s3.svg, managed_workflows_for_apache_airflow.svg,
endpoints.svg, client_vpn.svg, ...) or the node kind (vpc-endpoint.svg, webserver.png).`,
		Example: `  mwaanet diagram > architecture.svg
  mwaanet diagram spec.yaml --out architecture.drawio
  mwaanet diagram template.yaml --format mermaid
  mwaanet diagram --icons ~/aws-icons --out architecture.svg`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runDiagram(app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Format, "format", "f", "", "output format: svg, drawio or mermaid (default: from --out's extension, else svg)")
	f.StringVarP(&opts.Out, "out", "o", "", "write the diagram to FILE instead of standard output (an existing FILE only with --force)")
	f.BoolVar(&opts.Force, "force", false, "replace an existing --out FILE (never an input or an icon)")
	f.StringVar(&opts.Region, "region", "", "Region of a CloudFormation template (default: us-east-1)")
	f.StringToStringVar(&opts.Params, "param", nil, "template parameter `Key=Value` (repeatable)")
	addTFFlags(f, &opts.TF)
	f.BoolVar(&opts.WithFindings, "findings", false, "run check on the input and mark the components at fault in red with the rule")
	f.StringVar(&opts.Icons, "icons", "", "SVG: draw icons from DIR (NAME.svg or NAME.png, NAME an aws4 icon name such as s3 or\nmanaged_workflows_for_apache_airflow, or a node kind such as vpc-endpoint) instead of lettered tiles")
	return cmd
}

// formatFromExt maps an output file's extension to a diagram format.
var formatFromExt = map[string]diagram.Format{
	".svg": diagram.SVG, ".drawio": diagram.DrawIO, ".xml": diagram.DrawIO,
	".mmd": diagram.Mermaid, ".mermaid": diagram.Mermaid,
}

func runDiagram(app *App, opts *diagramOptions) error {
	name := opts.Format
	if name == "" {
		name = string(diagram.SVG)
		ext := strings.ToLower(filepath.Ext(opts.Out))
		if f, ok := formatFromExt[ext]; ok {
			name = string(f)
		} else if ext != "" && opts.Out != "-" {
			return usageError("--out %s: cannot tell the format from %q; expected .svg, .drawio or .mmd, or give --format", opts.Out, ext)
		}
	}
	format, err := diagram.ParseFormat(name)
	if err != nil {
		return usageError("--format: %v", err)
	}
	icons, iconFiles, err := readIcons(opts.Icons)
	if err != nil {
		return usageError("--icons: %v", err)
	}
	// Never onto an input or an icon, even with --force; said before drawing.
	inputs := append(inputFiles(opts.Inputs...), iconFiles...)
	stdin := stdinInput(app, opts.Inputs...)
	if opts.Out != "" && opts.Out != "-" {
		if err := checkOutput(opts.Out, opts.Force, inputs, stdin...); err != nil {
			return err
		}
	}
	a, err := opts.load(opts.Inputs, InputOptions{Region: opts.Region, Params: opts.Params, Stdin: app.In, TF: opts.TF.withEnv(app), MaxSize: app.MaxInputSize})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	findings := opts.Findings
	if opts.WithFindings {
		findings = append(findings, faults(a)...)
	}
	if opts.Icons != "" {
		switch n, names := diagram.IconsMatched(a, icons); {
		case format != diagram.SVG:
			fmt.Fprintf(app.Err, "note: --icons is used by the SVG format only; the %s diagram draws its own shapes\n", format)
		case n == 0:
			fmt.Fprintf(app.Err, "note: no icon in %s matched a node of the diagram; tiles are drawn instead (names looked for: %s, each .svg or .png)\n",
				textsafe.Escape(opts.Icons), strings.Join(names, ", "))
		}
	}
	var b bytes.Buffer
	if err := diagram.Render(&b, a, diagram.Options{Format: format, Findings: findings, Icons: icons}); err != nil {
		return err
	}
	if opts.Out == "" || opts.Out == "-" {
		_, err := app.Out.Write(b.Bytes())
		return err
	}
	if err := writeOutput(opts.Out, b.Bytes(), 0o644, opts.Force, inputs, stdin...); err != nil {
		return err
	}
	fmt.Fprintf(app.Err, "wrote %s\n", opts.Out)
	return nil
}

// readIcons reads the .svg and .png files of dir, keyed by their base name in lower case
// with "-" and "_" as written (both spellings are looked up), and returns the paths it
// read. Other files are ignored. Each icon is opened with internal/inputfile: a FIFO or a
// device named *.svg is refused by name rather than read forever, and an icon is at most
// inputfile.MaxIcon.
func readIcons(dir string) (map[string]diagram.Icon, []string, error) {
	if dir == "" {
		return nil, nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read icon directory %s: %v", dir, errText(err))
	}
	icons := map[string]diagram.Icon{}
	var read []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		media := map[string]string{".svg": "image/svg+xml", ".png": "image/png"}[ext]
		if e.IsDir() || media == "" {
			continue
		}
		p := filepath.Join(dir, e.Name())
		data, err := inputfile.Read(p, inputfile.MaxIcon)
		if err != nil {
			if _, ok := err.(*os.PathError); ok {
				return nil, nil, fmt.Errorf("cannot read icon %s: %v", p, errText(err))
			}
			return nil, nil, fmt.Errorf("cannot read icon %v", err) // names the file
		}
		read = append(read, p)
		// An icon that is not what its name says would draw as a broken image.
		if media == "image/png" && !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			return nil, nil, fmt.Errorf("%s is not a PNG image (no PNG signature)", p)
		}
		if media == "image/svg+xml" && !bytes.Contains(data, []byte("<svg")) {
			return nil, nil, fmt.Errorf("%s is not an SVG image (no <svg> element)", p)
		}
		name := strings.ToLower(strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())))
		ic := diagram.Icon{MediaType: media, Data: data}
		icons[name] = ic
		icons[strings.ReplaceAll(name, "-", "_")] = ic
		icons[strings.ReplaceAll(name, "_", "-")] = ic
	}
	return icons, read, nil
}

// faults returns check's error and warning findings on a (none for a network without an
// environment: the rules check environments).
func faults(a *model.Architecture) []model.Finding {
	if a.Environment() == nil {
		return nil
	}
	var out []model.Finding
	for _, f := range rules.Check(a) {
		if f.Severity == model.SeverityError || f.Severity == model.SeverityWarning {
			out = append(out, f)
		}
	}
	return out
}
