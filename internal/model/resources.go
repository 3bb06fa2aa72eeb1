package model

// Bucket is an S3 bucket with the settings the requirements care about.
type Bucket struct {
	ID   string
	Name string // symbolic allowed; "" lets AWS name it
	// Versioning is Yes when enabled, No when suspended or never enabled.
	Versioning Tri
	// PublicAccessBlock holds BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls,
	// RestrictPublicBuckets, in that order.
	PublicAccessBlock [4]Tri
	// Encryption is the default encryption: "aws:kms", "aws:kms:dsse", "AES256", or ""
	// unknown. (S3 encrypts with AES256 by default since 2023.)
	Encryption string
	KMSKey     string // symbolic key ARN for aws:kms
	BucketKey  Tri
	Policy     *PolicyDocument // the bucket policy, nil when none
	// PolicySource is where the bucket policy was declared (a separate resource).
	PolicySource Source
	Region       string
	Tags         map[string]string
	Source       Source
}

// PublicAccessBlockNames names PublicAccessBlock's four settings, in order.
var PublicAccessBlockNames = [4]string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}

// Key is a KMS key.
type Key struct {
	ID          string
	Description string
	Policy      *PolicyDocument
	MultiRegion Tri
	Rotation    Tri
	Enabled     Tri
	// Aliases are the key's alias names ("alias/mwaa").
	Aliases []string
	Tags    map[string]string
	Source  Source
}

// Role is an IAM role with its trust policy and its permissions.
type Role struct {
	ID               string
	Name             string
	Path             string
	AssumeRolePolicy *PolicyDocument
	// Policies are the inline policies, by name.
	Policies []NamedPolicy
	// ManagedPolicyARNs are attached managed policies (symbolic for ManagedPolicy objects in
	// the input: "${MwaaPolicy}").
	ManagedPolicyARNs []string
	Tags              map[string]string
	Source            Source
}

// NamedPolicy is a policy document with a name (an inline policy).
type NamedPolicy struct {
	Name     string
	Document *PolicyDocument
	Source   Source
}

// ManagedPolicy is a customer managed policy, or an inline AWS::IAM::Policy attached to
// roles by name.
type ManagedPolicy struct {
	ID       string
	Name     string
	Document *PolicyDocument
	Roles    []string // role IDs or names it is attached to
	// Inline is true for AWS::IAM::Policy / aws_iam_role_policy (inline policy declared
	// apart from the role).
	Inline bool
	Source Source
}

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	ID              string
	Name            string
	KMSKey          string
	RetentionInDays int // 0: never expire; -1 unknown
	Source          Source
}

// Alarm is a CloudWatch alarm.
type Alarm struct {
	ID                 string
	Name               string
	Description        string
	Namespace          string // "AmazonMWAA", "AWS/MWAA"
	MetricName         string
	Dimensions         map[string]string // symbolic values allowed
	Statistic          string
	Period             int
	EvaluationPeriods  int
	Threshold          float64
	ComparisonOperator string
	TreatMissingData   string
	AlarmActions       []string
	Source             Source
}

// Topic is an SNS topic, such as the one alarms notify.
type Topic struct {
	ID     string
	Name   string // symbolic allowed; "" lets AWS name it
	KMSKey string // symbolic key ARN or ID; "" unencrypted
	// Subscriptions are the topic's subscribers.
	Subscriptions []Subscription
	Source        Source
}

// Subscription is one subscriber of a topic: Protocol "email", "https", "sqs", ... and
// Endpoint the address.
type Subscription struct {
	Protocol string
	Endpoint string
}

// Parameter is a template parameter (CloudFormation Parameters, Terraform variables) that
// synthesized architectures expose for what a user tunes or must supply.
type Parameter struct {
	Name           string
	Type           string // "String", "Number", "CommaDelimitedList", ...
	Default        string // "" with HasDefault false: required
	HasDefault     bool
	Description    string
	AllowedPattern string
	AllowedValues  []string
	// NoEcho hides the value (secrets).
	NoEcho bool
}

// Output is a template output.
type Output struct {
	Name        string
	Value       string // symbolic
	Description string
	Export      string // symbolic export name; "" none
	// Condition names a condition the output depends on, if any.
	Source Source
}
