package cfnspec

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// checkRefs walks any value and checks the names used by Ref, Fn::GetAtt,
// Fn::Sub and Fn::If inside it.
func (v *validator) checkRefs(path string, val any) {
	switch x := val.(type) {
	case []any:
		for i, e := range x {
			v.checkRefs(path+"["+strconv.Itoa(i)+"]", e)
		}
		return
	case map[string]any:
	default:
		return
	}
	name, arg, ok := intrinsic(val)
	if !ok {
		m := val.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			v.checkRefs(path+"."+k, m[k])
		}
		return
	}
	ipath := path + "." + name
	switch name {
	case "Fn::FindInMap":
		if l, ok := arg.([]any); ok && len(l) > 0 {
			if m, ok := l[0].(string); ok && !v.mappings[m] && !v.open {
				v.add(ipath+"[0]", "unknown mapping %q%s", m, suggest(m, slices.Sorted(maps.Keys(v.mappings))))
			}
		}
	case "Ref":
		target, ok := arg.(string)
		if !ok {
			v.add(ipath, "expected the name of a resource or parameter, got %s", describe(arg))
			return
		}
		v.checkRefTarget(ipath, target)
		return
	case "Fn::GetAtt":
		res, attr, ok := getAttArgs(arg)
		if !ok {
			if l, isList := arg.([]any); isList && len(l) == 2 {
				if r, isStr := l[0].(string); isStr {
					v.checkGetAtt(ipath, r, "", false)
				}
				v.checkRefs(ipath+"[1]", l[1])
				return
			}
			v.add(ipath, "expected \"Resource.Attribute\" or [Resource, Attribute], got %s", describe(arg))
			return
		}
		v.checkGetAtt(ipath, res, attr, true)
		return
	case "Fn::Sub":
		v.checkSub(ipath, arg)
		return
	case "Fn::If":
		if l, ok := arg.([]any); ok && len(l) == 3 {
			if c, ok := l[0].(string); ok && !v.conditions[c] {
				v.add(ipath+"[0]", "unknown condition %q%s", c, suggest(c, slices.Sorted(maps.Keys(v.conditions))))
			}
			v.checkRefs(ipath+"[1]", l[1])
			v.checkRefs(ipath+"[2]", l[2])
		} else {
			v.add(ipath, "expected [Condition, ValueIfTrue, ValueIfFalse], got %s", describe(arg))
		}
		return
	}
	v.checkRefs(ipath, arg)
}

// checkCondition walks a condition of the Conditions section, where
// {"Condition": "Name"} refers to another condition.
func (v *validator) checkCondition(path string, val any) {
	if m, ok := val.(map[string]any); ok && len(m) == 1 {
		if c, ok := m["Condition"].(string); ok {
			if !v.conditions[c] {
				v.add(path+".Condition", "unknown condition %q%s", c, suggest(c, slices.Sorted(maps.Keys(v.conditions))))
			}
			return
		}
		for k, arg := range m {
			if k == "Fn::And" || k == "Fn::Or" || k == "Fn::Not" {
				if l, ok := arg.([]any); ok {
					for i, e := range l {
						v.checkCondition(fmt.Sprintf("%s.%s[%d]", path, k, i), e)
					}
					return
				}
			}
		}
	}
	v.checkRefs(path, val)
}

func (v *validator) checkRefTarget(path, target string) {
	if pseudoParameters[target] {
		return
	}
	if _, ok := v.resources[target]; ok {
		return
	}
	if _, ok := v.parameters[target]; ok {
		return
	}
	if v.open {
		return
	}
	v.add(path, "unknown resource or parameter %q%s", target, suggest(target, v.names()))
}

// names lists what Ref can name: resources, parameters, pseudo parameters.
func (v *validator) names() []string {
	var names []string
	names = append(names, slices.Sorted(maps.Keys(v.resources))...)
	names = append(names, slices.Sorted(maps.Keys(v.parameters))...)
	return append(names, slices.Sorted(maps.Keys(pseudoParameters))...)
}

