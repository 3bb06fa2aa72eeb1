package rules_test

import (
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// iamStatement appends st to the execution role's policy of use case 3.
func iamStatement(a *model.Architecture, sts ...model.Statement) {
	d := a.ManagedPolicies[0].Document
	d.Statements = append(d.Statements, sts...)
}

// replaceStatement replaces the statements naming action with sts.
func replaceStatement(a *model.Architecture, action string, sts ...model.Statement) {
	d := a.ManagedPolicies[0].Document
	var keep []model.Statement
	for _, st := range d.Statements {
		if !st.HasAction(action) {
			keep = append(keep, st)
		}
	}
	d.Statements = append(keep, sts...)
}

func grant(resource string, actions ...string) model.Statement {
	return model.Statement{Effect: "Allow", Action: actions, Resource: []string{resource}}
}

// findings returns IAM-02's findings of severity sev whose message says says.
func iamFindings(a *model.Architecture, sev model.Severity, says string) []model.Finding {
	var out []model.Finding
	for _, f := range byRule(check(a), "IAM-02/least-privilege") {
		if f.Severity == sev && strings.Contains(f.Message, says) {
			out = append(out, f)
		}
	}
	return out
}

// Actions AWS allows only on "*" (no resource type in the Service Authorization
// Reference) are never asked to be scoped; scopable ones are, also behind a wildcard.
func TestIAMScopeAdvice(t *testing.T) {
	for _, tc := range []struct {
		name   string
		st     model.Statement
		broad  bool
		listed string
	}{
		{"no resource type", grant("*", "rekognition:DetectFaces", "ecs:ListClusters", "ec2:DescribeInstances"), false, ""},
		{"wildcard of actions without resource types", grant("*", "ecs:List*"), true, "ecs:List*"},
		{"scopable action on *", grant("*", "s3:PutObject"), true, "s3:PutObject"},
		{"scopable wildcard on *", grant("*", "s3:Get*"), true, "s3:Get*"},
		{"mixed: only the scopable one is named", grant("*", "ec2:DescribeInstances", "sqs:SendMessage"), true, "sqs:SendMessage"},
		{"queue name wildcard", grant("arn:aws:sqs:us-east-1:*:*", "sqs:*"), true, "sqs:*"},
		{"every log group", grant("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*", "logs:PutLogEvents"), true, "logs:PutLogEvents"},
		{"every environment", grant("arn:aws:airflow:us-east-1:111122223333:environment/*", "airflow:CreateWebLoginToken"), true, "airflow:CreateWebLoginToken"},
		{"every key", grant("arn:aws:kms:*:111122223333:key/*", "kms:ScheduleKeyDeletion"), true, "kms:ScheduleKeyDeletion"},
		{"a named queue prefix is scoped", grant("arn:aws:sqs:us-east-1:*:airflow-celery-*", "sqs:*"), false, ""},
		{"log groups of the environment are scoped", grant("arn:aws:logs:*:*:log-group:airflow-env-*", "logs:*"), false, ""},
		{"every key of another service's ARN does not scope sqs", grant("arn:aws:kms:*:*:key/*", "sqs:SendMessage"), false, ""},
		{"every ARN of every service", grant("arn:aws:*:*:*:*", "s3:PutObject"), true, "s3:PutObject"},
		{"NotAction on everything", model.Statement{Effect: "Allow", NotAction: []string{"iam:*"}, Resource: []string{"*"}}, true, "every action except iam:*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := useCase(t, 3)
			iamStatement(a, tc.st)
			got := iamFindings(a, model.SeverityWarning, "least privilege scopes")
			if !tc.broad {
				if len(got) > 0 {
					t.Errorf("asks to scope: %v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("want one scope finding, got %v", got)
			}
			if m := got[0].Message; !strings.Contains(m, tc.listed) || strings.Contains(m, "ec2:DescribeInstances") {
				t.Errorf("message %q: want %s listed and no action without a resource type", m, tc.listed)
			}
		})
	}
}

// CDK writes ARNs with the literal account and Region. Whether they are the
// environment's is verifiable only when the account is known.
func TestIAMLiteralAccount(t *testing.T) {
	literal := func(a *model.Architecture) {
		replaceStatement(a, "airflow:PublishMetrics",
			grant("arn:aws:airflow:us-east-1:111122223333:environment/"+a.Environments[0].Name, "airflow:PublishMetrics"))
	}
	a := useCase(t, 3)
	literal(a)
	if got := iamFindings(a, model.SeverityWarning, "without its metrics"); len(got) > 0 {
		t.Errorf("unknown account: reported missing: %v", got)
	}
	if got := iamFindings(a, model.SeverityInfo, "111122223333"); len(got) != 1 || !strings.Contains(got[0].Message, "--account") {
		t.Errorf("unknown account: want one not-verifiable finding naming the account and --account, got %v", byRule(check(a), "IAM-02/least-privilege"))
	}

	a = useCase(t, 3)
	a.AccountID = "111122223333"
	literal(a)
	if got := byRule(check(a), "IAM-02/least-privilege"); len(got) > 0 {
		t.Errorf("same account: %v", got)
	}

	a = useCase(t, 3)
	a.AccountID = "444455556666"
	literal(a)
	if got := iamFindings(a, model.SeverityWarning, "without its metrics"); len(got) != 1 {
		t.Errorf("other account: want the metrics warning, got %v", byRule(check(a), "IAM-02/least-privilege"))
	}

	// The example account of AWS's documentation is no stand-in for an unknown account.
	a = useCase(t, 3)
	replaceStatement(a, "airflow:PublishMetrics",
		grant("arn:aws:airflow:us-east-1:123456789012:environment/"+a.Environments[0].Name, "airflow:PublishMetrics"))
	if got := iamFindings(a, model.SeverityInfo, "123456789012"); len(got) != 1 {
		t.Errorf("documentation account: want not verifiable, got %v", byRule(check(a), "IAM-02/least-privilege"))
	}

	// Essential permissions: an error only when the account is known to differ.
	a = useCase(t, 3)
	replaceStatement(a, "sqs:ReceiveMessage", grant("arn:aws:sqs:us-east-1:111122223333:airflow-celery-*", "sqs:*"))
	if got := byRule(check(a), "IAM-02/least-privilege"); len(got) != 1 || got[0].Severity != model.SeverityInfo {
		t.Errorf("queue in a literal account, account unknown: %v", got)
	}
	a.AccountID = "444455556666"
	if got := iamFindings(a, model.SeverityError, "sqs:ReceiveMessage"); len(got) != 1 {
		t.Errorf("queue in another account: %v", byRule(check(a), "IAM-02/least-privilege"))
	}
}

// An action the Service Authorization Reference does not know grants nothing; IAM accepts
// the policy silently, so the rule names it, with the closest real action.
func TestIAMUnknownAction(t *testing.T) {
	a := useCase(t, 3)
	replaceStatement(a, "sqs:ReceiveMessage", grant("arn:aws:sqs:*:*:airflow-celery-*",
		"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:RecieveMessage", "sqs:SendMessage"))
	got := iamFindings(a, model.SeverityWarning, "sqs:RecieveMessage")
	if len(got) != 1 || !strings.Contains(got[0].Message, `did you mean sqs:ReceiveMessage?`) {
		t.Errorf("misspelt action: %v", byRule(check(a), "IAM-02/least-privilege"))
	}
	if got := iamFindings(a, model.SeverityError, "lacks sqs:ReceiveMessage"); len(got) != 1 {
		t.Errorf("the misspelt action must not grant: %v", byRule(check(a), "IAM-02/least-privilege"))
	}
	// Known actions, wildcards that match some, and services the catalogue does not know
	// (it cannot tell) stay quiet.
	a = useCase(t, 3)
	iamStatement(a, grant("arn:aws:s3:::x/*", "s3:Get*", "S3:getobject", "nosuchservice:Foo"))
	if got := iamFindings(a, model.SeverityWarning, "no IAM action"); len(got) > 0 {
		t.Errorf("quiet: %v", got)
	}
	a = useCase(t, 3)
	iamStatement(a, grant("arn:aws:s3:::x/*", "s3:Gte*"))
	if got := iamFindings(a, model.SeverityWarning, "s3:Gte*"); len(got) != 1 {
		t.Errorf("wildcard matching nothing: %v", byRule(check(a), "IAM-02/least-privilege"))
	}
}

// A literal Region other than the one the input is checked in: not verifiable, naming
// both Regions (a CDK template read without --region is checked as us-east-1).
func TestIAMLiteralRegion(t *testing.T) {
	a := useCase(t, 3)
	a.AccountID = "111122223333"
	replaceStatement(a, "airflow:PublishMetrics",
		grant("arn:aws:airflow:eu-west-1:111122223333:environment/"+a.Environments[0].Name, "airflow:PublishMetrics"))
	got := iamFindings(a, model.SeverityInfo, "in Region eu-west-1, and the input is checked in us-east-1")
	if len(got) != 1 || len(iamFindings(a, model.SeverityWarning, "without its metrics")) > 0 {
		t.Errorf("other Region: %v", byRule(check(a), "IAM-02/least-privilege"))
	}
	a.Region = "eu-west-1"
	if got := byRule(check(a), "IAM-02/least-privilege"); len(got) > 0 {
		t.Errorf("same Region: %v", got)
	}
}
