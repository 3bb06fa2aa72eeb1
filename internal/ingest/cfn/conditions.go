package cfn

import (
	"go.yaml.in/yaml/v3"
)

// condition evaluates a named condition of the Conditions section (cached, cycles rejected).
func (ev *evaluator) condition(name string, p Pos, depth int) (tri, error) {
	if c, ok := ev.conds[name]; ok {
		return c, nil
	}
	n, ok := ev.t.conditions[name]
	if !ok {
		return tri{}, errAt(p, "condition %q: expected the name of a condition defined in Conditions", name)
	}
	if ev.condActive[name] {
		return tri{}, errAt(ev.pos(n), "condition %s refers to itself", name)
	}
	ev.condActive[name] = true
	c, err := ev.condNode(n, depth+1)
	delete(ev.condActive, name)
	if err != nil {
		return tri{}, err
	}
	if !c.known {
		c.reason = "condition " + name + ": " + c.reason
	}
	ev.conds[name] = c
	return c, nil
}

func (ev *evaluator) condNode(n *yaml.Node, depth int) (tri, error) {
	if depth > maxDepth {
		return tri{}, errAt(ev.pos(n), "nesting deeper than %d levels", maxDepth)
	}
	fn, arg, err := ev.intrinsic(n, true)
	if err != nil {
		return tri{}, err
	}
	switch fn {
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		return ev.condCall(fn, arg, ev.pos(n), depth+1)
	}
	v, err := ev.eval(n, depth+1)
	if err != nil {
		return tri{}, err
	}
	return boolOf(v, ev.pos(n))
}

func boolOf(v Value, p Pos) (tri, error) {
	if b, ok := v.Bool(); ok {
		return tri{known: true, value: b}, nil
	}
	if v.Kind == KindScalar || v.Kind == KindList || v.Kind == KindMap || v.Kind == KindNull {
		return tri{}, errAt(p, "expected a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition) or true/false, got %s", v.Excerpt())
	}
	if v.Kind == KindUnknown {
		return tri{reason: v.Reason}, nil
	}
	return tri{reason: v.Excerpt() + " is not known statically"}, nil
}

func (ev *evaluator) condCall(fn string, arg *yaml.Node, p Pos, depth int) (tri, error) {
	switch fn {
	case "Condition":
		if arg.Kind != yaml.ScalarNode || isTagged(arg) {
			return tri{}, errAt(p, "Condition: expected the name of a condition")
		}
		return ev.condition(arg.Value, p, depth)
	case "Fn::Equals":
		a, err := seqArgs(ev, fn, arg, p, 2, 2, "[value, value]")
		if err != nil {
			return tri{}, err
		}
		x, err := ev.eval(a[0], depth)
		if err != nil {
			return tri{}, err
		}
		y, err := ev.eval(a[1], depth)
		if err != nil {
			return tri{}, err
		}
		if x.Known() && y.Known() {
			return tri{known: true, value: x.Describe() == y.Describe()}, nil
		}
		if x.Kind == KindSymbol && y.Kind == KindSymbol && x.Str == y.Str {
			return tri{known: true, value: true}, nil
		}
		why := x
		if x.Known() {
			why = y
		}
		if why.Kind == KindUnknown {
			return tri{reason: why.Reason}, nil
		}
		return tri{reason: "Fn::Equals on " + why.Excerpt() + ", which is not known statically"}, nil
	case "Fn::Not":
		a, err := seqArgs(ev, fn, arg, p, 1, 1, "[condition]")
		if err != nil {
			return tri{}, err
		}
		c, err := ev.condNode(a[0], depth)
		if err != nil || !c.known {
			return c, err
		}
		return tri{known: true, value: !c.value}, nil
	case "Fn::And", "Fn::Or":
		a, err := seqArgs(ev, fn, arg, p, 2, 10, "a list of 2 to 10 conditions")
		if err != nil {
			return tri{}, err
		}
		isAnd := fn == "Fn::And"
		var firstUnknown *tri
		for _, c := range a {
			t, err := ev.condNode(c, depth)
			if err != nil {
				return tri{}, err
			}
			if !t.known {
				if firstUnknown == nil {
					firstUnknown = &t
				}
				continue
			}
			if t.value != isAnd { // a false in And, a true in Or decides
				return tri{known: true, value: t.value}, nil
			}
		}
		if firstUnknown != nil {
			return *firstUnknown, nil
		}
		return tri{known: true, value: isAnd}, nil
	}
	return tri{}, errAt(p, "%s: expected a condition function", fn)
}