// checkGetAtt checks that res is a resource of the template and, if
// hasAttr, that its type has the attribute.
func (v *validator) checkGetAtt(path, res, attr string, hasAttr bool) {
	if _, ok := v.resources[res]; !ok {
		if _, isParam := v.parameters[res]; isParam {
			v.add(path, "%q is a parameter; Fn::GetAtt needs a resource", res)
		} else if pseudoParameters[res] {
			v.add(path, "%q is a pseudo parameter; Fn::GetAtt needs a resource", res)
		} else if !v.open {
			v.add(path, "unknown resource %q%s", res, suggest(res, slices.Sorted(maps.Keys(v.resources))))
		}
		return
	}
	if !hasAttr {
		return
	}
	typeName := v.types[res]
	if isCustom(typeName) {
		return
	}
	if typeName == "AWS::CloudFormation::Stack" && strings.HasPrefix(attr, "Outputs.") {
		return
	}
	rt := v.spec.resources[typeName]
	if rt == nil {
		return // the unknown type is reported on the resource
	}
	if _, ok := rt.Attributes[attr]; ok {
		return
	}
	attrs := slices.Sorted(maps.Keys(rt.Attributes))
	if len(attrs) == 0 {
		v.add(path, "%s %q has no attributes for Fn::GetAtt", typeName, res)
		return
	}
	hint := suggest(attr, attrs)
	if hint == "" && len(attrs) <= 12 {
		hint = " (it has " + strings.Join(attrs, ", ") + ")"
	}
	v.add(path, "%s %q has no attribute %q%s", typeName, res, attr, hint)
}

// checkSub checks the ${Name} and ${Resource.Attribute} references of an
// Fn::Sub string; names defined in its variable map are local.
func (v *validator) checkSub(path string, arg any) {
	var text string
	vars := map[string]any{}
	switch x := arg.(type) {
	case string:
		text = x
	case []any:
		if len(x) != 2 {
			v.add(path, "expected a string or [String, {Variables}], got a list of %d", len(x))
			return
		}
		s, ok := x[0].(string)
		if !ok {
			v.add(path+"[0]", "expected string, got %s", describe(x[0]))
			return
		}
		text = s
		if m, ok := x[1].(map[string]any); ok {
			vars = m
			for _, k := range slices.Sorted(maps.Keys(m)) {
				v.checkRefs(path+"[1]."+k, m[k])
			}
		} else {
			v.add(path+"[1]", "expected an object of variables, got %s", describe(x[1]))
		}
	default:
		v.add(path, "expected a string or [String, {Variables}], got %s", describe(arg))
		return
	}
	for _, name := range subNames(text) {
		if _, ok := vars[name]; ok {
			continue
		}
		if res, attr, ok := strings.Cut(name, "."); ok {
			v.checkGetAtt(path, res, attr, true)
			continue
		}
		v.checkRefTarget(path, name)
	}
}

// subNames returns the variable names in an Fn::Sub string: ${Name} and
// ${Res.Attr}, but not the literal ${!Text}.
func subNames(s string) []string {
	var names []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return names
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return names
		}
		if !strings.HasPrefix(s, "!") {
			names = append(names, strings.TrimSpace(s[:j]))
		}
		s = s[j+1:]
	}
}

func (v *validator) checkDependsOn(self, path string, val any) {
	var targets []any
	switch x := val.(type) {
	case string:
		targets = []any{x}
	case []any:
		targets = x
	default:
		v.add(path, "expected a resource name or a list of them, got %s", describe(val))
		return
	}
	for i, t := range targets {
		p := path
		if _, isList := val.([]any); isList {
			p = fmt.Sprintf("%s[%d]", path, i)
		}
		name, ok := t.(string)
		switch {
		case !ok:
			v.add(p, "expected a resource name, got %s", describe(t))
		case name == self:
			v.add(p, "a resource cannot depend on itself")
		default:
			if _, ok := v.resources[name]; ok {
				continue
			}
			if _, isParam := v.parameters[name]; isParam {
				v.add(p, "%q is a parameter; DependsOn needs a resource", name)
			} else if !v.open {
				v.add(p, "unknown resource %q%s", name, suggest(name, slices.Sorted(maps.Keys(v.resources))))
			}
		}
	}
}
