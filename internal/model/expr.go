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
//
// A reference names an object and, after the first dot, an attribute: "${Bucket.Arn}".
// Terraform model IDs are resource addresses, which hold dots themselves
// ("aws_s3_bucket.dags", "data.aws_iam_role.r", "module.net.aws_subnet.a[\"x.y\"]"). A
// CloudFormation logical ID is alphanumeric only, so a reference whose first segment
// contains "_" or is "module" or "data" is read as a Terraform address: the ID is the
// address ([module.NAME[KEY].]... [data.]TYPE.NAME[KEY], dots inside [...] belong to the key)
// and the attribute is the one segment after it, if any: "${aws_s3_bucket.dags.Arn}" is
// ID "aws_s3_bucket.dags", Attr "Arn"; "${aws_s3_bucket.dags}" is the bucket itself.
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
		if id, attr, ok := terraformRef(inner); ok {
			p.ID, p.Attr = id, attr
		} else if !strings.HasPrefix(inner, "AWS::") {
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

// terraformRef splits the inside of a reference into a Terraform resource address and the
// attribute after it (see ParseSub); ok is false when inner is not a Terraform address.
func terraformRef(inner string) (id, attr string, ok bool) {
	segs := addressSegments(inner)
	if len(segs) < 2 {
		return "", "", false
	}
	first := segs[0]
	if k := strings.IndexByte(first, '['); k >= 0 {
		first = first[:k]
	}
	if !strings.Contains(first, "_") && first != "module" && first != "data" {
		return "", "", false
	}
	i := 0
	for i+1 < len(segs) && segs[i] == "module" {
		i += 2 // module.NAME[KEY]
	}
	if i < len(segs) && segs[i] == "data" {
		i++
	}
	i += 2 // TYPE.NAME[KEY]
	if i > len(segs) {
		return "", "", false
	}
	id = strings.Join(segs[:i], ".")
	switch len(segs) - i {
	case 0:
		return id, "", true
	case 1:
		return id, segs[i], true
	}
	return id, strings.Join(segs[i:], "."), true
}

// addressSegments splits a Terraform address at the dots outside [...] (and outside the
// quoted keys within).
func addressSegments(s string) []string {
	var segs []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"' && depth > 0:
			quoted = !quoted
		case quoted:
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case c == '.' && depth == 0:
			segs = append(segs, s[start:i])
			start = i + 1
		}
	}
	return append(segs, s[start:])
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
