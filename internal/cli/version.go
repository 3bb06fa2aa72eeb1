package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print mwaanet's version (as --version does)",
		Long: `Print mwaanet's version, the Go version it was built with and the platform, for bug
reports. The version is the module version of a release build, or "(devel)" with the
commit of a build from a checkout.`,
		Args: noArgs(""),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := app.Version
			if v == "" {
				v = "(unknown)"
			}
			_, err := fmt.Fprintf(app.Out, "mwaanet version %s (%s, %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
