package tfconfig

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

// azCount is how many Availability Zones data.aws_availability_zones names: the largest
// number any Region has (us-east-1 has six), so that no index a configuration uses is out
// of range. Each is symbolic ("${AWS::Region}#0", ...), as the CloudFormation reader's
// !GetAZs: distinct per index, names not known statically. length() of the list is
// therefore six, not the Region's own count.
const azCount = 6

// resource evaluates every instance of a resource or data source and returns its value
// as references see it. Managed resources are recorded for the model.
func (ev *evaluator) resource(in *instance, r *resourceDecl) cty.Value {
	what := in.join(r.key)
	x, ok := ev.expand(in, r.count, r.forEac, what)
	if !ok {
		ev.unknownOf(r.typ)
		ev.finding("expand:"+what, r.decl, what,
			fmt.Sprintf("the count or for_each of %s is known only after apply; its instances are not read, and checks that need them cannot decide", what),
			"use count or for_each values that are known before apply (variables, locals, literals)")
		return cty.DynamicVal
	}
	vals := make([]cty.Value, len(x.keys))
	var base *hcl.EvalContext
	for i := range x.keys {
		addr := what + instanceAddr(x, i)
		// The references are the same for every instance: evaluated once, with only
		// count and each changing.
		ctx := base
		if ctx == nil {
			base = ev.context(in, r.refs, x.each[i])
			ctx = base
		} else if x.each[i] != nil {
			vars := make(map[string]cty.Value, len(base.Variables))
			for k, v := range base.Variables {
				vars[k] = v
			}
			for k, v := range x.each[i] {
				vars[k] = v
			}
			ctx = &hcl.EvalContext{Variables: vars, Functions: base.Functions}
		}
		tb := ev.body(r.body, ctx, true, r.decl)
		if len(tb.unknownBlocks) > 0 {
			ev.unknownOf(r.typ)
		}
		obj := tb.value()
		if r.data {
			ev.dataValue(in, r, addr, tb, obj)
		} else {
			if r.typ == "aws_s3_object" || r.typ == "aws_s3_bucket_object" {
				// The provider's id of an object is its key ("id - key of the resource
				// supplied above"), known before apply when the key is.
				if k, ok := obj["key"]; ok && k.Type() == cty.String && k.IsWhollyKnown() && !k.IsNull() {
					if _, set := obj["id"]; !set {
						obj["id"] = k
					}
				}
			}
			if _, set := obj["id"]; !set {
				obj["id"] = symbolic(addr, "")
			}
			if _, set := obj["arn"]; !set {
				obj["arn"] = ev.arnOf(r.typ, addr, obj)
			}
			ev.out = append(ev.out, ev.emitResource(in, r, addr, tb))
		}
		for name := range ev.attrNames {
			if _, set := obj[name]; !set {
				obj[name] = cty.DynamicVal
			}
		}
		vals[i] = cty.ObjectVal(obj)
	}
	return collect(x, vals)
}

// arnOf is the ARN of a managed resource, which the provider computes: spelled out where
// the configuration determines it (a bucket with a known name is
// arn:PARTITION:s3:::NAME; a role with a known name and path is
// arn:PARTITION:iam::ACCOUNT:role/PATH/NAME), spelled with ${AWS::Partition} and
// ${AWS::AccountId} exactly as the plan reader spells the ARN of a planned bucket or role
// with a known name (the checks substitute the Region's partition and --account); else
// the symbolic ARN of the resource (${ADDRESS.Arn}). Other computed attributes stay
// unknown.
func (ev *evaluator) arnOf(typ, addr string, obj map[string]cty.Value) cty.Value {
	str := func(k string) (string, bool) {
		v, ok := obj[k]
		if !ok {
			return "", false
		}
		v, _ = v.UnmarkDeep()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.String || isSymbolic(v.AsString()) || strings.Contains(v.AsString(), "${") {
			return "", false
		}
		return v.AsString(), true
	}
	const partition = model.PseudoPartition
	switch typ {
	case "aws_s3_bucket":
		if name, ok := str("bucket"); ok && name != "" {
			return cty.StringVal("arn:" + partition + ":s3:::" + name)
		}
	case "aws_iam_role":
		name, ok := str("name")
		path := "/"
		if p, set := obj["path"]; set && !p.IsNull() {
			var pok bool
			path, pok = str("path")
			ok = ok && pok
		}
		if ok && name != "" && strings.HasPrefix(path, "/") && strings.HasSuffix(path, "/") {
			return cty.StringVal("arn:" + partition + ":iam::" + model.PseudoAccountID + ":role" + path + name)
		}
	}
	return symbolic(addr, "Arn")
}

