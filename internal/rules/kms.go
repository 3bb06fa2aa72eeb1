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
