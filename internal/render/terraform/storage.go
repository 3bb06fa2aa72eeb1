package terraform

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

const storageFile = "storage.tf"

// storage writes the KMS keys and the S3 buckets, each bucket setting as its own resource.
func (r *renderer) storage() error {
	for _, k := range r.a.Keys {
		name := r.nameOf(k.ID)
		b := r.resource(storageFile, "aws_kms_key", name)
		r.setSym(b, "description", k.Description)
		setBool(b, "enable_key_rotation", k.Rotation)
		setBool(b, "multi_region", k.MultiRegion)
		setBool(b, "is_enabled", k.Enabled)
		if k.Policy != nil {
			b.SetAttributeRaw("policy", travTokens(trav("data", "aws_iam_policy_document", name+"_policy", "json")))
		}
		r.tags(b, k.Tags)
		for i, alias := range k.Aliases {
			an := name
			if i > 0 {
				an = fmt.Sprintf("%s_%d", name, i+1)
			}
			ab := r.resource(storageFile, "aws_kms_alias", an)
			ab.SetAttributeRaw("name", r.sym(alias))
			ab.SetAttributeRaw("target_key_id", travTokens(attr(r.refs[k.ID].addr, "key_id")))
		}
		if k.Policy != nil {
			r.policyDocument(storageFile, name+"_policy", k.Policy)
		}
	}
	for _, bk := range r.a.Buckets {
		name := r.nameOf(bk.ID)
		bucket := travTokens(attr(r.refs[bk.ID].addr, "id"))
		b := r.resource(storageFile, "aws_s3_bucket", name)
		r.setSym(b, "bucket", bk.Name)
		r.tags(b, bk.Tags)
		if bk.Versioning.Known() {
			vb := r.resource(storageFile, "aws_s3_bucket_versioning", name)
			vb.SetAttributeRaw("bucket", bucket)
			vb.AppendNewline()
			status := "Enabled"
			if bk.Versioning == model.No {
				status = "Suspended"
			}
			vb.AppendNewBlock("versioning_configuration", nil).Body().SetAttributeValue("status", cty.StringVal(status))
		}
		known := false
		for _, t := range bk.PublicAccessBlock {
			known = known || t.Known()
		}
		if known {
			pb := r.resource(storageFile, "aws_s3_bucket_public_access_block", name)
			pb.SetAttributeRaw("bucket", bucket)
			for i, arg := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
				setBool(pb, arg, bk.PublicAccessBlock[i])
			}
		}
		if bk.Encryption != "" {
			eb := r.resource(storageFile, "aws_s3_bucket_server_side_encryption_configuration", name)
			eb.SetAttributeRaw("bucket", bucket)
			eb.AppendNewline()
			rule := eb.AppendNewBlock("rule", nil).Body()
			def := rule.AppendNewBlock("apply_server_side_encryption_by_default", nil).Body()
			def.SetAttributeValue("sse_algorithm", cty.StringVal(bk.Encryption))
			r.setSym(def, "kms_master_key_id", bk.KMSKey)
			setBool(rule, "bucket_key_enabled", bk.BucketKey)
		}
		if bk.Policy != nil {
			doc := r.policyDocument(storageFile, name+"_policy", bk.Policy)
			pb := r.resource(storageFile, "aws_s3_bucket_policy", name)
			pb.SetAttributeRaw("bucket", bucket)
			pb.SetAttributeRaw("policy", doc)
			if known {
				// S3 rejects a policy while the public access block is being applied.
				pb.AppendNewline()
				pb.SetAttributeRaw("depends_on", exprTokens("[aws_s3_bucket_public_access_block."+name+"]"))
			}
		}
	}
	return nil
}
