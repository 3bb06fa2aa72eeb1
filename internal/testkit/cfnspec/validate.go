package cfnspec

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Problem is one way a template does not fit the specification.
type Problem struct {
	// Resource is the logical ID of the resource the problem is in, or ""
	// for problems outside Resources (Outputs, a missing section).
	Resource string
	// Path locates the offending value with dots and list indexes, e.g.
	// Resources.Vpc.Properties.Tags[0].Key. For a missing required
	// property it names the property that is missing.
	Path string
	// Message says what is wrong and, where it can, what was expected.
	Message string
}

// String returns "Path: Message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// Error makes a Problem usable as an error.
func (p Problem) Error() string { return p.String() }

// pseudoParameters are the names Ref accepts without a declaration.
var pseudoParameters = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true,
	"AWS::Partition": true, "AWS::Region": true, "AWS::StackId": true,
	"AWS::StackName": true, "AWS::URLSuffix": true,
}

// resourceKeys are the keys a resource entry may have besides Type.
var resourceKeys = []string{"Condition", "CreationPolicy", "DeletionPolicy", "DependsOn",
	"Metadata", "Properties", "Type", "UpdatePolicy", "UpdateReplacePolicy", "Version"}

// sections are the top-level keys of a template.
var sections = []string{"AWSTemplateFormatVersion", "Conditions", "Description", "Hooks",
	"Mappings", "Metadata", "Outputs", "Parameters", "Resources", "Rules", "Transform"}

var deletionPolicies = []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}

// validator holds one run over one template.
type validator struct {
	spec       *Spec
	resources  map[string]any // logical ID -> resource entry
	types      map[string]string
	parameters map[string]string // name -> parameter Type
	conditions map[string]bool
	mappings   map[string]bool
	// open is set when the template uses a Transform: macros may add
	// resources, so references to undeclared names are not reported.
	open     bool
	resource string // logical ID being checked
	problems []Problem
}

// Validate checks a decoded template against the specification and returns
// its problems in a stable order (resources by logical ID, then Outputs);
// an empty result means the template is valid as far as the specification
// can tell.
//
// What it checks: the Resources section exists; each resource has a known
// Type and only known resource keys (Properties, DependsOn, ...); every
// property at every nesting level is known to the type and has the expected
// shape and primitive type; required properties are present; enum values
// are allowed; Ref, Fn::GetAtt, Fn::Sub and DependsOn name declared
// resources, parameters or pseudo parameters; Fn::GetAtt attributes exist
// on the target's type; Fn::If and resource Condition name declared
// conditions.
//
// Values are accepted the way CloudFormation accepts them: numbers and
// booleans where a string is expected, numeric strings where a number is,
// "true"/"false" where a boolean is, and a string where JSON is. Intrinsic
// functions stand for a value of any type, except where the result type is
// certain: Fn::Join, Fn::Sub and Fn::Base64 make strings, Fn::GetAZs,
// Fn::Split and Fn::Cidr make lists, a Ref to a resource makes a string, a
// Ref to a parameter has the parameter's type, and Fn::GetAtt has the
// attribute's type. Both branches of Fn::If are checked.
//
// Resources of type Custom::* and AWS::CloudFormation::CustomResource take
// any properties besides ServiceToken and return any attribute, as do
// Outputs.* attributes of AWS::CloudFormation::Stack. Types that need a
// transform (AWS::Serverless::*) are reported when the template does not
// declare it.
func (s *Spec) Validate(template map[string]any) []Problem {
	v := &validator{
		spec:       s,
		resources:  map[string]any{},
		types:      map[string]string{},
		parameters: map[string]string{},
		conditions: map[string]bool{},
		mappings:   map[string]bool{},
	}
	_, v.open = template["Transform"]
	for _, k := range slices.Sorted(maps.Keys(template)) {
		if !contains(sections, k) {
			v.add(k, "unknown template section %q%s", k, suggest(k, sections))
		}
	}
	if maps, ok := template["Mappings"].(map[string]any); ok {
		for name := range maps {
			v.mappings[name] = true
		}
	}
	if params, ok := template["Parameters"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(params)) {
			t, ok := asMap(params[name])["Type"].(string)
			if !ok {
				v.add("Parameters."+name+".Type", "required property missing")
			}
			v.parameters[name] = t
		}
	}
	if conds, ok := template["Conditions"].(map[string]any); ok {
		for name := range conds {
			v.conditions[name] = true
		}
	}
	raw, ok := template["Resources"]
	if !ok {
		v.add("Resources", "required section missing")
		return v.problems
	}
	resources, ok := raw.(map[string]any)
	if !ok {
		v.add("Resources", "expected an object of resources, got %s", describe(raw))
		return v.problems
	}
	if len(resources) == 0 {
		v.add("Resources", "at least one resource is required")
	}
	v.resources = resources
	for id, r := range resources {
		if t, ok := asMap(r)["Type"].(string); ok {
			v.types[id] = t
		}
	}
	for _, id := range slices.Sorted(maps.Keys(resources)) {
		if v.open && strings.HasPrefix(id, "Fn::ForEach::") {
			continue // AWS::LanguageExtensions expands these
		}
		v.resource = id
		v.checkResource(id, resources[id])
	}
	v.resource = ""
	if outs, ok := template["Outputs"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(outs)) {
			v.checkOutput("Outputs."+name, outs[name])
		}
	}
	if conds, ok := template["Conditions"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(conds)) {
			v.checkCondition("Conditions."+name, conds[name])
		}
	}
	return v.problems
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Resource: v.resource, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) checkResource(id string, r any) {
	path := "Resources." + id
	res, ok := r.(map[string]any)
	if !ok {
		v.add(path, "expected an object with Type and Properties, got %s", describe(r))
		return
	}
	for _, k := range slices.Sorted(maps.Keys(res)) {
		if !contains(resourceKeys, k) {
			v.add(path+"."+k, "unknown resource attribute %q%s", k, suggest(k, resourceKeys))
		}
	}
	typeName, ok := res["Type"].(string)
	var rt *ResourceType
	switch {
	case res["Type"] == nil:
		v.add(path+".Type", "required property missing")
	case !ok:
		v.add(path+".Type", "expected string, got %s", describe(res["Type"]))
	case isCustom(typeName):
		rt = v.spec.resources["AWS::CloudFormation::CustomResource"]
	default:
		rt = v.spec.resources[typeName]
		if rt == nil {
			v.add(path+".Type", "unknown resource type %q%s", typeName, suggest(typeName, v.spec.names))
		} else if rt.Transform != "" && !v.hasTransform() {
			v.add(path+".Type", "%s needs \"Transform: %s\" in the template", typeName, rt.Transform)
		}
	}
	if c, ok := res["Condition"]; ok {
		if name, ok := c.(string); !ok {
			v.add(path+".Condition", "expected a condition name, got %s", describe(c))
		} else if !v.conditions[name] {
			v.add(path+".Condition", "unknown condition %q%s", name, suggest(name, slices.Sorted(maps.Keys(v.conditions))))
		}
	}
	if dp, ok := res["DeletionPolicy"]; ok {
		v.checkPolicy(path+".DeletionPolicy", dp)
	}
	if dp, ok := res["UpdateReplacePolicy"]; ok {
		v.checkPolicy(path+".UpdateReplacePolicy", dp)
	}
	if d, ok := res["DependsOn"]; ok {
		v.checkDependsOn(id, path+".DependsOn", d)
	}
	props, hasProps := res["Properties"]
	if hasProps {
		v.checkRefs(path+".Properties", props)
	}
	if md, ok := res["Metadata"]; ok {
		v.checkRefs(path+".Metadata", md)
	}
	if rt == nil {
		return
	}
	if !hasProps {
		v.checkStruct(path+".Properties", rt.Properties, map[string]any{}, isCustom(typeName))
		return
	}
	v.checkProperties(path+".Properties", rt, props, isCustom(typeName))
}

