package deps

import "github.com/mwaanet/mwaanet/internal/textsafe"

// quote is how every message of this package quotes a piece of its input: at most
// textsafe.ExcerptRunes characters, control characters escaped, so that an error never
// echoes a whole line (a secret, a flood) or puts an escape sequence on the terminal.
func quote(s string) string { return textsafe.Quote(s) }

// excerpt is quote without the quotation marks, for findings that name a value in prose.
func excerpt(s string) string { return textsafe.Excerpt(s) }
