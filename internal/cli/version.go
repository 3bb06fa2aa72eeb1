package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// releaseVersion and releaseCommit are stamped by the release build (scripts/release.sh):
//
//	-ldflags "-X github.com/mwaanet/mwaanet/internal/cli.releaseVersion=v1.2.3
//	          -X github.com/mwaanet/mwaanet/internal/cli.releaseCommit=<full hash>"
//
// Without them, the version and commit come from the build information Go records: the
// module version of `go install github.com/mwaanet/mwaanet/cmd/mwaanet@v1.2.3`, or
// "(devel)" and the VCS revision of a build from a checkout.
var releaseVersion, releaseCommit string

// versionInfo is what `mwaanet version` prints.
type versionInfo struct {
	Version  string // "v1.2.3", "(devel)", or "(unknown)"
	Commit   string // full revision, "" when unknown
	Modified bool   // the checkout had uncommitted changes
}

// readVersion combines the stamped values with the build information (bi may be nil).
func readVersion(bi *debug.BuildInfo, stampedVersion, stampedCommit string) versionInfo {
	v := versionInfo{Version: stampedVersion, Commit: stampedCommit}
	if bi != nil {
		if v.Version == "" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.modified":
				v.Modified = s.Value == "true" && stampedCommit == ""
			}
		}
	}
	if v.Version == "" {
		v.Version = "(unknown)"
	}
	return v
}

func newVersionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print mwaanet's version and commit",
		Long: `Print mwaanet's version, the commit it was built from, the Go version it was built
with and the platform, for bug reports. The version is the release's (stamped by the
release build) or the module version of go install ...@version; a build from a checkout
says "(devel)". The commit is the release's, or the VCS revision Go recorded; "unknown"
when neither is there (go install of a module version records none).`,
		Args: noArgs(""),
		RunE: func(cmd *cobra.Command, args []string) error {
			bi, _ := debug.ReadBuildInfo()
			return writeVersion(app, readVersion(bi, releaseVersion, releaseCommit))
		},
	}
}

func writeVersion(app *App, v versionInfo) error {
	commit := v.Commit
	if commit == "" {
		commit = "unknown"
	}
	if v.Modified {
		commit += " (modified)"
	}
	_, err := fmt.Fprintf(app.Out, "mwaanet version %s (%s, %s/%s)\ncommit %s\n",
		v.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, commit)
	return err
}
