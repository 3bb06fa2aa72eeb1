package cfn

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
)

// tri is a condition's value: true, false or unknown.
type tri struct {
	known  bool
	value  bool
	reason string // why unknown
}

// evaluator evaluates intrinsics of one template.
type evaluator struct {
	r          *reader
	t          *template
	conds      map[string]tri
	condActive map[string]bool
	params     map[string]Value
	propActive map[propKey]bool
	props      map[propKey]cachedProp // properties read through attrFromProperty
	fz         freezer                // for props
}

func newEvaluator(r *reader, t *template) *evaluator {
	return &evaluator{r: r, t: t, conds: map[string]tri{}, condActive: map[string]bool{}, params: map[string]Value{}, propActive: map[propKey]bool{}, props: map[propKey]cachedProp{}}
}

func (ev *evaluator) pos(n *yaml.Node) Pos { return nodePos(ev.t.file, n) }

// intrinsic returns the function name and argument node if n is an intrinsic call, in the
// short (!Ref x) or long ({Ref: x}) form. inCondition also accepts {Condition: name}.
func (ev *evaluator) intrinsic(n *yaml.Node, inCondition bool) (string, *yaml.Node, error) {
	if isTagged(n) {
		name := n.Tag[1:]
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		if !knownFunctions[name] {
			return "", nil, errAt(ev.pos(n), "unknown tag %s: expected an intrinsic function tag such as !Ref, !Sub or !GetAtt", n.Tag)
		}
		arg := *n
		switch n.Kind {
		case yaml.ScalarNode:
			arg.Tag = "!!str"
		case yaml.SequenceNode:
			arg.Tag = "!!seq"
		case yaml.MappingNode:
			arg.Tag = "!!map"
		}
		return name, &arg, nil
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		if k == "Ref" || strings.HasPrefix(k, "Fn::") || (inCondition && k == "Condition") {
			if !knownFunctions[k] {
				return "", nil, errAt(ev.pos(n.Content[0]), "unknown intrinsic function %s: expected one of Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, ...", k)
			}
			return k, n.Content[1], nil
		}
	}
	return "", nil, nil
}

var knownFunctions = map[string]bool{
	"Ref": true, "Condition": true, "Fn::GetAtt": true, "Fn::Sub": true, "Fn::Join": true,
	"Fn::Select": true, "Fn::Split": true, "Fn::GetAZs": true, "Fn::If": true, "Fn::Equals": true,
	"Fn::And": true, "Fn::Or": true, "Fn::Not": true, "Fn::FindInMap": true, "Fn::Cidr": true,
	"Fn::Base64": true, "Fn::ImportValue": true,
	// Real functions the reader does not evaluate: their result is unknown.
	"Fn::Transform": true, "Fn::Length": true, "Fn::ToJsonString": true, "Fn::ForEach": true,
	"Fn::GetParam": true,
}

