package reach

import (
	"strings"
	"testing"
)

// An escape sequence in an ID or message from the input never reaches the terminal raw.
func TestTextOutputEscapesControlCharacters(t *testing.T) {
	evil := "sg-1\x1b]0;pwned\x07"
	r := &Result{Query: PathQuery{From: "env", To: "web\x1b[2J"}, State: NotReachable,
		Blocks: []Hop{{Component: "security group", ID: evil, Step: "inbound", Code: CodeSGNoAllow, Message: "no rule of " + evil, Decision: Deny}}}
	r.Hops = r.Blocks
	for name, write := range map[string]func(*strings.Builder) error{
		"text":  func(b *strings.Builder) error { return WriteText(b, r) },
		"table": func(b *strings.Builder) error { return WriteTable(b, []*Result{r}) },
	} {
		var b strings.Builder
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\x07") {
			t.Errorf("%s output has a raw control character: %q", name, b.String())
		}
		if !strings.Contains(b.String(), `\x1b`) {
			t.Errorf("%s output does not show the escape: %q", name, b.String())
		}
	}
}
