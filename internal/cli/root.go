// Package cli is mwaanet's command line: one file per command, each filling an options
// struct from its flags and calling the library. It holds no networking logic of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mwaanet/mwaanet/internal/deps"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/render/diagram"
	"github.com/mwaanet/mwaanet/internal/report"
)

// Exit codes, the same for every command.
const (
	ExitOK       = 0 // success; check: no error findings; trace: reachable
	ExitFindings = 1 // check: error findings; trace: not reachable
	ExitInput    = 2 // bad input, bad flags, unknown place
	// ExitInterrupted is the shell's code for a process stopped by SIGINT (128+2): the
	// command was interrupted (Ctrl-C) and cleaned up after itself.
	ExitInterrupted = 130
)

// Streams are the command's standard streams; tests pass buffers.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// App is what every command shares: the streams and the environment (for NO_COLOR and
// terminal detection), passed in so that tests use fakes.
type App struct {
	Streams
	// Getenv reads an environment variable (os.Getenv in main).
	Getenv func(string) string
	// IsTerminal reports whether w is a terminal (colours, progress lines).
	IsTerminal func(w io.Writer) bool
	// Version is mwaanet's version (--version, SARIF); "" means unknown.
	Version string
	// MaxInputSize is --max-input-size: the largest template, plan, spec or snapshot file
	// read, in bytes; 0 means inputfile.MaxDocument.
	MaxInputSize int64
}

// ExitError carries an exit code out of a command's RunE. A nil Err means the command
// already printed what it had to say (for example check with error findings).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageError marks an error in how the command was called (flags, arguments): exit 2.
func usageError(format string, args ...any) error {
	return &ExitError{Code: ExitInput, Err: fmt.Errorf(format, args...)}
}

