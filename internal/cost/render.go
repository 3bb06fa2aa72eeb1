package cost

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes v (an *Estimate or *Comparison) as indented JSON with sorted keys.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// WriteText writes an estimate as a table: item, monthly USD, basis; then the total and
// the assumptions.
func WriteText(w io.Writer, e *Estimate) error {
	fmt.Fprintf(w, "Monthly cost: %v, %v routing, %v (USD, list prices of %v)\n\n",
		e.Assumptions["region"], e.Assumptions["routing"], e.Assumptions["environment_class"], e.Assumptions["prices_retrieved"])
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, it := range e.Items {
		fmt.Fprintf(tw, "%s\t%s\t\n", it.Name, money(it.MonthlyUSD))
	}
	fmt.Fprintf(tw, "Total\t%s\t\n", money(e.MonthlyTotalUSD))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nBasis:")
	for _, it := range e.Items {
		fmt.Fprintf(w, "  %s: %s\n", it.Name, it.Basis)
	}
	writeAssumptions(w, e.Assumptions)
	return nil
}

// WriteCompareText writes public and private routing side by side.
func WriteCompareText(w io.Writer, c *Comparison) error {
	fmt.Fprintf(w, "Monthly cost, public vs private routing: %v, %v (USD, list prices of %v)\n\n",
		c.Public.Assumptions["region"], c.Public.Assumptions["environment_class"], c.Public.Assumptions["prices_retrieved"])
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "Item\tpublic\tprivate\t\n")
	pub := map[string]float64{}
	prv := map[string]float64{}
	var order []string
	seen := map[string]bool{}
	for _, it := range c.Public.Items {
		pub[it.Name] = it.MonthlyUSD
		if !seen[it.Name] {
			seen[it.Name] = true
			order = append(order, it.Name)
		}
	}
	for _, it := range c.Private.Items {
		prv[it.Name] = it.MonthlyUSD
		if !seen[it.Name] {
			seen[it.Name] = true
			order = append(order, it.Name)
		}
	}
	for _, n := range order {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", n, money(pub[n]), money(prv[n]))
	}
	fmt.Fprintf(tw, "Total\t%s\t%s\t\n", money(c.Public.MonthlyTotalUSD), money(c.Private.MonthlyTotalUSD))
	if err := tw.Flush(); err != nil {
		return err
	}
	sign := "more"
	diff := c.DifferenceUSD
	if diff < 0 {
		sign, diff = "less", -diff
	}
	fmt.Fprintf(w, "\nPrivate routing costs %s %s a month than public routing.\n", money(diff), sign)
	fmt.Fprintln(w, "\nPublic routing basis:")
	for _, it := range c.Public.Items {
		fmt.Fprintf(w, "  %s: %s\n", it.Name, it.Basis)
	}
	fmt.Fprintln(w, "\nPrivate routing basis:")
	for _, it := range c.Private.Items {
		fmt.Fprintf(w, "  %s: %s\n", it.Name, it.Basis)
	}
	writeAssumptions(w, c.Private.Assumptions)
	return nil
}

func writeAssumptions(w io.Writer, a map[string]any) {
	fmt.Fprintln(w, "\nAssumptions:")
	for _, k := range sortedKeys(a) {
		v := a[k]
		if ss, ok := v.([]string); ok {
			v = strings.Join(ss, " ")
		}
		fmt.Fprintf(w, "  %s: %v\n", k, v)
	}
}

func money(x float64) string { return fmt.Sprintf("$%.2f", x) }