// dataValue fills a data source's computed attributes. The data sources a configuration
// reads to spell names and ARNs are answered symbolically (the Region the provider names,
// or ${AWS::Region}; ${AWS::AccountId}; the partition of the Region); the policy document
// is built as the provider builds it; every other data source is read from AWS at plan
// time, so its attributes are unknown (reported once).
func (ev *evaluator) dataValue(in *instance, r *resourceDecl, addr string, tb *tbody, obj map[string]cty.Value) {
	region := ev.region
	if region == "" {
		region = model.PseudoRegion
	}
	partition, suffix, reverse := model.PseudoPartition, model.PseudoURLSuffix, cty.DynamicVal
	if ev.region != "" {
		partition = model.PartitionOf(ev.region)
		suffix = "amazonaws.com"
		reverse = cty.StringVal("com.amazonaws")
		if partition == "aws-cn" {
			suffix = "amazonaws.com.cn"
			reverse = cty.StringVal("cn.com.amazonaws")
		}
	}
	set := func(k string, v cty.Value) {
		if _, ok := obj[k]; !ok {
			obj[k] = v
		}
	}
	switch r.typ {
	case "aws_availability_zones":
		names := make([]cty.Value, azCount)
		for i := range names {
			names[i] = cty.StringVal(model.PseudoRegion + "#" + strconv.Itoa(i))
		}
		set("names", cty.ListVal(names))
		set("id", cty.StringVal(region))
	case "aws_region":
		set("name", cty.StringVal(region))
		set("region", cty.StringVal(region))
		set("id", cty.StringVal(region))
	case "aws_partition":
		set("partition", cty.StringVal(partition))
		set("dns_suffix", cty.StringVal(suffix))
		set("reverse_dns_prefix", reverse)
		set("id", cty.StringVal(partition))
	case "aws_caller_identity":
		account := model.PseudoAccountID
		if ev.opts.AccountID != "" {
			account = ev.opts.AccountID
		}
		set("account_id", cty.StringVal(account))
		set("id", cty.StringVal(account))
	case "aws_iam_policy_document":
		doc := ev.policyDocument(tb, addr)
		set("json", doc)
		set("minified_json", doc)
		set("id", cty.DynamicVal)
	default:
		ev.finding("data:"+addr, r.decl, addr,
			fmt.Sprintf("%s is read from AWS when Terraform plans; mwaanet reads no account here, so its values are unknown and checks that need them cannot decide", addr),
			"check the plan (terraform show -json) or the account (mwaanet check --live) to verify what depends on it")
		set("id", cty.DynamicVal)
		set("arn", cty.DynamicVal)
	}
}

