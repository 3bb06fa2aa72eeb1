package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	ruledocs "github.com/mwaanet/mwaanet/docs/rules"
	"github.com/mwaanet/mwaanet/internal/report"
)

type rulesOptions struct {
	Format string
}

// ruleJSON is one rule in `mwaanet rules --format json`.
type ruleJSON struct {
	ID          string `json:"id"`
	Requirement string `json:"requirement"`
	Severity    string `json:"severity"`
	Summary     string `json:"summary"`
	HelpURI     string `json:"help_uri"`
	DocURI      string `json:"doc_uri"`
}

func newRulesCmd(app *App) *cobra.Command {
	opts := &rulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules [--format text|json]",
		Short: "List every rule check runs, with its requirement and default severity",
		Long: `Rules lists every rule of mwaanet check: its ID, the requirement it implements
(shared REQUIREMENTS: NET-01 ... DOC-01), its default severity, its documentation page
(docs/rules/ID.md; mwaanet explain ID prints it) and a one-line summary.
Rules ending in /path are decided by the reachability engine over the paths MWAA depends
on (mwaanet trace --all shows them). INPUT rules are problems the template reader finds
in the input itself (duplicate logical IDs, ...).

` + answersHelp,
		Example: `  mwaanet rules
  mwaanet rules --format json`,
		Args: noArgs(""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRules(app, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "text or json")
	return cmd
}

func runRules(app *App, opts *rulesOptions) error {
	infos := checkRules()
	switch opts.Format {
	case "json":
		out := make([]ruleJSON, len(infos))
		for i, r := range infos {
			out[i] = ruleJSON{ID: r.ID, Requirement: r.Requirement, Severity: string(r.Severity), Summary: r.Summary, HelpURI: r.HelpURI, DocURI: r.DocURI}
		}
		return writeJSON(app, out)
	case "text":
		fmt.Fprintf(app.Out, "%s\n\n", answersHelp)
		tw := tabwriter.NewWriter(app.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tREQUIREMENT\tSEVERITY\tPAGE\tSUMMARY")
		for _, r := range infos {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Requirement, r.Severity, docPath(r), r.Summary)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(app.Out, "%d rules; mwaanet explain RULE prints a rule's page (%s)\n", len(infos), ruledocs.BaseURL)
		return err
	}
	return usageError("--format %q is not one of text, json", opts.Format)
}

// docPath is the rule's page as a repository path (docs/rules/NET-05.md).
func docPath(r report.Rule) string {
	if r.DocURI == "" {
		return "-"
	}
	return "docs/rules/" + strings.TrimPrefix(r.DocURI, ruledocs.BaseURL)
}
