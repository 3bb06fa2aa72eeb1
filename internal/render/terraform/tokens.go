package terraform

import "github.com/hashicorp/hcl/v2/hclsyntax"

const (
	tokOQuote    = hclsyntax.TokenOQuote
	tokCQuote    = hclsyntax.TokenCQuote
	tokQuotedLit = hclsyntax.TokenQuotedLit
	tokInterp    = hclsyntax.TokenTemplateInterp
	tokSeqEnd    = hclsyntax.TokenTemplateSeqEnd
)
