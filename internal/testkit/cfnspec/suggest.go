package cfnspec

import "github.com/mwaanet/mwaanet/internal/didyoumean"

// suggest returns " (did you mean X?)" for the candidate closest to name, or "" if none
// is close (see didyoumean.Closest).
func suggest(name string, candidates []string) string {
	if best, ok := didyoumean.Closest(name, candidates); ok {
		return " (did you mean " + best + "?)"
	}
	return ""
}
