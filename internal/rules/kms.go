package rules

import (
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// KMS and IAM: the environment's key and execution role.

func kmsRules() []*Rule {
	return []*Rule{
		rule("KMS-01/customer-key", "KMS-01", model.SeverityError,
			"A customer managed key (not an alias, not multi-Region) whose policy lets CloudWatch Logs and the execution role (via S3 and SQS) use it", checkKey),
	}
}

func iamRules() []*Rule {
	return []*Rule{
		rule("IAM-01/trust", "IAM-01", model.SeverityError,
			"The execution role trusts airflow.amazonaws.com and airflow-env.amazonaws.com", checkTrust),
		rule("IAM-02/least-privilege", "IAM-02", model.SeverityError,
			"The execution role can do what MWAA needs (metrics, bucket, logs, queue) and no more", checkLeastPrivilege),
	}
}

func checkKey(c *Context) {
	env := c.Env
	if env.KMSKey == "" {
		c.ReportAs(model.SeverityWarning, env.ID, env.Source, "the environment is encrypted with an AWS owned key; the reference architecture uses a customer managed key for the environment, its bucket and its logs",
			"create a KMS key (policy: CloudWatch Logs, and the execution role via S3 and SQS) and set KmsKey to its ARN")
		return
	}
	if strings.HasPrefix(env.KMSKey, "alias/") || strings.Contains(env.KMSKey, ":alias/") {
		c.Report(env.ID, env.Source, fmt.Sprintf("KmsKey %q is an alias; MWAA needs the key's ARN", env.KMSKey), "set KmsKey to the key ARN (!GetAtt Key.Arn)")
		return
	}
	k := c.envKey()
	if k == nil {
		c.NotVerifiable(env.ID, env.Source, fmt.Sprintf("the policy of key %s (outside the input)", env.KMSKey))
		return
	}
	if k.MultiRegion == model.Yes {
		c.Report(k.ID, k.Source, fmt.Sprintf("key %s is a multi-Region key; MWAA needs a single-Region customer managed key", k.ID), "use a single-Region key (MultiRegion: false)")
	}
	if k.Policy == nil {
		if c.Arch.IsUnknown(model.UnknownKeyPolicy) || k.Source.File == "" {
			c.NotVerifiable(k.ID, k.Source, "the policy of key "+k.ID)
		}
		return
	}
	logs, role, delegated := false, false, false
	for _, st := range k.Policy.Statements {
		if !st.Allows() || !(st.HasAction("kms:Decrypt") || st.HasAction("kms:GenerateDataKey")) {
			continue
		}
		for kind, ps := range st.Principal {
			for _, p := range ps {
				switch {
				case kind == "Service" && strings.HasPrefix(c.norm(p), "logs."):
					logs = true
				case kind == "*" || p == "*":
					logs, role = true, true
				case kind == "AWS" && strings.HasSuffix(c.norm(p), ":root"):
					delegated = true
				case kind == "AWS" && refersTo(p, refID(env.ExecutionRoleARN)) || p == env.ExecutionRoleARN:
					role = true
				}
			}
		}
	}
	if !logs {
		c.Report(k.ID, or(k.Policy.Source, k.Source), fmt.Sprintf("the policy of key %s does not let CloudWatch Logs (logs.%s.amazonaws.com) use it: the environment's encrypted log groups cannot be written", k.ID, c.norm("${AWS::Region}")),
			"add a key policy statement allowing kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe* to the service principal logs.REGION.amazonaws.com, conditioned on the log group ARN airflow-ENV-*")
	}
	if !role && !delegated {
		c.Report(k.ID, or(k.Policy.Source, k.Source), fmt.Sprintf("the policy of key %s lets neither the execution role nor the account's IAM policies use it", k.ID),
			"allow the execution role kms:Decrypt, DescribeKey, GenerateDataKey*, Encrypt with kms:ViaService sqs and s3 of the Region")
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
