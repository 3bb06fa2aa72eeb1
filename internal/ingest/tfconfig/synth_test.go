package tfconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
	"github.com/mwaanet/mwaanet/internal/testkit/usecase"
)

// policyRules are the rules that read the policies synth builds from ARNs of the
// configuration (aws_s3_bucket.dag_bucket.arn, aws_kms_key.key.arn,
// aws_iam_role.execution_role.arn).
var policyRules = []string{"IAM-02/least-privilege", "KMS-01/customer-key", "S3-02/bucket-encryption", "PRV-05/s3-endpoint-policy"}

// synthFiles renders use case n as synth --format terraform writes it.
func synthFiles(t *testing.T, n int) map[string]string {
	t.Helper()
	_, files := usecase.Terraform(t, n)
	out := map[string]string{}
	for name, b := range files {
		out[name] = string(b)
	}
	return out
}

// checkSynth reads files as a configuration and returns check's findings.
func checkSynth(t *testing.T, files map[string]string) []model.Finding {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The certificates of the Client VPN are the only variables without a default.
	var vars []string
	for _, v := range []string{"server_certificate_arn", "client_root_certificate_arn"} {
		if strings.Contains(files["variables.tf"], `variable "`+v+`"`) {
			vars = append(vars, v+"=arn:aws:acm:us-east-1:111122223333:certificate/"+strings.ReplaceAll(v, "_", "-"))
		}
	}
	return rules.Check(read(t, dir, Options{Vars: vars}))
}

func isPolicyRule(rule string) bool {
	for _, r := range policyRules {
		if rule == r {
			return true
		}
	}
	return false
}

// On the Terraform synth writes for use cases 1-3, check decides the policies of the
// execution role, the key, the bucket and the S3 endpoint, which name the ARNs of the
// configuration's bucket, key and role: they pass, nothing says "not verifiable" of them
// or that they are known only after apply.
func TestSynthPoliciesDecided(t *testing.T) {
	for n := 1; n <= 3; n++ {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			for _, f := range checkSynth(t, synthFiles(t, n)) {
				switch {
				case isPolicyRule(f.Rule):
					t.Errorf("%s %s %s: %s", f.Severity, f.Rule, f.Resource, f.Message)
				case strings.HasPrefix(f.Rule, "TFPLAN/") || strings.HasPrefix(f.Rule, RuleNotStatic):
					t.Errorf("%s %s: %s", f.Rule, f.Resource, f.Message)
				}
			}
		})
	}
}

// A defect in one of those policies makes its rule fire, as it does on the
// CloudFormation form: the execution role without s3:GetObject on the bucket, the bucket
// policy without the TLS-only deny, the key policy without CloudWatch Logs, the S3
// endpoint's policy without the bucket's objects.
func TestSynthPolicyDefects(t *testing.T) {
	defects := []struct {
		name, file, old, new, rule, says string
		useCases                         []int
	}{
		{"role without GetObject", "iam.tf",
			`sid       = "ReadDagBucket"
    effect    = "Allow"
    actions   = ["s3:GetObject*", `,
			`sid       = "ReadDagBucket"
    effect    = "Allow"
    actions   = [`,
			"IAM-02/least-privilege", "lacks s3:GetObject", []int{1, 2, 3}},
		{"bucket policy without the TLS-only deny", "storage.tf",
			`sid       = "DenyInsecureTransport"
    effect    = "Deny"`,
			`sid       = "DenyInsecureTransport"
    effect    = "Allow"`,
			"S3-02/bucket-encryption", "no policy denying requests without TLS", []int{1, 2, 3}},
		{"key policy without logs", "storage.tf",
			`identifiers = ["logs.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"]`,
			`identifiers = ["sns.amazonaws.com"]`,
			"KMS-01/customer-key", "does not let CloudWatch Logs", []int{1, 2, 3}},
		{"endpoint policy without the bucket's objects", "endpoints.tf",
			`sid       = "DagBucket"
    effect    = "Allow"
    actions   = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
    resources = [aws_s3_bucket.dag_bucket.arn, "${aws_s3_bucket.dag_bucket.arn}/*"]`,
			`sid       = "DagBucket"
    effect    = "Allow"
    actions   = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
    resources = [aws_s3_bucket.dag_bucket.arn]`,
			// Use cases 1 and 2 route to the internet: no S3 gateway endpoint.
			"PRV-05/s3-endpoint-policy", "does not allow s3:GetObject on the DAG bucket", []int{3}},
	}
	for n := 1; n <= 3; n++ {
		base := synthFiles(t, n)
		for _, d := range defects {
			if !slices.Contains(d.useCases, n) {
				continue
			}
			t.Run(fmt.Sprintf("usecase-%d/%s", n, d.name), func(t *testing.T) {
				files := map[string]string{}
				for k, v := range base {
					files[k] = v
				}
				if !strings.Contains(files[d.file], d.old) {
					t.Fatalf("%s no longer holds the text the defect replaces:\n%s", d.file, d.old)
				}
				files[d.file] = strings.Replace(files[d.file], d.old, d.new, 1)
				var fired []string
				for _, f := range checkSynth(t, files) {
					if !isPolicyRule(f.Rule) {
						continue
					}
					fired = append(fired, fmt.Sprintf("%s %s: %s", f.Severity, f.Rule, f.Message))
					if f.Rule == d.rule && f.Severity != model.SeverityInfo && strings.Contains(f.Message, d.says) {
						return
					}
				}
				t.Errorf("%s did not fire with %q; policy findings:\n%s", d.rule, d.says, strings.Join(fired, "\n"))
			})
		}
	}
}
