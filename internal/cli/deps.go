package cli

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mwaanet/mwaanet/internal/deps"
	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// depsCheckOptions are the flags of mwaanet deps check.
type depsCheckOptions struct {
	Requirements   string
	Plugins        string
	AirflowVersion string
	PythonVersion  string
	Constraints    string
	Installed      string
	Routing        string
	Format         string
}

func newDepsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deps",
		Short: "Check Python dependencies for an environment without internet (PRV-08)",
	}
	cmd.AddCommand(newDepsCheckCmd(app))
	return groupCmd(cmd)
}

func newDepsCheckCmd(app *App) *cobra.Command {
	opts := &depsCheckOptions{}
	cmd := &cobra.Command{
		Use:   "check --requirements FILE [--plugins FILE] [--airflow-version V] [--constraints FILE] [--format text|json]",
		Short: "Resolve requirements.txt against the wheels in plugins.zip as pip --no-index would",
		Long: `Read requirements.txt (PEP 508 lines, -r, -c, --no-index, --find-links, ...) and the
wheels in plugins.zip (file name tags and METADATA), then resolve the whole dependency
closure as pip install --no-index --find-links /usr/local/airflow/plugins would on MWAA:
CPython of the Airflow version's image on Linux x86_64, markers evaluated there, extras
followed, constraints applied.

It knows MWAA's image for each Airflow version MWAA offers (embedded; the default version
is the newest): the packages the image already has (apache-airflow, the Amazon provider,
requests, boto3, ...) need no wheel, and when the requirements name no constraints file
the image's Airflow constraints apply, as MWAA applies them (from Airflow 2.7.2 on), so a
pin against them is reported. --installed (pip freeze output) replaces the image's
packages. A version MWAA no longer creates environments with is an error that gives its
end-of-support date; one whose image packages are not embedded is a warning.

It reports every requirement or transitive dependency no wheel satisfies, wheels that
cannot install on MWAA (platform tags, Requires-Python), version conflicts, and (private
routing) a missing --no-index or --find-links line, index URLs and constraints fetched
from the internet. It prints the pip download command that fetches the missing wheels.

Exit status: 0 no error findings, 1 error findings, 2 unreadable input (file:line).`,
		Example: `  mwaanet deps check --requirements requirements.txt --plugins plugins.zip
  mwaanet deps check --requirements requirements.txt --plugins plugins.zip --airflow-version 2.10.3 \
      --constraints constraints-3.11.txt --format json`,
		Args: noArgs("give the files with --requirements ARG and --plugins FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDepsCheck(app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Requirements, "requirements", "", "the requirements.txt MWAA installs (required; - reads standard input)")
	f.StringVar(&opts.Plugins, "plugins", "", "the plugins.zip holding the wheels")
	f.StringVar(&opts.AirflowVersion, "airflow-version", deps.DefaultAirflowVersion, "the environment's Apache Airflow version (selects Python and platform)")
	f.StringVar(&opts.PythonVersion, "python-version", "", "override the Python version (3.Y or 3.Y.Z)")
	f.StringVar(&opts.Constraints, "constraints", "", "a local copy of the constraints file the requirements name by URL or in the dags folder")
	f.StringVar(&opts.Installed, "installed", "", "pip freeze output of the environment's image: projects already installed (default: the embedded packages of MWAA's image)")
	f.StringVar(&opts.Routing, "routing", "private", "the environment's routing: private (no index reachable) or public")
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runDepsCheck(app *App, opts *depsCheckOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError("--format %q is not one of text, json", opts.Format)
	}
	if opts.Requirements == "" {
		return usageError("--requirements FILE is required")
	}
	stdin := 0
	for _, p := range []string{opts.Requirements, opts.Plugins, opts.Constraints, opts.Installed} {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageError("standard input (-) can be given once")
	}
	// Every file is read through the shared guards: regular files only, refused by name
	// otherwise, within the size limit of its kind (plugins.zip is a document; the text
	// files are requirements files, which also keep out /proc, /sys and /dev).
	read := func(what, path string) ([]byte, error) {
		limit := inputfile.MaxRequirements
		if what == "plugins" {
			limit = inputfile.MaxDocument
		}
		if path == "-" {
			data, err := inputfile.ReadFrom(app.In, StdinName, limit)
			if err != nil {
				return nil, &ExitError{Code: ExitInput, Err: fmt.Errorf("cannot read %s from standard input: %s", what, deps.ReadErrorText(err))}
			}
			return data, nil
		}
		var data []byte
		var err error
		if what == "plugins" {
			data, err = inputfile.Read(path, limit)
		} else {
			data, err = deps.ReadRequirementsFile(path)
		}
		if err != nil {
			return nil, &ExitError{Code: ExitInput, Err: fmt.Errorf("cannot read %s %s: %s", what, path, deps.ReadErrorText(err))}
		}
		return data, nil
	}
	name := func(path string) string {
		if path == "-" {
			return StdinName
		}
		return path
	}
	o := deps.Options{
		RequirementsName: name(opts.Requirements), AirflowVersion: opts.AirflowVersion, PythonVersion: opts.PythonVersion,
		Routing: opts.Routing, ReadLocal: deps.ReadRequirementsFile,
	}
	var err error
	if o.RequirementsData, err = read("requirements", opts.Requirements); err != nil {
		return err
	}
	if opts.Plugins != "" {
		data, err := read("plugins", opts.Plugins)
		if err != nil {
			return err
		}
		p, err := deps.ReadPlugins(name(opts.Plugins), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		o.Plugins = p
	}
	if opts.Constraints != "" {
		o.ConstraintsName = name(opts.Constraints)
		if o.ConstraintsData, err = read("constraints", opts.Constraints); err != nil {
			return err
		}
	}
	if opts.Installed != "" {
		o.InstalledName = name(opts.Installed)
		if o.InstalledData, err = read("installed packages", opts.Installed); err != nil {
			return err
		}
	}
	rep, err := deps.Check(o)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	if opts.Format == "json" {
		err = rep.WriteJSON(app.Out)
	} else {
		err = rep.WriteText(app.Out)
	}
	if err != nil {
		return err
	}
	if rep.HasErrors() {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}