// eval evaluates a node to a Value.
func (ev *evaluator) eval(n *yaml.Node, depth int) (Value, error) {
	if depth > maxDepth {
		return Value{}, errAt(ev.pos(n), "nesting deeper than %d levels", maxDepth)
	}
	fn, arg, err := ev.intrinsic(n, false)
	if err != nil {
		return Value{}, err
	}
	if fn != "" {
		return ev.call(fn, arg, n, depth+1)
	}
	p := ev.pos(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return Value{Kind: KindNull, at: atOf(p)}, nil
		}
		return Value{Kind: KindScalar, Str: n.Value, Tag: n.Tag, at: atOf(p)}, nil
	case yaml.SequenceNode:
		v := Value{Kind: KindList, at: atOf(p), Items: make([]Value, 0, len(n.Content))}
		for _, c := range n.Content {
			it, err := ev.eval(c, depth+1)
			if err != nil {
				return Value{}, err
			}
			if it.Kind == KindNoValue {
				continue
			}
			v.Items = append(v.Items, it)
		}
		return v, nil
	case yaml.MappingNode:
		v := Value{Kind: KindMap, at: atOf(p), Fields: make([]Field, 0, len(n.Content)/2)}
		var idx map[string]int // for large mappings; small ones are searched linearly
		if len(n.Content) > 32 {
			idx = make(map[string]int, len(n.Content)/2)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			fv, err := ev.eval(n.Content[i+1], depth+1)
			if err != nil {
				return Value{}, err
			}
			f := Field{Key: k.Value, keyAt: atOf(ev.pos(k)), Value: fv}
			dup := -1 // the last definition wins
			if idx != nil {
				if j, ok := idx[f.Key]; ok {
					dup = j
				} else {
					idx[f.Key] = len(v.Fields)
				}
			} else {
				for j := range v.Fields {
					if v.Fields[j].Key == f.Key {
						dup = j
						break
					}
				}
			}
			if dup >= 0 {
				v.Fields[dup] = f
			} else {
				v.Fields = append(v.Fields, f)
			}
		}
		return v, nil
	}
	return Value{}, errAt(p, "unexpected YAML node")
}

func (ev *evaluator) call(fn string, arg, n *yaml.Node, depth int) (Value, error) {
	p := ev.pos(n)
	switch fn {
	case "Ref":
		if arg.Kind != yaml.ScalarNode || isTagged(arg) {
			return Value{}, errAt(p, "Ref: expected the name of a parameter, pseudo parameter or resource")
		}
		return ev.ref(arg.Value, p)
	case "Fn::GetAtt":
		return ev.getAtt(arg, p, depth)
	case "Fn::Sub":
		return ev.sub(arg, p, depth)
	case "Fn::Join":
		return ev.join(arg, p, depth)
	case "Fn::Select":
		return ev.selectFn(arg, p, depth)
	case "Fn::Split":
		return ev.split(arg, p, depth)
	case "Fn::GetAZs":
		rv, err := ev.eval(arg, depth)
		if err != nil {
			return Value{}, err
		}
		region, ok := rv.String()
		if rv.Kind == KindNull {
			region, ok = "", true
		}
		if !ok {
			return unknown(p, "Fn::GetAZs of a Region that is not known statically"), nil
		}
		if region == "" {
			region = ev.r.region()
		}
		return Value{Kind: KindUnknown, at: atOf(p), Str: region,
			Reason: fmt.Sprintf("the Availability Zones of %s are known only at deploy time", region)}, nil
	case "Fn::If":
		return ev.ifFn(arg, p, depth)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		c, err := ev.condCall(fn, arg, p, depth)
		if err != nil {
			return Value{}, err
		}
		if !c.known {
			return unknown(p, "%s", c.reason), nil
		}
		return Value{Kind: KindScalar, Str: strconv.FormatBool(c.value), Tag: "!!bool", at: atOf(p)}, nil
	case "Fn::FindInMap":
		return ev.findInMap(arg, p, depth)
	case "Fn::Cidr":
		return ev.cidr(arg, p, depth)
	case "Fn::Base64":
		v, err := ev.eval(arg, depth)
		if err != nil {
			return Value{}, err
		}
		if s, ok := v.String(); ok {
			return limited(str(base64.StdEncoding.EncodeToString([]byte(s)), p))
		}
		return unknown(p, "Fn::Base64 of a value that is not known statically"), nil
	case "Fn::ImportValue":
		v, err := ev.eval(arg, depth)
		if err != nil {
			return Value{}, err
		}
		name, ok := v.String()
		if !ok {
			return unknown(p, "Fn::ImportValue of an export name that is not known statically (%s)", v.Excerpt()), nil
		}
		return ev.r.importValue(name, p)
	}
	return unknown(p, "%s is not evaluated by mwaanet", fn), nil
}

