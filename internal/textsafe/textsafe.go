// Package textsafe makes text that came from an input (a template value, an AWS error
// message, an ID) safe to show: short, and with control characters escaped, so that an
// error never floods a terminal or a CI log with a whole value and an escape sequence in
// an ID never reaches the terminal raw. It must never drop information silently: what it
// shortens ends with an ellipsis and what it escapes reads as a Go escape (\x1b).
package textsafe

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExcerptRunes is how many characters of an input value a message quotes at most.
const ExcerptRunes = 80

// Escape returns s with control characters (C0, DEL, C1, and Unicode format characters
// such as bidirectional overrides) and invalid UTF-8 written as Go escapes: "\x1b[31m"
// becomes `\x1b[31m`. Printable text, including newlines' absence, is unchanged; a
// newline or tab is escaped too, since a value shown on one line must stay on one line.
func Escape(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeEscaped(&b, s, -1, 0)
	return b.String()
}

// EscapeMultiline is Escape that keeps newlines and tabs: for text that is meant to span
// lines (an error message of several lines, a whole report).
func EscapeMultiline(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || (needsEscape(r) && r != '\n' && r != '\t') {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeEscaped(&b, s, -1, keepLines)
	return b.String()
}

// Excerpt returns at most ExcerptRunes characters of s, escaped as Escape does, followed
// by "…" when s was longer: what an error message may quote of an input value. It reads
// only the part it quotes, so it costs the same on a 200 MB value as on a short one.
func Excerpt(s string) string {
	var b strings.Builder
	if writeEscaped(&b, s, ExcerptRunes, 0) {
		b.WriteString("…")
	}
	return b.String()
}

// Quote returns a double-quoted excerpt of s for messages such as `"sideways" is not one
// of public, private`: at most ExcerptRunes characters, control characters escaped as
// Escape does, and `"` and `\` escaped as in a Go string, so that a value's own backslash
// never reads as one of the escapes.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	if writeEscaped(&b, s, ExcerptRunes, goQuoted) {
		b.WriteString("…")
	}
	b.WriteByte('"')
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || needsEscape(r) {
			return false
		}
		i += n
	}
	return true
}

// escapeMode says what writeEscaped does besides escaping control characters.
type escapeMode uint8

const (
	keepLines escapeMode = 1 << iota // newlines and tabs kept as they are (EscapeMultiline)
	goQuoted                         // '"' and '\' escaped as in a Go string (Quote)
)

// writeEscaped writes up to max runes of s (all when max < 0), escaped as mode says, and
// reports whether it stopped before the end of s.
func writeEscaped(b *strings.Builder, s string, max int, mode escapeMode) bool {
	count := 0
	for i := 0; i < len(s); {
		if max >= 0 && count == max {
			return true
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case mode&keepLines != 0 && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case mode&goQuoted != 0 && (r == '"' || r == '\\'):
			b.WriteByte('\\')
			b.WriteRune(r)
		case needsEscape(r):
			writeRuneEscape(b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
		count++
	}
	return false
}

func needsEscape(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

func writeRuneEscape(b *strings.Builder, r rune) {
	switch r {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if r < 0x100 {
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		} else {
			b.WriteString(`\u`)
			s := strconv.FormatInt(int64(r), 16)
			for i := len(s); i < 4; i++ {
				b.WriteByte('0')
			}
			b.WriteString(s)
		}
	}
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
