// Package didyoumean suggests the known name closest to a misspelt one, for error messages
// of the spec and template readers ("unknown key \"rutting\" (did you mean \"routing\"?)").
// It must never decide anything but a suggestion.
package didyoumean

import "strings"

// Closest returns the candidate closest to name: a case-insensitive match first, otherwise
// the smallest edit distance up to a third of name's length (at least 2). The first of
// equally close candidates wins, so callers pass them in a stable order.
func Closest(name string, candidates []string) (string, bool) {
	best, bestDist := "", 0
	limit := max(2, len(name)/3)
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c, true
		}
		if d := len(c) - len(name); d > limit || -d > limit {
			continue
		}
		d := Distance(lower, strings.ToLower(c))
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