// policyDocument builds the JSON of an aws_iam_policy_document from its statements, in
// the provider's shape (a single action or resource as a string), merged with its source
// and override documents as the provider merges them: the source documents
// (source_json, then source_policy_documents) in order, then the document's own
// statements, then the override documents (override_policy_documents, then
// override_json); at each step a statement whose non-empty Sid an earlier statement has
// replaces that one, and any other is appended. Version is the document's own (default
// 2012-10-17). A document with a value known only after apply, or a source or override
// document that is not a JSON policy, is unknown.
func (ev *evaluator) policyDocument(tb *tbody, addr string) cty.Value {
	unknown := cty.UnknownVal(cty.String)
	version, id := "2012-10-17", ""
	var sourceJSON, overrideJSON, sourceDocs, overrideDocs []string
	for _, a := range tb.attrs {
		if !wholeKnown(a.val) {
			return unknown
		}
		if a.val.IsNull() {
			continue
		}
		switch a.name {
		case "version":
			version = a.val.AsString()
		case "policy_id":
			id = a.val.AsString()
		case "source_json", "override_json":
			if a.val.Type() != cty.String {
				return unknown
			}
			if a.name == "source_json" {
				sourceJSON = []string{a.val.AsString()}
			} else {
				overrideJSON = []string{a.val.AsString()}
			}
		case "source_policy_documents", "override_policy_documents":
			xs, ok := stringList(a.val)
			if !ok {
				return unknown
			}
			if a.name == "source_policy_documents" {
				sourceDocs = xs
			} else {
				overrideDocs = xs
			}
		}
	}
	sources := append(sourceJSON, sourceDocs...)
	overrides := append(overrideDocs, overrideJSON...)
	var own []any
	for _, b := range tb.blocks {
		if b.typ != "statement" {
			continue
		}
		st, ok := statementJSON(b.body)
		if !ok {
			return unknown
		}
		own = append(own, st)
	}
	if len(tb.unknownBlocks) > 0 {
		return unknown
	}
	stmts := []any{}
	for _, src := range sources {
		sts, ok := documentStatements(src)
		if !ok {
			return unknown
		}
		stmts = mergeStatements(stmts, sts)
	}
	stmts = mergeStatements(stmts, own)
	for _, src := range overrides {
		sts, ok := documentStatements(src)
		if !ok {
			return unknown
		}
		stmts = mergeStatements(stmts, sts)
	}
	out := orderedJSON{{"Version", version}}
	if id != "" {
		out = append(out, orderedField{"Id", id})
	}
	out = append(out, orderedField{"Statement", stmts})
	data, err := json.Marshal(out)
	if err != nil {
		return unknown
	}
	return cty.StringVal(string(data))
}

// documentStatements returns the statements of a JSON policy document (Statement an
// object or an array of objects); ok is false when src is not one.
func documentStatements(src string) ([]any, bool) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		return nil, false
	}
	raw, ok := doc["Statement"]
	if !ok {
		return nil, true
	}
	var one map[string]any
	if err := json.Unmarshal(raw, &one); err == nil {
		return []any{one}, true
	}
	var many []map[string]any
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, false
	}
	out := make([]any, len(many))
	for i, st := range many {
		out[i] = st
	}
	return out, true
}

// mergeStatements merges next into prev as the provider merges policy documents: a
// statement with a non-empty Sid that prev has replaces it in place; the others are
// appended.
func mergeStatements(prev, next []any) []any {
	for _, st := range next {
		sid := statementSid(st)
		replaced := false
		for i := range prev {
			if sid != "" && statementSid(prev[i]) == sid {
				prev[i] = st
				replaced = true
				break
			}
		}
		if !replaced {
			prev = append(prev, st)
		}
	}
	return prev
}

func statementSid(st any) string {
	switch st := st.(type) {
	case orderedJSON:
		for _, f := range st {
			if f.k == "Sid" {
				s, _ := f.v.(string)
				return s
			}
		}
	case map[string]any:
		s, _ := st["Sid"].(string)
		return s
	}
	return ""
}

type orderedField struct {
	k string
	v any
}

// orderedJSON is a JSON object whose members keep their order.
type orderedJSON []orderedField

func (o orderedJSON) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	for i, f := range o {
		if i > 0 {
			buf = append(buf, ',')
		}
		k, _ := json.Marshal(f.k)
		v, err := json.Marshal(f.v)
		if err != nil {
			return nil, err
		}
		buf = append(append(append(buf, k...), ':'), v...)
	}
	return append(buf, '}'), nil
}

