package model

import "strings"

// Symbolic strings use CloudFormation Fn::Sub syntax; see the package doc.

// Ref returns the symbolic string for the object (or parameter) id itself: "${id}".
func Ref(id string) string { return "${" + id + "}" }

// Att returns the symbolic string for attribute attr of object id: "${id.attr}".
func Att(id, attr string) string { return "${" + id + "." + attr + "}" }

// Pseudo parameters.
const (
	PseudoRegion    = "${AWS::Region}"
	PseudoPartition = "${AWS::Partition}"
	PseudoAccountID = "${AWS::AccountId}"
	PseudoURLSuffix = "${AWS::URLSuffix}"
	PseudoStackName = "${AWS::StackName}"
)

// SubPart is a piece of a symbolic string: literal text, or a reference to an object (ID)
// or one of its attributes (ID and Attr). Pseudo parameters have ID "AWS::Region" etc.
type SubPart struct {
	Literal string
	ID      string
	Attr    string
}

// IsRef reports whether p is a reference rather than literal text.
func (p SubPart) IsRef() bool { return p.ID != "" }

// ParseSub splits a symbolic string into literal text and references. "${!Literal}" is the
// escaped literal "${Literal}", as in Fn::Sub. An unterminated "${" is literal text.
func ParseSub(s string) []SubPart {
	var parts []SubPart
	var lit strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			lit.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			lit.WriteString(s)
			break
		}
		lit.WriteString(s[:i])
		inner := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(inner, "!") {
			lit.WriteString("${" + inner[1:] + "}")
			continue
		}
		if lit.Len() > 0 {
			parts = append(parts, SubPart{Literal: lit.String()})
			lit.Reset()
		}
		p := SubPart{ID: inner}
		if !strings.HasPrefix(inner, "AWS::") {
			if k := strings.IndexByte(inner, '.'); k >= 0 {
				p.ID, p.Attr = inner[:k], inner[k+1:]
			}
		}
		parts = append(parts, p)
	}
	if lit.Len() > 0 {
		parts = append(parts, SubPart{Literal: lit.String()})
	}
	return parts
}

// IsSymbolic reports whether s contains at least one reference.
func IsSymbolic(s string) bool {
	for _, p := range ParseSub(s) {
		if p.IsRef() {
			return true
		}
	}
	return false
}

// SoleRef reports whether s is exactly one reference and nothing else ("${Bucket.Arn}"),
// returning it.
func SoleRef(s string) (SubPart, bool) {
	parts := ParseSub(s)
	if len(parts) == 1 && parts[0].IsRef() {
		return parts[0], true
	}
	return SubPart{}, false
}

// References returns the object IDs s refers to (pseudo parameters excluded), in order,
// without duplicates.
func References(s string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, p := range ParseSub(s) {
		if p.IsRef() && !strings.HasPrefix(p.ID, "AWS::") && !seen[p.ID] {
			seen[p.ID] = true
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Substitute replaces references for which value returns ok with the returned text and
// keeps the others symbolic. It returns the new string and whether it is now fully literal.
func Substitute(s string, value func(p SubPart) (string, bool)) (string, bool) {
	var b strings.Builder
	literal := true
	for _, p := range ParseSub(s) {
		if !p.IsRef() {
			b.WriteString(strings.ReplaceAll(p.Literal, "${", "${!"))
			continue
		}
		if v, ok := value(p); ok {
			b.WriteString(v)
			continue
		}
		literal = false
		if p.Attr != "" {
			b.WriteString(Att(p.ID, p.Attr))
		} else {
			b.WriteString(Ref(p.ID))
		}
	}
	out := b.String()
	if literal {
		// Fully literal: drop the Fn::Sub escapes.
		out = strings.ReplaceAll(out, "${!", "${")
	}
	return out, literal
}

// PartitionOf returns the partition of a Region name: "aws-cn" for cn-*, "aws-us-gov" for
// us-gov-*, "aws" otherwise (including "").
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// RegionOfAZ returns the Region of an Availability Zone name: "us-east-1a" -> "us-east-1",
// and of Local Zone names such as "us-west-2-lax-1a" -> "us-west-2"; "" for anything else
// (AZ IDs like "use1-az1", symbolic AZs, "").
func RegionOfAZ(az string) string {
	parts := strings.Split(az, "-")
	if len(parts) < 3 {
		return ""
	}
	last := parts[2]
	i := 0
	for i < len(last) && last[i] >= '0' && last[i] <= '9' {
		i++
	}
	if i == 0 || (i == len(last) && len(parts) == 3) {
		return ""
	}
	return parts[0] + "-" + parts[1] + "-" + last[:i]
}

// ServiceShortName returns the part of an endpoint service name after the Region:
// "com.amazonaws.us-east-1.ecr.dkr" -> "ecr.dkr"; "com.amazonaws.${AWS::Region}.sqs" ->
// "sqs"; "cn.com.amazonaws.cn-north-1.sqs" -> "sqs". Other names (endpoint services of
// MWAA or third parties) come back unchanged.
func ServiceShortName(service string) string {
	s := strings.TrimPrefix(service, "cn.")
	if strings.HasPrefix(s, "com.amazonaws.vpce.") {
		return service // a PrivateLink endpoint service, not an AWS service
	}
	for _, pfx := range []string{"com.amazonaws.", "aws.api."} {
		if strings.HasPrefix(s, pfx) {
			rest := s[len(pfx):]
			if strings.HasPrefix(rest, "${AWS::Region}.") {
				return rest[len("${AWS::Region}."):]
			}
			if k := strings.IndexByte(rest, '.'); k >= 0 {
				return rest[k+1:]
			}
		}
	}
	return service
}

// ServiceRegion returns the Region an endpoint service name names
// ("com.amazonaws.us-east-1.s3" and "cn.com.amazonaws.cn-north-1.sqs" give their Region);
// "" when it is symbolic, a PrivateLink service (com.amazonaws.vpce...) or not an AWS
// service name.
func ServiceRegion(service string) string {
	s := strings.TrimPrefix(service, "cn.")
	if !strings.HasPrefix(s, "com.amazonaws.") || strings.HasPrefix(s, "com.amazonaws.vpce.") {
		return ""
	}
	rest := s[len("com.amazonaws."):]
	k := strings.IndexByte(rest, '.')
	if k < 0 {
		return ""
	}
	if r := rest[:k]; RegionOfAZ(r+"a") == r {
		return r
	}
	return ""
}

// ServiceName returns the full endpoint service name of a short name in a Region
// ("sqs" in "us-east-1" -> "com.amazonaws.us-east-1.sqs"). An empty region gives the
// symbolic form with ${AWS::Region}.
func ServiceName(region, short string) string {
	if region == "" {
		region = "${AWS::Region}"
	}
	prefix := "com.amazonaws."
	if strings.HasPrefix(region, "cn-") {
		prefix = "cn.com.amazonaws."
	}
	return prefix + region + "." + short
}
