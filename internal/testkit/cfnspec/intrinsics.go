package cfnspec

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// intrinsic reports whether val is an intrinsic function call: an object
// with exactly one key that is "Ref" or starts with "Fn::".
func intrinsic(val any) (name string, arg any, ok bool) {
	m, isMap := val.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, a, true
		}
	}
	return "", nil, false
}

func isNoValue(val any) bool {
	name, arg, ok := intrinsic(val)
	return ok && name == "Ref" && arg == "AWS::NoValue"
}

func isScalar(val any) bool {
	switch val.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

// number returns a numeric value as float64 and whether it is integral.
func number(val any) (float64, bool) {
	var f float64
	switch x := val.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		f = float64(x)
	case float64:
		f = x
	case json.Number:
		f, _ = x.Float64()
	}
	return f, f == math.Trunc(f) && !math.IsInf(f, 0)
}

// describe names a value's JSON type for messages, with short scalars
// quoted: string "yes", number 3, list, object.
func describe(val any) string {
	switch x := val.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:37] + "..."
		}
		return "string " + strconv.Quote(x)
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case []any:
		return "list"
	case map[string]any:
		if name, _, ok := intrinsic(x); ok {
			return name
		}
		return "object"
	case json.Number:
		return "number " + x.String()
	}
	switch val.(type) {
	case int, int64, int32, uint64, float32, float64:
		f, _ := number(val)
		return "number " + strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprintf("%T", val)
}

// result is what an intrinsic function is certain to return.
type result int

const (
	resultUnknown result = iota
	resultString
	resultList
)

// checkIntrinsicResult checks an intrinsic function standing where a value
// of type t is expected. Only certain result types are held against t.
func (v *validator) checkIntrinsicResult(path string, t *Type, name string, arg any) {
	if name == "Fn::If" {
		if branches, ok := arg.([]any); ok && len(branches) == 3 {
			for i, b := range branches[1:] {
				if !isNoValue(b) {
					v.checkValue(fmt.Sprintf("%s.Fn::If[%d]", path, i+1), t, b)
				}
			}
		}
		return
	}
	got, what := v.intrinsicResult(name, arg)
	if got == resultUnknown || fits(t, got) {
		return
	}
	v.add(path, "expected %s, got %s", t, what)
}

func (v *validator) intrinsicResult(name string, arg any) (result, string) {
	switch name {
	case "Fn::Join", "Fn::Sub", "Fn::Base64":
		return resultString, name + " (a string)"
	case "Fn::GetAZs", "Fn::Split", "Fn::Cidr":
		return resultList, name + " (a list)"
	case "Ref":
		target, _ := arg.(string)
		if _, ok := v.resources[target]; ok {
			return resultString, fmt.Sprintf("Ref %s (a string)", target)
		}
		if pt, ok := v.parameters[target]; ok {
			if isListParameter(pt) {
				return resultList, fmt.Sprintf("Ref %s (a %s parameter)", target, pt)
			}
			if pt != "" {
				return resultString, fmt.Sprintf("Ref %s (a %s parameter)", target, pt)
			}
		}
		if target == "AWS::NotificationARNs" {
			return resultList, "Ref AWS::NotificationARNs (a list)"
		}
		if pseudoParameters[target] && target != "AWS::NoValue" {
			return resultString, fmt.Sprintf("Ref %s (a string)", target)
		}
	case "Fn::GetAtt":
		res, attr, ok := getAttArgs(arg)
		if !ok {
			return resultUnknown, ""
		}
		rt := v.spec.resources[v.types[res]]
		if rt == nil {
			return resultUnknown, ""
		}
		at := rt.Attributes[attr]
		if at == nil {
			return resultUnknown, ""
		}
		switch at.Kind {
		case KindList:
			return resultList, fmt.Sprintf("Fn::GetAtt %s.%s (a list)", res, attr)
		case KindString:
			return resultString, fmt.Sprintf("Fn::GetAtt %s.%s (a string)", res, attr)
		}
	}
	return resultUnknown, ""
}

// fits reports whether a value certain to be of result r can stand where
// t is expected. Strings stand for numbers and booleans, as in
// CloudFormation; JSON accepts strings.
func fits(t *Type, r result) bool {
	switch t.Kind {
	case KindUnion:
		for _, a := range t.Alts {
			if fits(a, r) {
				return true
			}
		}
		return false
	case KindList:
		return r == resultList
	case KindMap, KindStruct, KindTag:
		return false
	case KindJSON:
		return r == resultString
	default:
		return r == resultString
	}
}

func isListParameter(t string) bool {
	return t == "CommaDelimitedList" || strings.HasPrefix(t, "List<") ||
		strings.HasPrefix(t, "AWS::SSM::Parameter::Value<List<") ||
		t == "AWS::SSM::Parameter::Value<CommaDelimitedList>"
}

// getAttArgs splits the argument of Fn::GetAtt: ["Res", "Attr"] or
// "Res.Attr". ok is false if either part is not a literal string.
func getAttArgs(arg any) (res, attr string, ok bool) {
	switch x := arg.(type) {
	case string:
		res, attr, ok = strings.Cut(x, ".")
		return res, attr, ok
	case []any:
		if len(x) != 2 {
			return "", "", false
		}
		res, ok1 := x[0].(string)
		attr, ok2 := x[1].(string)
		return res, attr, ok1 && ok2
	}
	return "", "", false
}