// statementJSON turns one statement block into its JSON object; ok is false when a value
// is unknown.
func statementJSON(tb *tbody) (orderedJSON, bool) {
	var st orderedJSON
	get := func(name string) (cty.Value, bool) {
		for _, a := range tb.attrs {
			if a.name == name {
				return a.val, true
			}
		}
		return cty.NilVal, false
	}
	str := func(name, key string) bool {
		v, ok := get(name)
		if !ok || v.IsNull() {
			return true
		}
		if !wholeKnown(v) || v.Type() != cty.String {
			return false
		}
		st = append(st, orderedField{key, v.AsString()})
		return true
	}
	list := func(name, key string) bool {
		v, ok := get(name)
		if !ok || v.IsNull() {
			return true
		}
		xs, ok := stringList(v)
		if !ok {
			return false
		}
		if len(xs) > 0 {
			st = append(st, orderedField{key, oneOrMany(xs)})
		}
		return true
	}
	if !str("sid", "Sid") {
		return nil, false
	}
	if _, ok := get("effect"); ok {
		if !str("effect", "Effect") {
			return nil, false
		}
	} else {
		st = append(st, orderedField{"Effect", "Allow"})
	}
	for _, f := range [][2]string{{"actions", "Action"}, {"not_actions", "NotAction"}, {"resources", "Resource"}, {"not_resources", "NotResource"}} {
		if !list(f[0], f[1]) {
			return nil, false
		}
	}
	for _, f := range [][2]string{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		var pr orderedJSON
		star := false
		for _, b := range tb.blocks {
			if b.typ != f[0] {
				continue
			}
			var typ string
			var ids []string
			for _, a := range b.body.attrs {
				if !wholeKnown(a.val) {
					return nil, false
				}
				switch a.name {
				case "type":
					typ = a.val.AsString()
				case "identifiers":
					xs, ok := stringList(a.val)
					if !ok {
						return nil, false
					}
					ids = xs
				}
			}
			if typ == "*" {
				star = true
				continue
			}
			// Blocks of one type merge into one list, as the provider's principal set
			// writes them ({"Service": [a, b]}); a second key of the same name would be
			// a duplicate that a JSON reader resolves to one of the two.
			merged := false
			for i := range pr {
				if pr[i].k == typ {
					prev, _ := pr[i].v.([]string)
					if s, ok := pr[i].v.(string); ok {
						prev = []string{s}
					}
					pr[i].v = oneOrMany(append(append([]string(nil), prev...), ids...))
					merged = true
				}
			}
			if !merged {
				pr = append(pr, orderedField{typ, oneOrMany(ids)})
			}
		}
		if star {
			st = append(st, orderedField{f[1], "*"})
		} else if len(pr) > 0 {
			st = append(st, orderedField{f[1], pr})
		}
	}
	var cond orderedJSON
	for _, b := range tb.blocks {
		if b.typ != "condition" {
			continue
		}
		var test, variable string
		var values []string
		for _, a := range b.body.attrs {
			if !wholeKnown(a.val) {
				return nil, false
			}
			switch a.name {
			case "test":
				test = a.val.AsString()
			case "variable":
				variable = a.val.AsString()
			case "values":
				xs, ok := stringList(a.val)
				if !ok {
					return nil, false
				}
				values = xs
			}
		}
		found := false
		for i := range cond {
			if cond[i].k == test {
				cond[i].v = append(cond[i].v.(orderedJSON), orderedField{variable, oneOrMany(values)})
				found = true
			}
		}
		if !found {
			cond = append(cond, orderedField{test, orderedJSON{{variable, oneOrMany(values)}}})
		}
	}
	if len(cond) > 0 {
		st = append(st, orderedField{"Condition", cond})
	}
	if len(tb.unknownBlocks) > 0 {
		return nil, false
	}
	return st, true
}

// strings returns the strings of a known list, set or tuple of strings.
func stringList(v cty.Value) ([]string, bool) {
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		return nil, false
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			continue
		}
		switch e.Type() {
		case cty.String:
			out = append(out, e.AsString())
		case cty.Number:
			out = append(out, e.AsBigFloat().Text('f', -1))
		case cty.Bool:
			out = append(out, strconv.FormatBool(e.True()))
		default:
			return nil, false
		}
	}
	return out, true
}

func oneOrMany(xs []string) any {
	if len(xs) == 1 {
		return xs[0]
	}
	if xs == nil {
		return []string{}
	}
	return xs
}
