package textsafe

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain sg-0abc", "plain sg-0abc"},
		{"\x1b[31mred", `\x1b[31mred`},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"del\x7f", `del\x7f`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"日本語", "日本語"},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeMultiline(t *testing.T) {
	if got, want := EscapeMultiline("line 1\n\tline 2 \x1b]0;title\x07"), "line 1\n\tline 2 \\x1b]0;title\\x07"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExcerpt(t *testing.T) {
	if got := Excerpt("short"); got != "short" {
		t.Errorf("Excerpt(short) = %q", got)
	}
	long := strings.Repeat("A", 200<<20) // a 200 MB value
	got := Excerpt(long)
	if want := strings.Repeat("A", ExcerptRunes) + "…"; got != want {
		t.Errorf("Excerpt(200 MB) = %d bytes, want %d", len(got), len(want))
	}
	if got := Excerpt(strings.Repeat("é", 81)); got != strings.Repeat("é", 80)+"…" {
		t.Errorf("Excerpt counts characters, not bytes: %q", got)
	}
	if got := Excerpt(strings.Repeat("x", 80)); got != strings.Repeat("x", 80) {
		t.Errorf("exactly 80 characters need no ellipsis: %q", got)
	}
}

func TestQuote(t *testing.T) {
	if got, want := Quote("sideways"), `"sideways"`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
	if got, want := Quote("a\x1bb"), `"a\x1bb"`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
	if got, want := Quote(`say "hi"`), `"say \"hi\""`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
	if got, want := Quote(`C:\x1b`), `"C:\\x1b"`; got != want {
		t.Errorf("a value's own backslash must not read as an escape: Quote = %s, want %s", got, want)
	}
	if got := Quote(strings.Repeat("z", 100)); got != `"`+strings.Repeat("z", 80)+`…"` {
		t.Errorf("Quote of a long value = %s", got)
	}
}
