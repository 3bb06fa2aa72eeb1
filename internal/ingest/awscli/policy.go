package awscli

import (
	"github.com/mwaanet/mwaanet/internal/ingest/iampolicy"
	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// policyDoc reads an IAM policy document given as a JSON object or as a string holding
// JSON.
func (f *file) policyDoc(v *jsonpos.Node, key string) *model.PolicyDocument {
	doc, errs := iampolicy.Parse(v, f.path, key)
	*f.errs = append(*f.errs, errs...)
	return doc
}