func seqArgs(ev *evaluator, fn string, arg *yaml.Node, p Pos, min, max int, want string) ([]*yaml.Node, error) {
	if arg.Kind != yaml.SequenceNode || len(arg.Content) < min || len(arg.Content) > max {
		return nil, errAt(p, "%s: expected %s", fn, want)
	}
	return arg.Content, nil
}

func (ev *evaluator) ref(name string, p Pos) (Value, error) {
	if v, ok, err := ev.pseudo(name, p); ok || err != nil {
		return v, err
	}
	if _, ok := ev.t.params[name]; ok {
		v, err := ev.param(name)
		v.at = atOf(p)
		return v, err
	}
	if r := ev.t.resources.get(name); r != nil {
		return ev.resourceRef(r, "", p)
	}
	return Value{}, errAt(p, "Ref %s: expected the name of a parameter, pseudo parameter or resource of %s", name, ev.t.file)
}

func (ev *evaluator) resourceRef(r *resource, attr string, p Pos) (Value, error) {
	if err := ev.t.parseResource(r); err != nil {
		return Value{}, err
	}
	if r.condition() != "" {
		c, err := ev.condition(r.condition(), r.condPos().source(), 0)
		if err != nil {
			return Value{}, err
		}
		if c.known && !c.value {
			return unknown(p, "resource %s is not created (its condition %s is false)", r.id, r.condition()), nil
		}
	}
	if prop, ok := attrFromProperty[r.typName()+"."+attr]; ok && r.props() != nil {
		if v, ok, err := ev.property(r, prop); err != nil || ok {
			v.at = atOf(p)
			return v, err
		}
	}
	return Value{Kind: KindRef, at: atOf(p), Ref: &ResourceRef{File: ev.t.file, LogicalID: r.id, Attr: attr}}, nil
}

// attrFromProperty lists attributes that are, by definition, one of the resource's own
// properties: !GetAtt Vpc.CidrBlock is the VPC's CidrBlock. They resolve to that property's
// value when it is known or symbolic, so !Cidr [!GetAtt Vpc.CidrBlock, ...] is computed.
var attrFromProperty = map[string]string{
	"AWS::EC2::VPC.CidrBlock":           "CidrBlock",
	"AWS::EC2::Subnet.CidrBlock":        "CidrBlock",
	"AWS::EC2::Subnet.AvailabilityZone": "AvailabilityZone",
	"AWS::EC2::Subnet.VpcId":            "VpcId",
	"AWS::EC2::SecurityGroup.VpcId":     "VpcId",
}

// propertyAttrs lists, by resource type, the properties attrFromProperty reads.
var propertyAttrs = func() map[string][]string {
	m := map[string][]string{}
	for ta, prop := range attrFromProperty {
		typ := ta[:strings.LastIndexByte(ta, '.')]
		if !slices.Contains(m[typ], prop) {
			m[typ] = append(m[typ], prop)
		}
	}
	return m
}()

// property evaluates one property of another resource (for attrFromProperty), refusing
// cycles. ok is false when the property is absent or not known statically.
func (ev *evaluator) property(r *resource, key string) (Value, bool, error) {
	k := propKey{r, key}
	if c, ok := ev.props[k]; ok {
		return ev.fz.thaw(c.v), c.ok, nil
	}
	if v, ok, found := ev.keptProperty(r, key); found {
		return v, ok, nil
	}
	_, n := lookup(r.props(), key)
	if n == nil {
		return Value{}, false, nil
	}
	if ev.propActive[k] || len(ev.propActive) > maxDepth {
		return Value{}, false, nil
	}
	ev.propActive[k] = true
	v, err := ev.eval(n, 0)
	delete(ev.propActive, k)
	if err != nil {
		return Value{}, false, err
	}
	ok := v.Kind == KindScalar || v.Kind == KindRef || v.Kind == KindSymbol
	ev.props[k] = cachedProp{ev.fz.freeze(v), ok}
	return v, ok, nil
}

// propKey names a property of a resource.
type propKey struct {
	r   *resource
	key string
}

