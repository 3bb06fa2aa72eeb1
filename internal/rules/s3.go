package rules

import (
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// S3: the DAG bucket and the paths the environment reads from it.

func s3Rules() []*Rule {
	return []*Rule{
		rule("S3-01/bucket", "S3-01", model.SeverityError,
			"DAG bucket: all four Block Public Access settings on, versioning enabled, in the environment's Region", checkBucket),
		rule("S3-02/bucket-encryption", "S3-02", model.SeverityWarning,
			"DAG bucket: encrypted with the customer managed key; a bucket policy that denies non-TLS requests", checkBucketEncryption),
		rule("S3-03/paths", "S3-03", model.SeverityError,
			"The environment names a bucket ARN without trailing slash and a DAG folder; plugins.zip and requirements.txt paths are keys in it", checkS3Paths),
	}
}

// bucketOrNotVerifiable returns the environment's bucket, or reports that what needs it is
// not verifiable from this input.
func (c *Context) bucketOrNotVerifiable(what string) *model.Bucket {
	if c.Env.SourceBucketARN == "" {
		return nil // S3-03 reports it
	}
	b := c.envBucket()
	if b == nil {
		c.NotVerifiable(c.Env.ID, c.envSource(), fmt.Sprintf("%s of bucket %s (outside the input)", what, c.Env.SourceBucketARN))
	}
	return b
}

func checkBucket(c *Context) {
	b := c.bucketOrNotVerifiable("Block Public Access, versioning and Region")
	if b == nil {
		return
	}
	var off []string
	unknown := c.Arch.IsUnknown(model.UnknownBucketPAB)
	for i, v := range b.PublicAccessBlock {
		switch v {
		case model.No:
			off = append(off, model.PublicAccessBlockNames[i])
		case model.Unknown:
			unknown = true
		}
	}
	switch {
	case len(off) > 0:
		c.Report(b.ID, b.Source, fmt.Sprintf("bucket %s does not block public access (%s off); MWAA requires all four Block Public Access settings on", b.ID, strings.Join(off, ", ")),
			"set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets true")
	case unknown:
		c.NotVerifiable(b.ID, b.Source, "Block Public Access of bucket "+b.ID)
	}
	switch b.Versioning {
	case model.No:
		c.Report(b.ID, b.Source, fmt.Sprintf("bucket %s has versioning off; MWAA requires a versioned bucket", b.ID),
			"set VersioningConfiguration: {Status: Enabled}")
	case model.Unknown:
		c.NotVerifiable(b.ID, b.Source, "versioning of bucket "+b.ID)
	}
	if b.Region != "" && c.Arch.Region != "" && b.Region != c.Arch.Region {
		c.Report(b.ID, b.Source, fmt.Sprintf("bucket %s is in %s; the environment is in %s and MWAA needs its bucket in the same Region", b.ID, b.Region, c.Arch.Region),
			"use a bucket in the environment's Region")
	}
}

func checkBucketEncryption(c *Context) {
	b := c.bucketOrNotVerifiable("encryption and bucket policy")
	if b == nil {
		return
	}
	switch {
	case b.Encryption == "" && c.Arch.IsUnknown(model.UnknownBucketEncryption):
		c.NotVerifiable(b.ID, b.Source, "encryption of bucket "+b.ID)
	case !strings.HasPrefix(b.Encryption, "aws:kms") || b.KMSKey == "":
		enc := b.Encryption
		if enc == "" {
			enc = "AES256, S3's default"
		}
		c.Report(b.ID, b.Source, fmt.Sprintf("bucket %s is not encrypted with a customer managed key (%s); the reference architecture encrypts the DAG bucket with the environment's key", b.ID, enc),
			"set BucketEncryption to aws:kms with the environment's customer managed key (and BucketKeyEnabled)")
	case c.Env.KMSKey != "" && refID(b.KMSKey) != refID(c.Env.KMSKey) && c.norm(b.KMSKey) != c.norm(c.Env.KMSKey):
		c.ReportAs(model.SeverityInfo, b.ID, b.Source, fmt.Sprintf("bucket %s is encrypted with %s, the environment with %s: the execution role needs both", b.ID, b.KMSKey, c.Env.KMSKey), "")
	}
	if b.Policy == nil && b.PolicySource.IsZero() && c.Arch.IsUnknown(model.UnknownBucketPolicy) {
		// A snapshot without the bucket policy says nothing about it.
		c.NotVerifiable(b.ID, b.Source, "the TLS-only policy of bucket "+b.ID)
		return
	}
	if !denyInsecureTransport(b.Policy) {
		c.Report(b.ID, or(b.PolicySource, b.Source), fmt.Sprintf("bucket %s has no policy denying requests without TLS (aws:SecureTransport false)", b.ID),
			"add a bucket policy statement: Deny s3:* on the bucket and its objects when aws:SecureTransport is false")
	}
}

func denyInsecureTransport(doc *model.PolicyDocument) bool {
	if doc == nil {
		return false
	}
	for _, st := range doc.Statements {
		if st.Allows() {
			continue
		}
		for _, keys := range st.Condition {
			for k, vs := range keys {
				if strings.EqualFold(k, "aws:SecureTransport") && contains(vs, "false") {
					return true
				}
			}
		}
	}
	return false
}

func checkS3Paths(c *Context) {
	env := c.Env
	arn := env.SourceBucketARN
	switch {
	case arn == "":
		c.Report(env.ID, env.Source, "the environment names no source bucket (SourceBucketArn)", "set SourceBucketArn to the DAG bucket's ARN")
	case strings.HasSuffix(arn, "/"):
		c.Report(env.ID, env.Source, fmt.Sprintf("SourceBucketArn %q ends with a slash; MWAA rejects it", arn), "remove the trailing slash")
	case !model.IsSymbolic(arn) && !strings.HasPrefix(arn, "arn:") && c.envBucket() == nil:
		// A bucket of the input named by its ID (a Terraform address whose bucket name
		// is known only after apply) is the bucket's ARN, as the input will set it.
		c.Report(env.ID, env.Source, fmt.Sprintf("SourceBucketArn %q is not an ARN", arn), "use arn:aws:s3:::BUCKET")
	}
	if env.DagS3Path == "" {
		c.Report(env.ID, env.Source, "the environment names no DAG folder (DagS3Path)", "set DagS3Path: dags")
	}
	for _, p := range []struct{ prop, val, ext string }{
		{"DagS3Path", env.DagS3Path, ""}, {"PluginsS3Path", env.PluginsS3Path, ".zip"},
		{"RequirementsS3Path", env.RequirementsS3Path, ".txt"}, {"StartupScriptS3Path", env.StartupScriptS3Path, ".sh"}} {
		if p.val == "" || model.IsSymbolic(p.val) {
			continue
		}
		if strings.HasPrefix(p.val, "s3://") || strings.HasPrefix(p.val, "/") {
			c.Report(env.ID, env.Source, fmt.Sprintf("%s %q must be a key relative to the bucket (like dags or plugins.zip), not a URL or absolute path", p.prop, p.val),
				fmt.Sprintf("set %s to the key inside the bucket", p.prop))
		} else if p.ext != "" && !strings.HasSuffix(p.val, p.ext) {
			c.ReportAs(model.SeverityWarning, env.ID, env.Source, fmt.Sprintf("%s %q does not end in %s", p.prop, p.val, p.ext), "")
		}
	}
}
