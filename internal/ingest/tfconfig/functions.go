package tfconfig

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/netip"
	"path"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions returns the functions configurations may call: go-cty's standard library
// where it has Terraform's function, and the rest written here. Functions that read
// files or the clock give unknown values (the reader reads only .tf and .tfvars files).
func functions() map[string]function.Function {
	f := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": coalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"csvdecode": stdlib.CSVDecodeFunc, "distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
		"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": guardFormat(stdlib.FormatFunc),
		"formatdate": stdlib.FormatDateFunc, "formatlist": guardFormat(stdlib.FormatListFunc), "indent": stdlib.IndentFunc,
		"join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"keys": stdlib.KeysFunc, "length": lengthFunc, "log": stdlib.LogFunc, "lookup": lookupFunc,
		"lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "range": stdlib.RangeFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": guardProduct(stdlib.SetProductFunc), "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc, "title": stdlib.TitleFunc,
		"trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "setsymmetricdifference": stdlib.SetSymmetricDifferenceFunc,
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tostring": convertFunc(cty.String), "tonumber": convertFunc(cty.Number), "tobool": convertFunc(cty.Bool),
		"tolist": convertFunc(cty.List(cty.DynamicPseudoType)), "toset": convertFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":      convertFunc(cty.Map(cty.DynamicPseudoType)),
		"cidrsubnet": cidrSubnetFunc, "cidrhost": cidrHostFunc, "cidrnetmask": cidrNetmaskFunc, "cidrsubnets": cidrSubnetsFunc,
		"replace": replaceFunc, "index": indexFunc, "one": oneFunc, "sum": sumFunc,
		"alltrue": boolsFunc(true), "anytrue": boolsFunc(false),
		"startswith": strPredFunc(strings.HasPrefix), "endswith": strPredFunc(strings.HasSuffix),
		"strcontains":  strPredFunc(strings.Contains),
		"base64encode": strFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": strFunc(func(s string) (string, error) {
			b, err := base64.StdEncoding.DecodeString(s)
			return string(b), err
		}),
		"md5":       strFunc(func(s string) (string, error) { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha1":      strFunc(func(s string) (string, error) { h := sha1.Sum([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha256":    strFunc(func(s string) (string, error) { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"basename":  strFunc(func(s string) (string, error) { return path.Base(s), nil }),
		"dirname":   strFunc(func(s string) (string, error) { return path.Dir(s), nil }),
		"abspath":   strFunc(func(s string) (string, error) { return s, nil }),
		"sensitive": identityFunc, "nonsensitive": identityFunc,
	}
	for _, name := range []string{"file", "filebase64", "filemd5", "filesha1", "filesha256", "fileexists", "fileset",
		"templatefile", "timestamp", "uuid", "plantimestamp", "bcrypt", "uuidv5"} {
		f[name] = unknownFunc
	}
	return f
}

// unknownFunc stands for the functions whose result this reader cannot know (files, the
// clock, randomness): any arguments, an unknown result.
var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, retType cty.Type) (cty.Value, error) { return args[0], nil },
})

func convertFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if want == cty.String || want == cty.Number || want == cty.Bool {
				return want, nil
			}
			ty := args[0].Type()
			if ty == cty.DynamicPseudoType {
				return cty.DynamicPseudoType, nil
			}
			v, err := convert.Convert(cty.UnknownVal(ty), want)
			if err != nil {
				return cty.NilType, function.NewArgError(0, fmt.Errorf("cannot convert %s to %s", ty.FriendlyName(), want.FriendlyNameForConstraint()))
			}
			return v.Type(), nil
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if retType == cty.DynamicPseudoType {
				return cty.DynamicVal, nil
			}
			v, err := convert.Convert(args[0], retType)
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			return v, nil
		},
	})
}

func strFunc(fn func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			s, err := fn(args[0].AsString())
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			return cty.StringVal(s), nil
		},
	})
}

