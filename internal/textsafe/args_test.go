package textsafe

import (
	"fmt"
	"strings"
	"testing"
)

func TestQuoteArgs(t *testing.T) {
	long := strings.Repeat("x", 10_000_000)
	for _, c := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%s: %q is not a CIDR block", []any{"vpc.cidr", long}, `vpc.cidr: "` + strings.Repeat("x", 80) + `…" is not a CIDR block`},
		{"%q has \x1b", []any{"a\x1b[31mb"}, `"a\x1b[31mb" has ` + "\x1b"},
		{"100%% %d %q", []any{7, "v"}, `100% 7 "v"`},
		{"%5.2f %q %s", []any{1.5, "a\nb", "c\nd"}, " 1.50 \"a\\nb\" c\nd"},
		{"%[1]q", []any{"z"}, `"z"`},
		{"%q", []any{42}, `'*'`},
	} {
		got := fmt.Sprintf(c.format, QuoteArgs(c.format, c.args)...)
		if got != c.want {
			t.Errorf("%q: got %.200q, want %.200q", c.format, got, c.want)
		}
	}
}
