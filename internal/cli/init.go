package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/spec"
)

type initOptions struct {
	UseCase int
	Out     string
	Force   bool
}

func newInitCmd(app *App) *cobra.Command {
	opts := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init [--use-case N] [--out FILE]",
		Short: "Print a commented spec for one of the four use cases",
		Long: "Print a commented mwaanet spec to start from. The use cases:\n" + spec.UseCaseList() + `

Edit the spec, then run 'mwaanet synth --spec FILE' and 'mwaanet check FILE'.`,
		Example: "  mwaanet init --use-case 1 > spec.yaml\n  mwaanet synth --spec spec.yaml",
		Args:    noArgs("choose the use case with --use-case N and the file with --out FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(app, opts)
		},
	}
	cmd.Flags().IntVar(&opts.UseCase, "use-case", spec.DefaultUseCase, "use case 1-4")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write the spec to FILE instead of standard output (an existing FILE only with --force; - is standard output)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace an existing --out FILE")
	return cmd
}

func runInit(app *App, opts *initOptions) error {
	text, err := spec.UseCaseText(opts.UseCase)
	if err != nil {
		return usageError("%v", err)
	}
	if opts.Out == "" || opts.Out == "-" {
		_, err := app.Out.Write(text)
		return err
	}
	if err := writeOutput(opts.Out, text, 0o644, opts.Force, nil); err != nil {
		return err
	}
	fmt.Fprintf(app.Err, "wrote %s (use case %d)\n", opts.Out, opts.UseCase)
	return nil
}
