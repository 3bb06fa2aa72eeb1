package tfconfig

import (
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// lookupFunc is Terraform's lookup: go-cty's, except that the default may be null
// (Terraform declares it AllowNull; modules write lookup(m, "k", null)). With a null
// default, the key's value when the map or object has it, else that null.
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true, AllowDynamicType: true},
		{Name: "key", Type: cty.String, AllowMarked: true, AllowUnknown: true},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType, AllowNull: true, AllowMarked: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if len(args) > 3 {
			return cty.NilVal, function.NewArgErrorf(3, "lookup takes at most three arguments")
		}
		if len(args) < 3 || !args[2].IsNull() {
			return stdlib.LookupFunc.Call(args)
		}
		m, key := args[0], args[1]
		if !m.IsKnown() || !key.IsKnown() {
			return cty.DynamicVal, nil
		}
		um, marks := m.Unmark()
		uk, _ := key.Unmark()
		k := uk.AsString()
		switch ty := um.Type(); {
		case um.IsNull():
		case ty.IsObjectType():
			if ty.HasAttribute(k) {
				return um.GetAttr(k).WithMarks(marks), nil
			}
		case ty.IsMapType():
			if !um.IsWhollyKnown() {
				return cty.DynamicVal, nil
			}
			if um.HasIndex(uk).True() {
				return um.Index(uk).WithMarks(marks), nil
			}
		default:
			return cty.NilVal, function.NewArgErrorf(0, "lookup() requires a map as the first argument")
		}
		return args[2], nil
	},
})
