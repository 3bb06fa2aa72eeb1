package cfnspec

import "strings"

// suggest returns " (did you mean X?)" for the candidate closest to name,
// or "" if none is close: a case-insensitive match wins, otherwise the
// smallest edit distance up to a third of the name's length (at least 2).
func suggest(name string, candidates []string) string {
	best, bestDist := "", 0
	limit := max(2, len(name)/3)
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return " (did you mean " + c + "?)"
		}
		if d := abs(len(c) - len(name)); d > limit {
			continue
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
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
