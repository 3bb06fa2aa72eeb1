package textsafe

import (
	"fmt"
	"io"
)

// QuoteArgs returns args with every string that format prints with the %q verb replaced
// by a value that prints as Quote of it: an error helper built on fmt.Sprintf(format,
// args...) passes its arguments through QuoteArgs so that a value quoted in a message is
// an excerpt, escaped, however long the input value was. Other arguments, and strings
// printed with other verbs, are returned as they are. Formats with explicit argument
// indexes ("%[2]q") are left alone.
func QuoteArgs(format string, args []any) []any {
	var out []any
	argi := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// Flags, width and precision; '*' takes an argument.
		for i < len(format) && (isFlag(format[i]) || format[i] == '*') {
			if format[i] == '*' {
				argi++
			}
			i++
		}
		if i >= len(format) {
			break
		}
		switch verb := format[i]; verb {
		case '%':
			continue
		case '[':
			return args
		case 'q':
			if argi < len(args) {
				if s, ok := args[argi].(string); ok {
					if out == nil {
						out = append([]any(nil), args...)
					}
					out[argi] = quoted(s)
				}
			}
		}
		argi++
	}
	if out == nil {
		return args
	}
	return out
}

func isFlag(c byte) bool {
	return c == '+' || c == '-' || c == '#' || c == ' ' || c == '0' || c == '.' || (c >= '1' && c <= '9')
}

// quoted prints as Quote of its text with any verb.
type quoted string

func (q quoted) Format(f fmt.State, _ rune) { io.WriteString(f, Quote(string(q))) }
