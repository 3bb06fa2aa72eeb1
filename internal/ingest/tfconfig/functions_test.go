package tfconfig

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The functions MWAA configurations use give Terraform's documented results.
func TestFunctions(t *testing.T) {
	ctx := &hcl.EvalContext{Functions: functions()}
	for _, tc := range []struct{ expr, want string }{
		{`cidrsubnet("10.0.0.0/16", 8, 2)`, `"10.0.2.0/24"`},
		{`cidrsubnet("10.0.0.0/16", 4, 15)`, `"10.0.240.0/20"`},
		{`cidrsubnet("10.1.2.3/16", 0, 0)`, `"10.1.0.0/16"`},
		{`cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)`, `"fd00:fd12:3456:7800:a200::/72"`},
		{`cidrhost("10.12.112.0/20", 16)`, `"10.12.112.16"`},
		{`cidrhost("10.12.112.0/20", 268)`, `"10.12.113.12"`},
		{`cidrhost("10.0.0.0/24", -1)`, `"10.0.0.255"`},
		{`cidrnetmask("172.16.0.0/12")`, `"255.240.0.0"`},
		{`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, `["10.1.0.0/20","10.1.16.0/20","10.1.32.0/24","10.1.48.0/20"]`},
		{`concat(["a"], ["b", "c"])`, `["a","b","c"]`},
		{`merge({a = 1}, {b = 2}, {a = 3})`, `{"a":3,"b":2}`},
		{`lookup({a = "x"}, "b", "default")`, `"default"`},
		{`element(["a", "b", "c"], 4)`, `"b"`},
		{`slice(["a", "b", "c"], 1, 3)`, `["b","c"]`},
		{`zipmap(["a", "b"], [1, 2])`, `{"a":1,"b":2}`},
		{`flatten([["a"], [["b"]], []])`, `["a","b"]`},
		{`format("%s-%03d", "subnet", 7)`, `"subnet-007"`},
		{`jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow"}]})`, `"{\"Statement\":[{\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}"`},
		{`tolist(toset(["b", "a", "b"]))`, `["a","b"]`},
		{`tomap({a = "x"})`, `{"a":"x"}`},
		{`try(local_missing.x, "fallback")`, `"fallback"`},
		{`can(regex("^10\\.", "10.0.0.0/8"))`, `true`},
		{`length({a = 1, b = 2})`, `2`},
		{`index(["a", "b"], "b")`, `1`},
		{`one(["x"])`, `"x"`},
		{`alltrue([true, 1 == 1])`, `true`},
		{`anytrue([false])`, `false`},
		{`sum([1, 2, 3.5])`, `6.5`},
		{`replace("a-b-c", "-", "_")`, `"a_b_c"`},
		{`replace("subnet-1", "/[0-9]+/", "N")`, `"subnet-N"`},
		{`startswith("arn:aws:s3:::b", "arn:")`, `true`},
		{`[for k, v in {a = 1, b = 2} : "${k}=${v}" if v > 1]`, `["b=2"]`},
		{`keys({b = 1, a = 2})`, `["a","b"]`},
		{`true ? "yes" : "no"`, `"yes"`},
		{`distinct(["a", "a", "b"])`, `["a","b"]`},
		{`coalesce("", "x")`, `"x"`},
		{`length("subnet")`, `6`},
		{`length([1, 2])`, `2`},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(tc.expr), "test.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", tc.expr, diags)
		}
		v, diags := expr.Value(ctx)
		if diags.HasErrors() {
			t.Errorf("%s: %s", tc.expr, diags)
			continue
		}
		b, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if string(b) != tc.want {
			t.Errorf("%s = %s, want %s", tc.expr, b, tc.want)
		}
	}
	// What would build without bound is an error.
	for _, src := range []string{`format("%099999999d", 1)`, `setproduct(range(1000), range(1000))`, `range(100000)`} {
		expr, _ := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
		if _, diags := expr.Value(ctx); !diags.HasErrors() {
			t.Errorf("%s: no error", src)
		}
	}
	// Unknown arguments give unknown results, never errors.
	ctx.Variables = map[string]cty.Value{"u": cty.UnknownVal(cty.String)}
	for _, src := range []string{`cidrsubnet(u, 8, 1)`, `cidrhost(u, 1)`, `format("%s/x", u)`, `jsonencode({a = u})`, `file("x")`} {
		expr, _ := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
		v, diags := expr.Value(ctx)
		if diags.HasErrors() || v.IsWhollyKnown() {
			t.Errorf("%s = %#v %s, want an unknown value", src, v, diags)
		}
	}
}

var planKeyRE = regexp.MustCompile(`(?:tri|integer|policy)\((?:[a-zA-Z.]+, )*"([a-z0-9_]+)"|get\("([a-z0-9_]+)"\)(?:\.first\(\))?\.unknown\(\)|:= [a-zA-Z.]+\.get\("([a-z0-9_]+)"\)|get\("([a-z0-9_]+)"\)\.first\(\)`)

// Every attribute the plan reader reads as a boolean, number or policy, or asks whether it
// is known, is in planKeys (else an unset attribute would be unknown here, where the plan
// gives null and the provider's default applies).
func TestPlanKeysCover(t *testing.T) {
	files, err := filepath.Glob("../tfplan/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tfplan sources: %v", err)
	}
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range planKeyRE.FindAllStringSubmatch(string(src), -1) {
			for _, k := range m[1:] {
				if k == "" || strings.HasPrefix(k, "aws_") {
					continue // a resource type argument
				}
				seen++
				if !planKeySet[k] {
					t.Errorf("%s: the plan reader reads %q; add it to planKeys", filepath.Base(f), k)
				}
			}
		}
	}
	if seen < 40 {
		t.Errorf("found only %d keys in the plan reader's sources: the pattern no longer matches its code", seen)
	}
}