func strPredFunc(fn func(s, sub string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "sub", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			return cty.BoolVal(fn(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// replaceFunc is Terraform's replace: a substring, or a regular expression when written
// between slashes.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && strings.HasPrefix(sub, "/") && strings.HasSuffix(sub, "/") {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, function.NewArgError(1, err)
			}
			return cty.StringVal(re.ReplaceAllString(s, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

// indexFunc is Terraform's index(list, value): the position of value in list.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		l := args[0]
		if !(l.Type().IsListType() || l.Type().IsTupleType()) {
			return cty.NilVal, function.NewArgErrorf(0, "expected a list")
		}
		if !l.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		i := 0
		for it := l.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			eq, err := stdlib.Equal(e, args[1])
			if err != nil {
				continue
			}
			if !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, function.NewArgErrorf(1, "the value is not in the list")
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			if len(ty.TupleElementTypes()) == 0 {
				return cty.DynamicPseudoType, nil
			}
			if len(ty.TupleElementTypes()) == 1 {
				return ty.TupleElementTypes()[0], nil
			}
			return cty.NilType, function.NewArgErrorf(0, "must be a list, set or tuple of zero or one elements")
		}
		return cty.NilType, function.NewArgErrorf(0, "must be a list, set or tuple")
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		l := args[0]
		if !l.IsKnown() {
			return cty.UnknownVal(retType), nil
		}
		switch l.LengthInt() {
		case 0:
			return cty.NullVal(retType), nil
		case 1:
			it := l.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "must have zero or one elements")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		l := args[0]
		if !l.CanIterateElements() || l.LengthInt() == 0 {
			return cty.NilVal, function.NewArgErrorf(0, "must be a non-empty list or set of numbers")
		}
		if !l.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		total := new(big.Float)
		for it := l.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n, err := convert.Convert(e, cty.Number)
			if err != nil || n.IsNull() {
				return cty.NilVal, function.NewArgErrorf(0, "must be a list of numbers")
			}
			total.Add(total, n.AsBigFloat())
		}
		return cty.NumberVal(total), nil
	},
})

func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			l := args[0]
			if !l.CanIterateElements() {
				return cty.NilVal, function.NewArgErrorf(0, "must be a list or set of booleans")
			}
			unknown := false
			for it := l.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsKnown() {
					unknown = true
					continue
				}
				b, err := convert.Convert(e, cty.Bool)
				if err != nil || b.IsNull() {
					return cty.NilVal, function.NewArgErrorf(0, "must be a list of booleans")
				}
				if b.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

// CIDR functions, written from their documented behaviour with net/netip.

func parseCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR expression: %q", s)
	}
	return p.Masked(), nil
}

// addOffset returns the address of p's network plus offset << shift; ok is false when it
// leaves the address family.
func addOffset(a netip.Addr, offset *big.Int) (netip.Addr, bool) {
	b := a.AsSlice()
	n := new(big.Int).SetBytes(b)
	n.Add(n, offset)
	if n.Sign() < 0 || n.BitLen() > len(b)*8 {
		return netip.Addr{}, false
	}
	out := n.FillBytes(make([]byte, len(b)))
	addr, _ := netip.AddrFromSlice(out)
	return addr, true
}

func intArg(v cty.Value, i int) (*big.Int, error) {
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return nil, function.NewArgErrorf(i, "must be a whole number")
	}
	n, _ := bf.Int(nil)
	return n, nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		p, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		nb, err := intArg(args[1], 1)
		if err != nil {
			return cty.NilVal, err
		}
		num, err := intArg(args[2], 2)
		if err != nil {
			return cty.NilVal, err
		}
		s, err := subnet(p, int(nb.Int64()), num)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(s.String()), nil
	},
})

func subnet(p netip.Prefix, newbits int, num *big.Int) (netip.Prefix, error) {
	total := p.Addr().BitLen()
	if newbits < 0 || p.Bits()+newbits > total {
		return netip.Prefix{}, function.NewArgErrorf(1, "insufficient address space to extend prefix of %d by %d", p.Bits(), newbits)
	}
	if num.Sign() < 0 || num.BitLen() > newbits {
		return netip.Prefix{}, function.NewArgErrorf(2, "prefix extension of %d does not accommodate a subnet numbered %s", newbits, num)
	}
	off := new(big.Int).Lsh(num, uint(total-p.Bits()-newbits))
	a, _ := addOffset(p.Addr(), off)
	return netip.PrefixFrom(a, p.Bits()+newbits), nil
}

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		p, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		num, err := intArg(args[1], 1)
		if err != nil {
			return cty.NilVal, err
		}
		hostBits := uint(p.Addr().BitLen() - p.Bits())
		size := new(big.Int).Lsh(big.NewInt(1), hostBits)
		off := new(big.Int).Set(num)
		if off.Sign() < 0 {
			off.Add(off, size)
		}
		if off.Sign() < 0 || off.Cmp(size) >= 0 {
			return cty.NilVal, function.NewArgErrorf(1, "prefix of %d bits cannot accommodate a host numbered %s", p.Bits(), num)
		}
		a, _ := addOffset(p.Addr(), off)
		return cty.StringVal(a.String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		p, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		if !p.Addr().Is4() {
			return cty.NilVal, function.NewArgErrorf(0, "only IPv4 prefixes have a netmask")
		}
		m := uint32(0xffffffff) << (32 - p.Bits())
		if p.Bits() == 0 {
			m = 0
		}
		return cty.StringVal(fmt.Sprintf("%d.%d.%d.%d", m>>24, m>>16&0xff, m>>8&0xff, m&0xff)), nil
	},
})

