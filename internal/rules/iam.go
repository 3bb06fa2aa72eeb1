package rules

import (
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// IAM: the environment's execution role (IAM-01 trust, IAM-02 least privilege).

func iamRules() []*Rule {
	return []*Rule{
		rule("IAM-01/trust", "IAM-01", model.SeverityError,
			"The execution role trusts airflow.amazonaws.com and airflow-env.amazonaws.com", checkTrust),
		rule("IAM-02/least-privilege", "IAM-02", model.SeverityError,
			"The execution role can do what MWAA needs (metrics, bucket, logs, queue) and no more", checkLeastPrivilege),
	}
}

func checkTrust(c *Context) {
	r := c.roleOrNotVerifiable("trust policy")
	if r == nil {
		return
	}
	if r.AssumeRolePolicy == nil {
		c.NotVerifiable(r.ID, r.Source, "trust policy of role "+r.ID)
		return
	}
	trusted := map[string]bool{}
	for _, st := range r.AssumeRolePolicy.Statements {
		if !st.Allows() {
			continue
		}
		for _, p := range st.Principal["Service"] {
			trusted[c.norm(p)] = true
		}
	}
	var missing []string
	for _, p := range model.MWAAServicePrincipals {
		if !trusted[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		c.Report(r.ID, or(r.AssumeRolePolicy.Source, r.Source), fmt.Sprintf("execution role %s does not trust %s; MWAA cannot assume it", r.ID, strings.Join(missing, " and ")),
			"allow sts:AssumeRole to the service principals airflow.amazonaws.com and airflow-env.amazonaws.com")
	}
}

func (c *Context) roleOrNotVerifiable(what string) *model.Role {
	arn := c.Env.ExecutionRoleARN
	if arn == "" {
		c.Report(c.Env.ID, c.envSource(), "the environment names no execution role (ExecutionRoleArn)", "create an execution role (IAM-01, IAM-02) and set ExecutionRoleArn")
		return nil
	}
	r := c.envRole()
	if r == nil {
		c.NotVerifiable(c.Env.ID, c.envSource(), fmt.Sprintf("the %s of role %s (outside the input)", what, arn))
	}
	return r
}

// wildcardOK are actions AWS requires on resource "*".
var wildcardOK = []string{"cloudwatch:putmetricdata", "logs:describeloggroups", "s3:getaccountpublicaccessblock",
	"airflow:publishmetrics", "kms:decrypt", "kms:describekey", "kms:generatedatakey*", "kms:encrypt", "ecr:getauthorizationtoken"}

func checkLeastPrivilege(c *Context) {
	if c.Env.ExecutionRoleARN == "" {
		return // IAM-01 reports it
	}
	r := c.envRole()
	if r == nil {
		c.NotVerifiable(c.Env.ID, c.envSource(), fmt.Sprintf("the permissions of role %s (outside the input)", c.Env.ExecutionRoleARN))
		return
	}
	docs, srcs, outside := c.rolePolicies(r)
	if c.Arch.IsUnknown(model.UnknownRolePolicies) {
		outside = true
	}
	region, acct := c.norm("${AWS::Region}"), c.norm("${AWS::AccountId}")
	name := c.norm(c.Env.Name)
	bucket := c.bucketARN()
	// Without the bucket, the queue or the logs the environment does not work (error);
	// without the metrics permissions it works blind (warning).
	type permission struct {
		action, resource, what string
		essential              bool
	}
	need := []permission{
		{"airflow:PublishMetrics", fmt.Sprintf("arn:%s:airflow:%s:%s:environment/%s", c.Partition, region, acct, name), "publish the environment's metrics", false},
		{"logs:PutLogEvents", fmt.Sprintf("arn:%s:logs:%s:%s:log-group:airflow-%s-Task:log-stream:x", c.Partition, region, acct, name), "write its logs", true},
		{"sqs:ReceiveMessage", fmt.Sprintf("arn:%s:sqs:%s:%s:airflow-celery-0a1b2c", c.Partition, region, acct), "use its task queue", true},
		{"cloudwatch:PutMetricData", "*", "put metrics", false},
	}
	if bucket != "" {
		need = append(need, permission{"s3:GetObject", bucket + "/dags/dag.py", "read its DAGs", true})
	}
	allows := func(action, resource string) bool {
		for _, d := range docs {
			if c.policyAllows(d, action, resource) {
				return true
			}
		}
		return false
	}
	var missing, missingMetrics []string
	for _, n := range need {
		if !allows(n.action, n.resource) {
			if n.essential {
				missing = append(missing, n.action+" ("+n.what+")")
			} else {
				missingMetrics = append(missingMetrics, n.action+" ("+n.what+")")
			}
		}
	}
	fix := "grant the execution role the permissions of the MWAA user guide (mwaa-create-role), scoped to the environment's bucket, queue, log groups and name"
	switch {
	case outside && len(missing)+len(missingMetrics) > 0:
		c.NotVerifiable(r.ID, r.Source, fmt.Sprintf("whether role %s can %s (some of its policies are outside the input)", r.ID, strings.Join(append(missing, missingMetrics...), ", ")))
	case len(missing) > 0:
		c.Report(r.ID, r.Source, fmt.Sprintf("execution role %s lacks %s: the environment cannot work", r.ID, strings.Join(missing, ", ")), fix)
	}
	if !outside && len(missingMetrics) > 0 {
		c.ReportAs(model.SeverityWarning, r.ID, r.Source, fmt.Sprintf("execution role %s lacks %s on environment %s: the environment runs without its metrics", r.ID, strings.Join(missingMetrics, ", "), c.Env.Name), fix)
	}
	denyList := false
	for i, d := range docs {
		for _, st := range d.Statements {
			if !st.Allows() {
				if st.HasAction("s3:ListAllMyBuckets") {
					denyList = true
				}
				continue
			}
			if kmsUse(st) && !viaService(st) {
				c.ReportAs(model.SeverityWarning, r.ID, or(st.Source, srcs[i]), fmt.Sprintf("execution role %s may use KMS keys directly; least privilege allows them only through S3 and SQS (kms:ViaService)", r.ID),
					"add a Condition StringLike kms:ViaService [sqs.REGION.amazonaws.com, s3.REGION.amazonaws.com] to the statement")
			}
			if !contains(st.Resource, "*") || len(st.Condition) > 0 {
				continue
			}
			var broad []string
			for _, a := range st.Action {
				la := strings.ToLower(a)
				if !contains(wildcardOK, la) {
					broad = append(broad, a)
				}
			}
			if len(broad) > 0 {
				c.ReportAs(model.SeverityWarning, r.ID, or(st.Source, srcs[i]), fmt.Sprintf("execution role %s allows %s on every resource (*); least privilege scopes them to the environment's bucket, queue, log groups and key", r.ID, strings.Join(broad, ", ")),
					"scope the statement's Resource")
			}
		}
	}
	if !denyList && len(docs) > 0 {
		c.ReportAs(model.SeverityWarning, r.ID, r.Source, fmt.Sprintf("execution role %s has no explicit deny of s3:ListAllMyBuckets", r.ID),
			"add a Deny statement for s3:ListAllMyBuckets (MWAA's guide does)")
	}
}

// kmsUse reports whether st allows decrypting or generating data keys.
func kmsUse(st model.Statement) bool {
	return st.HasAction("kms:Decrypt") || st.HasAction("kms:GenerateDataKey")
}

// viaService reports whether st is conditioned on kms:ViaService.
func viaService(st model.Statement) bool {
	for _, keys := range st.Condition {
		for k := range keys {
			if strings.EqualFold(k, "kms:ViaService") {
				return true
			}
		}
	}
	return false
}
