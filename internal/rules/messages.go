package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// azPhrase says an Availability Zone in a sentence: "Availability Zone us-east-1a" for a
// name or ID, and for the n-th zone of !GetAZs ("${AWS::Region}#0" in the model, a symbol
// no user wrote) "the first Availability Zone of eu-west-1 (!Select [0, !GetAZs ""])", or
// "the Region's first Availability Zone (...)" when the Region is not known.
func (c *Context) azPhrase(az string) string {
	rest, ok := strings.CutPrefix(az, model.PseudoRegion+"#")
	n, err := strconv.Atoi(rest)
	if !ok || err != nil || n < 0 {
		return "Availability Zone " + az
	}
	where := "the Region's " + ordinal(n+1) + " Availability Zone"
	if c.Arch.Region != "" {
		where = "the " + ordinal(n+1) + " Availability Zone of " + c.Arch.Region
	}
	if c.Env != nil && strings.HasSuffix(c.Env.Source.File, ".tf") {
		// A Terraform configuration's zones come from data.aws_availability_zones.
		return fmt.Sprintf("%s (names[%d] of data.aws_availability_zones)", where, n)
	}
	return fmt.Sprintf("%s (!Select [%d, !GetAZs \"\"])", where, n)
}

var ordinals = []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}

// ordinal spells 1..10 ("first") and writes larger numbers as "11th".
func ordinal(n int) string {
	if n >= 1 && n <= len(ordinals) {
		return ordinals[n-1]
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

var symbolicAZ = regexp.MustCompile(`\$\{AWS::Region\}#[0-9]+`)

// sayPseudo rewrites the model's symbols that a finding's text may carry (from a spec's
// design, or a reach hop) into what the user knows: "${AWS::Region}#1" into words
// (azPhrase), then "${AWS::Region}" into the Region when it is known. Every finding goes
// through it (ReportAs), so no message prints a symbol the input's Region settles.
func (c *Context) sayPseudo(s string) string {
	if !strings.Contains(s, "${AWS::") {
		return s
	}
	s = symbolicAZ.ReplaceAllStringFunc(s, c.azPhrase)
	if c.Arch.Region != "" {
		s = strings.ReplaceAll(s, model.PseudoRegion, c.Arch.Region)
	}
	return s
}