// NewRootCmd builds the mwaanet command tree.
func NewRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "mwaanet",
		Short: "Amazon MWAA networking, impossible to get wrong",
		Long: `mwaanet synthesizes the network and architecture of an Amazon MWAA environment,
checks any network (spec, CloudFormation, Terraform plan, AWS CLI snapshot, live account)
against the MWAA networking requirements before you create the environment, and traces
traffic hop by hop to explain why it does or does not get through.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       app.Version,
	}
	if root.Version == "" {
		root.Version = "(unknown)"
	}
	root.SetIn(app.In)
	root.SetOut(app.Out)
	root.SetErr(app.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("%w\nSee '%s --help'.", err, c.CommandPath())}
	})
	root.PersistentFlags().Var(sizeFlag{&app.MaxInputSize}, "max-input-size", "largest template, plan, spec or snapshot file read (such as 512MiB)")
	for _, newCmd := range commands {
		root.AddCommand(newCmd(app))
	}
	tidyFlagHelp(root)
	registerCompletions(root)
	return root
}

// registerCompletions lets the shell complete flag values (mwaanet completion): the
// values of every enumerated flag, directories where a directory is expected, and spec
// and price files by extension.
func registerCompletions(root *cobra.Command) {
	enum := func(path, flag string, values ...string) {
		c, _, err := root.Find(strings.Fields(path))
		if err != nil || c.Flags().Lookup(flag) == nil {
			panic("completion for unknown flag " + path + " --" + flag) // caught by tests
		}
		_ = c.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	}
	dir := func(path, flag string) {
		c, _, _ := root.Find(strings.Fields(path))
		if err := c.MarkFlagDirname(flag); err != nil {
			panic(err)
		}
	}
	file := func(path, flag string, exts ...string) {
		c, _, _ := root.Find(strings.Fields(path))
		if err := c.MarkFlagFilename(flag, exts...); err != nil {
			panic(err)
		}
	}
	var reportFormats, diagramFormats, airflow []string
	for _, f := range report.Formats {
		reportFormats = append(reportFormats, string(f))
	}
	for _, f := range diagram.Formats {
		diagramFormats = append(diagramFormats, string(f))
	}
	for _, v := range deps.MWAAVersions {
		airflow = append(airflow, v.Airflow)
	}
	places := []string{"env", "webserver", "database", "internet", "vpn", "corporate", "service:"}
	enum("check", "format", reportFormats...)
	enum("check", "fail-on", "error", "warning", "none")
	enum("check", "routing", model.RoutingPublic, model.RoutingPrivate)
	enum("check", "access", model.PrivateOnly, model.PublicOnly)
	enum("trace", "format", "text", "json")
	enum("trace", "protocol", "tcp", "udp", "icmp", "all")
	enum("trace", "from", places...)
	enum("trace", "to", places...)
	enum("synth", "format", "yaml", "json", "terraform")
	enum("diagram", "format", diagramFormats...)
	enum("cost", "format", "text", "json")
	enum("rules", "format", "text", "json")
	enum("deps check", "format", "text", "json")
	enum("deps check", "routing", model.RoutingPrivate, model.RoutingPublic)
	enum("deps check", "airflow-version", airflow...)
	enum("vpn config", "protocol", "udp", "tcp")
	enum("init", "use-case", "1", "2", "3", "4")
	for _, p := range [][2]string{{"synth", "existing"}, {"snapshot", "out"}, {"vpn certs", "out"}, {"vpn config", "dir"}, {"diagram", "icons"}} {
		dir(p[0], p[1])
	}
	file("synth", "spec", "yaml", "yml", "json")
	file("cost", "spec", "yaml", "yml", "json")
	file("cost", "prices", "json")
	file("deps check", "plugins", "zip")
}

// groupCmd makes a command that only holds subcommands (vpn, deps): alone it prints its
// help, and an unknown subcommand is a usage error (cobra would print the help and exit 0).
func groupCmd(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.SuggestionsMinimumDistance = 2
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return c.Help()
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
		if s := c.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t") + "\n"
		}
		return usageError("%s\nSee '%s --help'.", msg, c.CommandPath())
	}
	return cmd
}

// noArgs is cobra.NoArgs with a message that says the command takes no arguments (cobra
// says "unknown command") and, when hint is not empty, how to give what was meant.
func noArgs(hint string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("%s takes no arguments (got %q)", c.Name(), args[0])
		if hint != "" {
			msg += "; " + strings.ReplaceAll(hint, "ARG", args[0])
		}
		return usageError("%s\nSee '%s --help'.", msg, c.CommandPath())
	}
}

// tidyFlagHelp makes the flag help read as values, not Go types: a map flag without
// entries shows no "(default [])", and flags whose usage names no value get one.
func tidyFlagHelp(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() == "stringToString" && f.DefValue == "[]" {
			f.DefValue = ""
		}
	})
	for _, c := range cmd.Commands() {
		tidyFlagHelp(c)
	}
}

// buildVersion is the module version the binary was built from ("(devel)" from a
// checkout), with the VCS revision when the build recorded one.
func buildVersion() string {
	if releaseVersion != "" {
		return releaseVersion // stamped by the release build (version.go)
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := bi.Main.Version
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" && (v == "" || v == "(devel)") {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v = "(devel) " + rev
		if dirty {
			v += "-dirty"
		}
	}
	return v
}

// commands lists the constructors of the subcommands, in help order.
var commands = []func(*App) *cobra.Command{
	newInitCmd,
	newSynthCmd,
	newTraceCmd,
	newSnapshotCmd,
	newDiagramCmd,
	newVpnCmd,
	newDepsCmd,
	newCostCmd,
	newCheckCmd,
	newRulesCmd,
	newExplainCmd,
	newVersionCmd,
}

// Main runs mwaanet with args and returns the exit code. An interrupt (Ctrl-C) or
// SIGTERM cancels the command's context, so that --live commands stop their AWS calls and
// remove their temporary snapshot; a second one kills the process as usual.
func Main(args []string, s Streams) int {
	app := &App{
		Streams:    s,
		Getenv:     os.Getenv,
		IsTerminal: isTerminal,
		Version:    buildVersion(),
	}
	installMemoryBudget(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the next signal gets the default behaviour
	}()
	defer stop()
	return RunContext(ctx, app, args)
}

// Run executes the command tree for app and maps errors to exit codes: ExitError keeps its
// code, input errors (model.InputError) are 2, anything else is 2 as well (we never know
// a result when a command fails), printed as "mwaanet: message".
func Run(app *App, args []string) int {
	return RunContext(context.Background(), app, args)
}

// RunContext is Run with a context that commands making AWS calls honour.
func RunContext(ctx context.Context, app *App, args []string) int {
	root := NewRootCmd(app)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		fmt.Fprintln(app.Err, "mwaanet: interrupted")
		return ExitInterrupted
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(app.Err, "mwaanet: %v\n", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintf(app.Err, "mwaanet: %v\n", err)
	return ExitInput
}

// colorOK reports whether w may get ANSI colours: it is a terminal, NO_COLOR is not set
// (no-color.org) and the terminal is not "dumb".
func colorOK(app *App, w io.Writer) bool {
	if app.IsTerminal == nil || !app.IsTerminal(w) {
		return false
	}
	if app.Getenv == nil {
		return true
	}
	return app.Getenv("NO_COLOR") == "" && app.Getenv("TERM") != "dumb"
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