// checkProperties checks a resource's Properties value, which may itself
// be an Fn::If choosing between property sets.
func (v *validator) checkProperties(path string, rt *ResourceType, props any, open bool) {
	if name, arg, ok := intrinsic(props); ok {
		if name != "Fn::If" {
			return // Fn::Transform and the like: nothing to check here
		}
		if branches, ok := arg.([]any); ok && len(branches) == 3 {
			for i, b := range branches[1:] {
				if !isNoValue(b) {
					v.checkProperties(fmt.Sprintf("%s.Fn::If[%d]", path, i+1), rt, b, open)
				}
			}
		}
		return
	}
	m, ok := props.(map[string]any)
	if !ok {
		v.add(path, "expected an object of properties, got %s", describe(props))
		return
	}
	v.checkStruct(path, rt.Properties, m, open)
}

// checkOutput checks an entry of Outputs: it needs a Value, and its
// Condition must be declared.
func (v *validator) checkOutput(path string, out any) {
	m, ok := out.(map[string]any)
	if !ok {
		v.add(path, "expected an object with Value, got %s", describe(out))
		return
	}
	if _, ok := m["Value"]; !ok {
		v.add(path+".Value", "required property missing")
	}
	if c, ok := m["Condition"].(string); ok && !v.conditions[c] {
		v.add(path+".Condition", "unknown condition %q%s", c, suggest(c, slices.Sorted(maps.Keys(v.conditions))))
	}
	v.checkRefs(path, m)
}

func (v *validator) checkPolicy(path string, val any) {
	if _, _, ok := intrinsic(val); ok {
		return
	}
	s, ok := val.(string)
	if !ok {
		v.add(path, "expected string, got %s", describe(val))
	} else if !contains(deletionPolicies, s) {
		v.add(path, "%q is not one of %s", s, strings.Join(deletionPolicies, ", "))
	}
}

func (v *validator) hasTransform() bool { return v.open }