// cachedProp is a property's value, frozen (frozen.go: they are kept for the whole read).
type cachedProp struct {
	v  []byte
	ok bool
}

// keepProperties keeps, once a resource is evaluated (props is its evaluated Properties),
// the values of the properties a later !GetAtt can read (attrFromProperty) that no
// !GetAtt has read yet, as property would compute them: so the resource's YAML nodes can
// all be released (resource.release), and a value is a fraction of its nodes' size. The
// values are those property gives in every template without a cycle of such attributes
// (CloudFormation rejects a cycle: a property read while it is being evaluated is then
// not resolved; here the resource's own evaluation, which ran outside any such read,
// gives its value).
//
// They are kept in the resource's frozen string (resource.kept; frozen.go), one after
// the other in the order of propertyAttrs[r.typ], each a state byte (keptNone, keptNotOK, keptOK), then its
// length and bytes: a map entry for each would be several times their size.
func (ev *evaluator) keepProperties(r *resource, props Value) {
	var b []byte
	for _, key := range propertyAttrs[r.typName()] {
		var f *Field
		for i := range props.Fields { // one field per key: the last definition
			if props.Fields[i].Key == key {
				f = &props.Fields[i]
			}
		}
		if _, done := ev.props[propKey{r, key}]; done || f == nil {
			b = append(b, keptNone)
			continue
		}
		v := f.Value
		state := byte(keptNotOK)
		if v.Kind == KindScalar || v.Kind == KindRef || v.Kind == KindSymbol {
			state = keptOK
		}
		frozen := ev.fz.value(nil, v)
		b = append(b, state)
		b = binary.AppendUvarint(b, uint64(len(frozen)))
		b = append(b, frozen...)
	}
	r.setFrozen(r.vpc(), b)
}

const (
	keptNone = iota
	keptNotOK
	keptOK
)

// keptProperty reads a property kept by keepProperties; found is false when it is not.
func (ev *evaluator) keptProperty(r *resource, key string) (v Value, ok, found bool) {
	b := r.kept()
	if b == nil {
		return Value{}, false, false
	}
	for _, k := range propertyAttrs[r.typName()] {
		state := b[0]
		b = b[1:]
		var frozen []byte
		if state != keptNone {
			n, w := binary.Uvarint(b)
			frozen, b = b[w:w+int(n)], b[w+int(n):]
		}
		if k == key {
			if state == keptNone {
				return Value{}, false, false
			}
			return ev.fz.thaw(frozen), state == keptOK, true
		}
	}
	return Value{}, false, false
}

func (ev *evaluator) pseudo(name string, p Pos) (Value, bool, error) {
	o := ev.r.opts
	switch name {
	case "AWS::Region":
		return str(ev.r.region(), p), true, nil
	case "AWS::Partition":
		return str(model.PartitionOf(ev.r.region()), p), true, nil
	case "AWS::URLSuffix":
		if model.PartitionOf(ev.r.region()) == "aws-cn" {
			return str("amazonaws.com.cn", p), true, nil
		}
		return str("amazonaws.com", p), true, nil
	case "AWS::AccountId":
		if o.AccountID != "" {
			return str(o.AccountID, p), true, nil
		}
		return Value{Kind: KindSymbol, Str: model.PseudoAccountID, at: atOf(p), Reason: "the account ID is not given"}, true, nil
	case "AWS::StackName":
		if o.StackName != "" {
			return str(o.StackName, p), true, nil
		}
		return Value{Kind: KindSymbol, Str: model.PseudoStackName, at: atOf(p), Reason: "the stack name is not given"}, true, nil
	case "AWS::StackId":
		return Value{Kind: KindSymbol, Str: "${AWS::StackId}", at: atOf(p), Reason: "the stack ID is known only at deploy time"}, true, nil
	case "AWS::NotificationARNs":
		return unknown(p, "AWS::NotificationARNs is known only at deploy time"), true, nil
	case "AWS::NoValue":
		return Value{Kind: KindNoValue, at: atOf(p)}, true, nil
	}
	if strings.HasPrefix(name, "AWS::") {
		return Value{}, false, errAt(p, "unknown pseudo parameter %s: expected AWS::Region, AWS::AccountId, AWS::StackName, AWS::Partition, AWS::URLSuffix, AWS::StackId, AWS::NotificationARNs or AWS::NoValue", name)
	}
	return Value{}, false, nil
}

