package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	ruledocs "github.com/mwaanet/mwaanet/docs/rules"
	"github.com/mwaanet/mwaanet/internal/didyoumean"
	"github.com/mwaanet/mwaanet/internal/report"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

func newExplainCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID",
		Short: "Print the page of a rule: what MWAA needs, why, how check decides, examples and the fix",
		Long: `Explain prints the documentation page of a rule or requirement (docs/rules/ID.md in
the repository, embedded in the binary: no network needed): what MWAA needs and why, the
AWS documentation it rests on, how mwaanet check decides (error, warning, not
verifiable), a failing and a passing CloudFormation and Terraform example, and the fix.
ID is a requirement (NET-05) or a rule (NET-05/path, INPUT/cfn-duplicate-key), in any
case. mwaanet rules lists them.`,
		Example: `  mwaanet explain NET-05
  mwaanet explain prv-03/endpoints
  mwaanet explain INPUT/cfn-duplicate-key`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("explain takes one rule or requirement ID (got %d arguments)\nSee '%s --help'.", len(args), c.CommandPath())
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return explainIDs(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(app.Out, args[0])
		},
	}
}

// explainIDs lists what explain accepts: every page and every rule ID.
func explainIDs() []string {
	ids := ruledocs.Names()
	for _, r := range checkRules() {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}

func runExplain(w io.Writer, id string) error {
	page, ok := ruledocs.Page(id)
	if ok && strings.Contains(id, "/") && !isRule(id) {
		ok = false // NET-05/nonsense is not a rule, even though NET-05 has a page
	}
	if !ok {
		msg := fmt.Sprintf("no rule or requirement %s", textsafe.Quote(id))
		ids := explainIDs()
		if s, found := didyoumean.Closest(strings.ToUpper(id), upper(ids)); found {
			for _, x := range ids {
				if strings.ToUpper(x) == s {
					msg += fmt.Sprintf(" (did you mean %s?)", x)
					break
				}
			}
		}
		return usageError("%s; mwaanet rules lists them", msg)
	}
	_, err := io.WriteString(w, ruledocs.Readable(page))
	return err
}

func isRule(id string) bool {
	for _, r := range checkRules() {
		if strings.EqualFold(r.ID, id) {
			return true
		}
	}
	return false
}

func upper(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToUpper(x)
	}
	return out
}

// withDocs adds to each rule the link to its page and the page's summary (SARIF help).
func withDocs(rs []report.Rule) []report.Rule {
	for i := range rs {
		rs[i].DocURI = ruledocs.URL(rs[i].ID)
		if page, ok := ruledocs.Page(rs[i].ID); ok {
			rs[i].Help = ruledocs.Summary(page)
		}
	}
	return rs
}
