package design

import (
	"strconv"

	"github.com/mwaanet/mwaanet/internal/model"
)

func itoa(i int) string { return strconv.Itoa(i) }

// Symbolic ARNs and names the policies share.
const (
	rootPrincipal = "arn:" + model.PseudoPartition + ":iam::" + model.PseudoAccountID + ":root"
	sqsVia        = "sqs." + model.PseudoRegion + "." + model.PseudoURLSuffix
	s3Via         = "s3." + model.PseudoRegion + "." + model.PseudoURLSuffix
	logsPrincipal = "logs." + model.PseudoRegion + "." + model.PseudoURLSuffix
)

// bucketRef is the symbolic ARN of the DAG bucket (created or existing).
func (b *builder) bucketRef() string {
	if b.s.Bucket.ExistingARN != "" {
		return b.s.Bucket.ExistingARN
	}
	return model.Att(IDDagBucket, "Arn")
}

// logGroupsARN is the ARN pattern of the environment's log groups (airflow-ENV-*).
func (b *builder) logGroupsARN() string {
	return "arn:" + model.PseudoPartition + ":logs:" + model.PseudoRegion + ":" + model.PseudoAccountID +
		":log-group:airflow-" + b.s.Name + "-*"
}

// storage adds the customer managed key (KMS-01) and the DAG bucket (S3-01, S3-02), unless
// the spec names existing ones.
func (b *builder) storage() {
	s := b.s
	if s.Key.ExistingARN != "" {
		b.keyARN = s.Key.ExistingARN
	} else {
		b.keyARN = model.Att(IDKey, "Arn")
		alias := s.Key.Alias
		if alias == "" {
			alias = "alias/" + s.Name
		}
		b.a.Keys = append(b.a.Keys, &model.Key{
			ID:          IDKey,
			Description: "MWAA environment " + s.Name + ": DAG bucket, logs and environment data (KMS-01)",
			Policy: &model.PolicyDocument{Version: "2012-10-17", Statements: []model.Statement{
				{
					Sid: "AccountAdministration", Effect: "Allow",
					Principal: map[string][]string{"AWS": {rootPrincipal}},
					Action:    []string{"kms:*"}, Resource: []string{"*"},
				},
				{
					Sid: "CloudWatchLogs", Effect: "Allow",
					Principal: map[string][]string{"Service": {logsPrincipal}},
					Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
					Resource:  []string{"*"},
					Condition: map[string]map[string][]string{
						"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {b.logGroupsARN()}},
					},
				},
				{
					Sid: "ExecutionRoleViaS3AndSQS", Effect: "Allow",
					Principal: map[string][]string{"AWS": {model.Att(IDExecutionRole, "Arn")}},
					Action:    []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"},
					Resource:  []string{"*"},
					Condition: map[string]map[string][]string{
						"StringLike": {"kms:ViaService": {sqsVia, s3Via}},
					},
				},
			}},
			MultiRegion: model.No, Rotation: model.Yes, Enabled: model.Yes,
			Aliases: []string{alias},
			Tags:    b.tags(b.name("key")),
			Source:  b.src("key", IDKey),
		})
	}
	if s.Bucket.ExistingARN != "" {
		b.bucketARN = s.Bucket.ExistingARN
		return
	}
	b.bucketARN = model.Att(IDDagBucket, "Arn")
	bucket := b.bucketARN
	b.a.Buckets = append(b.a.Buckets, &model.Bucket{
		ID: IDDagBucket, Name: s.Bucket.Name,
		Versioning:        model.Yes,
		PublicAccessBlock: [4]model.Tri{model.Yes, model.Yes, model.Yes, model.Yes},
		Encryption:        "aws:kms", KMSKey: b.keyARN, BucketKey: model.Yes,
		Policy: &model.PolicyDocument{Version: "2012-10-17", Statements: []model.Statement{{
			Sid: "DenyInsecureTransport", Effect: "Deny",
			Principal: map[string][]string{"*": {"*"}},
			Action:    []string{"s3:*"},
			Resource:  []string{bucket, bucket + "/*"},
			Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
		}}},
		PolicySource: b.src("bucket", "DagBucketPolicy"),
		Region:       s.Region,
		Tags:         b.tags(b.name("dags")),
		Source:       b.src("bucket", IDDagBucket),
	})
}

// role adds the execution role (IAM-01) and its least-privilege policy (IAM-02). The
// policy is a separate inline policy (ExecutionPolicy) so that the key policy can name the
// role while the role's policy names the key.
func (b *builder) role() {
	s := b.s
	bucket := b.bucketARN
	b.a.Roles = append(b.a.Roles, &model.Role{
		ID: IDExecutionRole, Path: "/service-role/",
		AssumeRolePolicy: &model.PolicyDocument{Version: "2012-10-17", Statements: []model.Statement{{
			Effect:    "Allow",
			Principal: map[string][]string{"Service": append([]string(nil), model.MWAAServicePrincipals...)},
			Action:    []string{"sts:AssumeRole"},
		}}},
		Tags:   b.tags(b.name("execution-role")),
		Source: b.src("name", IDExecutionRole),
	})
	statements := []model.Statement{
		{
			Sid: "PublishMetrics", Effect: "Allow", Action: []string{"airflow:PublishMetrics"},
			Resource: []string{"arn:" + model.PseudoPartition + ":airflow:" + model.PseudoRegion + ":" + model.PseudoAccountID + ":environment/" + s.Name},
		},
		{
			Sid: "DenyListAllBuckets", Effect: "Deny", Action: []string{"s3:ListAllMyBuckets"},
			Resource: []string{bucket, bucket + "/*"},
		},
		{
			Sid: "ReadDagBucket", Effect: "Allow", Action: []string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"},
			Resource: []string{bucket, bucket + "/*"},
		},
		{
			Sid: "EnvironmentLogs", Effect: "Allow",
			Action: []string{"logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents",
				"logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults"},
			Resource: []string{b.logGroupsARN()},
		},
		{
			Sid: "DescribeLogGroups", Effect: "Allow", Action: []string{"logs:DescribeLogGroups"},
			Resource: []string{"*"},
		},
		{
			Sid: "AccountPublicAccessBlock", Effect: "Allow", Action: []string{"s3:GetAccountPublicAccessBlock"},
			Resource: []string{"*"},
		},
		{
			Sid: "PutMetricData", Effect: "Allow", Action: []string{"cloudwatch:PutMetricData"},
			Resource: []string{"*"},
		},
		{
			Sid: "CeleryQueues", Effect: "Allow",
			Action: []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
				"sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"},
			Resource: []string{"arn:" + model.PseudoPartition + ":sqs:" + model.PseudoRegion + ":*:airflow-celery-*"},
		},
	}
	if b.keyARN != "" {
		statements = append(statements, model.Statement{
			Sid: "KeyViaS3AndSQS", Effect: "Allow",
			Action:   []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"},
			Resource: []string{b.keyARN},
			Condition: map[string]map[string][]string{
				"StringLike": {"kms:ViaService": {sqsVia, s3Via}},
			},
		})
	}
	b.a.ManagedPolicies = append(b.a.ManagedPolicies, &model.ManagedPolicy{
		ID: IDExecutionPolicy, Name: s.Name + "-execution-policy",
		Document: &model.PolicyDocument{Version: "2012-10-17", Statements: statements},
		Roles:    []string{IDExecutionRole}, Inline: true,
		Source: b.src("name", IDExecutionPolicy),
	})
}