// param returns a parameter's value: --param, else Default, else unknown.
func (ev *evaluator) param(name string) (Value, error) {
	if v, ok := ev.params[name]; ok {
		return v, nil
	}
	def := ev.t.params[name]
	typ := ""
	if _, tn := lookup(def, "Type"); tn != nil {
		typ = tn.Value
	}
	var v Value
	if s, given := ev.r.opts.Params[name]; given {
		ev.r.usedParams[name] = true
		v = str(s, ev.pos(def))
	} else if _, dn := lookup(def, "Default"); dn != nil {
		if dn.Kind == yaml.SequenceNode {
			parts := make([]string, 0, len(dn.Content))
			for _, c := range dn.Content {
				parts = append(parts, c.Value)
			}
			v = str(strings.Join(parts, ","), ev.pos(dn))
		} else if dn.Kind == yaml.ScalarNode && !isTagged(dn) {
			v = Value{Kind: KindScalar, Str: dn.Value, Tag: dn.Tag, at: atOf(ev.pos(dn))}
		} else {
			return Value{}, errAt(ev.pos(dn), "parameter %s: Default: expected a plain value", name)
		}
	} else {
		v = Value{Kind: KindSymbol, Str: model.Ref(name), at: atOf(ev.pos(def)),
			Reason: fmt.Sprintf("parameter %s has no Default and no --param %s=VALUE was given", name, name)}
	}
	if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") && v.Kind == KindScalar {
		v = unknown(v.Pos(), "parameter %s is read from SSM parameter %s at deploy time", name, v.Str)
	} else if (typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")) && v.Kind == KindScalar {
		l := Value{Kind: KindList, at: atOf(v.Pos())}
		if v.Str != "" {
			for _, s := range strings.Split(v.Str, ",") {
				l.Items = append(l.Items, str(strings.TrimSpace(s), v.Pos()))
			}
		}
		v = l
	}
	ev.params[name] = v
	return v, nil
}

func (ev *evaluator) getAtt(arg *yaml.Node, p Pos, depth int) (Value, error) {
	var id, attr string
	switch {
	case arg.Kind == yaml.ScalarNode && !isTagged(arg):
		i := strings.IndexByte(arg.Value, '.')
		if i <= 0 || i == len(arg.Value)-1 {
			return Value{}, errAt(p, "Fn::GetAtt %q: expected LogicalID.Attribute", arg.Value)
		}
		id, attr = arg.Value[:i], arg.Value[i+1:]
	case arg.Kind == yaml.SequenceNode && len(arg.Content) == 2:
		idn := arg.Content[0]
		if idn.Kind != yaml.ScalarNode || isTagged(idn) {
			return Value{}, errAt(ev.pos(idn), "Fn::GetAtt: expected a resource logical ID")
		}
		id = idn.Value
		av, err := ev.eval(arg.Content[1], depth)
		if err != nil {
			return Value{}, err
		}
		s, ok := av.String()
		if !ok {
			return unknown(p, "Fn::GetAtt of %s with an attribute name that is not known statically", id), nil
		}
		attr = s
	default:
		return Value{}, errAt(p, "Fn::GetAtt: expected LogicalID.Attribute or [LogicalID, Attribute]")
	}
	r := ev.t.resources.get(id)
	if r == nil {
		return Value{}, errAt(p, "Fn::GetAtt %s.%s: expected the logical ID of a resource of %s", id, attr, ev.t.file)
	}
	return ev.resourceRef(r, attr, p)
}