func isCustom(typeName string) bool {
	return strings.HasPrefix(typeName, "Custom::") || typeName == "AWS::CloudFormation::CustomResource"
}

// checkStruct checks an object against a set of properties. open accepts
// properties the set does not name (custom resources).
func (v *validator) checkStruct(path string, props map[string]*Property, m map[string]any, open bool) {
	var names []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p, ok := props[k]
		if !ok {
			if !open {
				if names == nil {
					names = slices.Sorted(maps.Keys(props))
				}
				v.add(path+"."+k, "unknown property %q%s", k, suggest(k, names))
			}
			continue
		}
		v.checkProperty(path+"."+k, p, m[k])
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if props[name].Required {
			if _, ok := m[name]; !ok {
				v.add(path+"."+name, "required property missing")
			}
		}
	}
}

// checkProperty checks one property value, accepting it if it fits the
// current type or any earlier type of the property.
func (v *validator) checkProperty(path string, p *Property, val any) {
	if len(p.Previous) == 0 {
		v.checkValue(path, p.Type, val)
		return
	}
	got := v.try(path, p.Type, val)
	if len(got) == 0 {
		return
	}
	for _, t := range p.Previous {
		if len(v.try(path, t, val)) == 0 {
			return
		}
	}
	v.problems = append(v.problems, got...)
}

// try checks val against t and returns the problems instead of keeping them.
func (v *validator) try(path string, t *Type, val any) []Problem {
	saved := v.problems
	v.problems = nil
	v.checkValue(path, t, val)
	got := v.problems
	v.problems = saved
	return got
}

func (v *validator) checkValue(path string, t *Type, val any) {
	if name, arg, ok := intrinsic(val); ok {
		v.checkIntrinsicResult(path, t, name, arg)
		return
	}
	switch t.Kind {
	case KindUnion:
		// Report the alternative that came closest; if every one of them
		// failed at this level, say what would have been accepted.
		var best []Problem
		shallow := true
		for i, a := range t.Alts {
			got := v.try(path, a, val)
			if len(got) == 0 {
				return
			}
			if i == 0 || len(got) < len(best) {
				best = got
			}
			shallow = shallow && len(got) == 1 && got[0].Path == path
		}
		if shallow {
			v.add(path, "expected %s, got %s", t, describe(val))
			return
		}
		v.problems = append(v.problems, best...)
	case KindList:
		l, ok := val.([]any)
		if !ok {
			v.add(path, "expected %s, got %s", t, describe(val))
			return
		}
		for i, e := range l {
			if isNoValue(e) {
				continue
			}
			v.checkValue(path+"["+strconv.Itoa(i)+"]", t.Elem, e)
		}
	case KindMap:
		m, ok := val.(map[string]any)
		if !ok {
			v.add(path, "expected %s, got %s", t, describe(val))
			return
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			v.checkValue(path+"."+k, t.Elem, m[k])
		}
	case KindStruct:
		m, ok := val.(map[string]any)
		if !ok {
			v.add(path, "expected %s, got %s", t, describe(val))
			return
		}
		v.checkStruct(path, t.Def.Properties, m, false)
	case KindTag:
		m, ok := val.(map[string]any)
		if !ok {
			v.add(path, "expected tag {Key, Value}, got %s", describe(val))
			return
		}
		v.checkStruct(path, tagProperties, m, false)
	case KindJSON:
		switch val.(type) {
		case map[string]any, string:
		default:
			v.add(path, "expected JSON object or string, got %s", describe(val))
		}
	default:
		v.checkScalar(path, t, val)
	}
}

var tagProperties = map[string]*Property{
	"Key":   {Name: "Key", Type: &Type{Kind: KindString}, Required: true},
	"Value": {Name: "Value", Type: &Type{Kind: KindString}, Required: true},
}

func (v *validator) checkScalar(path string, t *Type, val any) {
	if !isScalar(val) || val == nil {
		v.add(path, "expected %s, got %s", t.Kind, describe(val))
		return
	}
	var text string // the value as CloudFormation would see it
	ok := true
	switch x := val.(type) {
	case string:
		text = x
		switch t.Kind {
		case KindInteger:
			_, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			ok = err == nil
		case KindNumber:
			_, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			ok = err == nil
		case KindBoolean:
			ok = strings.EqualFold(x, "true") || strings.EqualFold(x, "false")
		}
	case bool:
		text = strconv.FormatBool(x)
		ok = t.Kind == KindString || t.Kind == KindBoolean
	default:
		f, isInt := number(val)
		text = strconv.FormatFloat(f, 'f', -1, 64)
		switch t.Kind {
		case KindInteger:
			ok = isInt
		case KindBoolean, KindTimestamp:
			ok = false
		}
	}
	if !ok {
		v.add(path, "expected %s, got %s", t.Kind, describe(val))
		return
	}
	if len(t.Enum) > 0 && !contains(t.Enum, text) {
		v.add(path, "%q is not one of %s", text, strings.Join(t.Enum, ", "))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