// cidrSubnetsFunc allocates consecutive subnets of the given extensions, each aligned to
// its own size, in order.
var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		p, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		total := p.Addr().BitLen()
		base := new(big.Int).SetBytes(p.Addr().AsSlice())
		end := new(big.Int).Add(base, new(big.Int).Lsh(big.NewInt(1), uint(total-p.Bits())))
		cur := new(big.Int).Set(base)
		var out []cty.Value
		for i, a := range args[1:] {
			nb, err := intArg(a, i+1)
			if err != nil {
				return cty.NilVal, err
			}
			bits := p.Bits() + int(nb.Int64())
			if nb.Sign() < 1 || bits > total {
				return cty.NilVal, function.NewArgErrorf(i+1, "cannot extend prefix of %d by %s bits", p.Bits(), nb)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(total-bits))
			// align cur up to a multiple of size
			rem := new(big.Int).Mod(cur, size)
			if rem.Sign() != 0 {
				cur.Add(cur, new(big.Int).Sub(size, rem))
			}
			next := new(big.Int).Add(cur, size)
			if next.Cmp(end) > 0 {
				return cty.NilVal, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", bits, prefixAt(p, cur, bits-1))
			}
			out = append(out, cty.StringVal(prefixAt(p, cur, bits)))
			cur = next
		}
		return cty.ListVal(out), nil
	},
})

func prefixAt(p netip.Prefix, n *big.Int, bits int) string {
	b := n.FillBytes(make([]byte, len(p.Addr().AsSlice())))
	a, _ := netip.AddrFromSlice(b)
	return netip.PrefixFrom(a, max(bits, 0)).String()
}

// lengthFunc is Terraform's length: elements of a list, set, tuple or map, attributes of
// an object, characters of a string.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number), nil
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))), nil
		case ty == cty.String:
			return stdlib.Strlen(v)
		case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType():
			return v.Length(), nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "expected a collection, an object or a string, found %s", ty.FriendlyName())
	},
})

// coalesceFunc is Terraform's coalesce: the first argument that is neither null nor an
// empty string.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, v := range args {
			if !v.IsKnown() {
				return cty.DynamicVal, nil
			}
			if v.IsNull() || v.Type() == cty.String && v.AsString() == "" {
				continue
			}
			return v, nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "no non-null, non-empty-string arguments")
	},
})

// Bounds on what one function call may build, so that a hostile configuration cannot make
// the reader allocate without bound (range is bounded by go-cty: 1024 elements).
const (
	maxFormatWidth = 4096
	maxProduct     = 100000
)

var widthRE = regexp.MustCompile(`%[-+ #0]*(\d+)?(?:\.(\d+))?`)

// guardFormat refuses format verbs wider or more precise than maxFormatWidth.
func guardFormat(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if args[0].IsKnown() && !args[0].IsNull() {
				for _, m := range widthRE.FindAllStringSubmatch(args[0].AsString(), -1) {
					for _, n := range m[1:] {
						if len(n) > 4 || n != "" && atoi(n) > maxFormatWidth {
							return cty.NilVal, function.NewArgErrorf(0, "a width or precision over %d", maxFormatWidth)
						}
					}
				}
			}
			return f.Call(args)
		},
	})
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// guardProduct refuses a setproduct of more than maxProduct elements.
func guardProduct(f function.Function) function.Function {
	return function.New(&function.Spec{
		VarParam: f.VarParam(),
		Type:     func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			total := 1
			for _, a := range args {
				if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
					total *= max(a.LengthInt(), 1)
					if total > maxProduct {
						return cty.NilVal, fmt.Errorf("the product has more than %d elements", maxProduct)
					}
				}
			}
			return f.Call(args)
		},
	})
}
