// Command tfstub is a schema-only Terraform provider for tests. It serves,
// under the address registry.terraform.io/hashicorp/aws, the schema written
// by tfschema (read from the file named by $MWAANET_TFSTUB_SCHEMA), so that
// `terraform validate` can check configuration against the AWS provider's
// real attribute names, required arguments and nested blocks without the
// Terraform registry. Every validation RPC succeeds; plans and data-source
// reads are made up without AWS (plan.go), so that `terraform plan` and
// `terraform show -json` work; every RPC that would change real
// infrastructure fails. It must never be shipped: tests build
// it into a temporary directory and point Terraform at it with a CLI
// configuration holding dev_overrides.
package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mwaanet/mwaanet/internal/testkit/tfschema"
)

// SchemaEnv names the environment variable holding the schema file's path.
const SchemaEnv = "MWAANET_TFSTUB_SCHEMA"

func main() {
	path := os.Getenv(SchemaEnv)
	if path == "" {
		fmt.Fprintf(os.Stderr, "tfstub: %s is not set\n", SchemaEnv)
		os.Exit(1)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tfstub: %v\n", err)
		os.Exit(1)
	}
	s, err := tfschema.Unmarshal(b)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tfstub: %s: %v\n", path, err)
		os.Exit(1)
	}
	p := newProvider(s)
	if err := tf6server.Serve("registry.terraform.io/hashicorp/aws",
		func() tfprotov6.ProviderServer { return p }); err != nil {
		fmt.Fprintf(os.Stderr, "tfstub: %v\n", err)
		os.Exit(1)
	}
}

type provider struct {
	src    *tfschema.Schema
	schema *tfprotov6.GetProviderSchemaResponse
	meta   *tfprotov6.GetMetadataResponse
}

func newProvider(s *tfschema.Schema) *provider {
	p := &provider{
		src: s,
		schema: &tfprotov6.GetProviderSchemaResponse{
			Provider:          &tfprotov6.Schema{Block: protoBlock(s.Provider)},
			ResourceSchemas:   map[string]*tfprotov6.Schema{},
			DataSourceSchemas: map[string]*tfprotov6.Schema{},
		},
		meta: &tfprotov6.GetMetadataResponse{},
	}
	for _, n := range slices.Sorted(maps.Keys(s.Resources)) {
		p.schema.ResourceSchemas[n] = &tfprotov6.Schema{Block: protoBlock(s.Resources[n])}
		p.meta.Resources = append(p.meta.Resources, tfprotov6.ResourceMetadata{TypeName: n})
	}
	for _, n := range slices.Sorted(maps.Keys(s.DataSources)) {
		p.schema.DataSourceSchemas[n] = &tfprotov6.Schema{Block: protoBlock(s.DataSources[n])}
		p.meta.DataSources = append(p.meta.DataSources, tfprotov6.DataSourceMetadata{TypeName: n})
	}
	return p
}

func protoBlock(b *tfschema.Block) *tfprotov6.SchemaBlock {
	out := &tfprotov6.SchemaBlock{}
	for _, n := range slices.Sorted(maps.Keys(b.Attributes)) {
		a := b.Attributes[n]
		out.Attributes = append(out.Attributes, &tfprotov6.SchemaAttribute{
			Name: n, Type: protoType(a.Type),
			Required: a.Required, Optional: a.Optional, Computed: a.Computed,
		})
	}
	for _, n := range slices.Sorted(maps.Keys(b.Blocks)) {
		nb := b.Blocks[n]
		mode := map[string]tfprotov6.SchemaNestedBlockNestingMode{
			"list":   tfprotov6.SchemaNestedBlockNestingModeList,
			"set":    tfprotov6.SchemaNestedBlockNestingModeSet,
			"single": tfprotov6.SchemaNestedBlockNestingModeSingle,
			"map":    tfprotov6.SchemaNestedBlockNestingModeMap,
		}[nb.Nesting]
		out.BlockTypes = append(out.BlockTypes, &tfprotov6.SchemaNestedBlock{
			TypeName: n, Nesting: mode, Block: protoBlock(nb.Block),
			MinItems: int64(nb.MinItems), MaxItems: int64(nb.MaxItems),
		})
	}
	return out
}

func protoType(t *tfschema.Type) tftypes.Type {
	switch t.Kind {
	case "string":
		return tftypes.String
	case "number":
		return tftypes.Number
	case "bool":
		return tftypes.Bool
	case "list":
		return tftypes.List{ElementType: protoType(t.Elem)}
	case "set":
		return tftypes.Set{ElementType: protoType(t.Elem)}
	case "map":
		return tftypes.Map{ElementType: protoType(t.Elem)}
	case "object":
		attrs := map[string]tftypes.Type{}
		for n, a := range t.Attrs {
			attrs[n] = protoType(a)
		}
		return tftypes.Object{AttributeTypes: attrs}
	}
	return tftypes.DynamicPseudoType
}

func unsupported(rpc string) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  "Schema-only provider",
		Detail:   rpc + " is not supported: this provider only serves schemas for terraform validate.",
	}}
}

func (p *provider) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return p.meta, nil
}

func (p *provider) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return p.schema, nil
}

func (p *provider) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{}}, nil
}

func (p *provider) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (p *provider) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (p *provider) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (p *provider) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (p *provider) UpgradeResourceState(context.Context, *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: unsupported("UpgradeResourceState")}, nil
}

func (p *provider) ReadResource(context.Context, *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{Diagnostics: unsupported("ReadResource")}, nil
}

func (p *provider) ApplyResourceChange(context.Context, *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: unsupported("ApplyResourceChange")}, nil
}

func (p *provider) ImportResourceState(context.Context, *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return &tfprotov6.ImportResourceStateResponse{Diagnostics: unsupported("ImportResourceState")}, nil
}

func (p *provider) MoveResourceState(context.Context, *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: unsupported("MoveResourceState")}, nil
}

func (p *provider) UpgradeResourceIdentity(context.Context, *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return &tfprotov6.UpgradeResourceIdentityResponse{Diagnostics: unsupported("UpgradeResourceIdentity")}, nil
}

func (p *provider) ValidateDataResourceConfig(context.Context, *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{}, nil
}

func (p *provider) CallFunction(context.Context, *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: "schema-only provider"}}, nil
}

func (p *provider) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{Functions: map[string]*tfprotov6.Function{}}, nil
}

func (p *provider) ValidateEphemeralResourceConfig(context.Context, *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov6.ValidateEphemeralResourceConfigResponse{}, nil
}

func (p *provider) OpenEphemeralResource(context.Context, *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: unsupported("OpenEphemeralResource")}, nil
}

func (p *provider) RenewEphemeralResource(context.Context, *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return &tfprotov6.RenewEphemeralResourceResponse{Diagnostics: unsupported("RenewEphemeralResource")}, nil
}

func (p *provider) CloseEphemeralResource(context.Context, *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return &tfprotov6.CloseEphemeralResourceResponse{Diagnostics: unsupported("CloseEphemeralResource")}, nil
}

func (p *provider) GenerateResourceConfig(context.Context, *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return &tfprotov6.GenerateResourceConfigResponse{Diagnostics: unsupported("GenerateResourceConfig")}, nil
}
