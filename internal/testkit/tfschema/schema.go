// Package tfschema recovers Terraform provider schemas (attribute names,
// required/optional/computed, nested blocks and their nesting mode) from the
// code that the npm package @cdktf/provider-aws ships, so that tests can serve
// the AWS provider's real schema from a stub provider and let `terraform
// validate` check generated configuration without reaching the Terraform
// registry.
//
// The package ships no schema JSON. Every resource has a directory
// lib/<name>/index.js whose inline source map carries the generated
// TypeScript source. That source is machine-written and regular: each
// attribute getter is preceded by a comment
//
//	// vpc_id - computed: false, optional: false, required: true
//
// and each configurable attribute or block appears in a
// synthesizeHclAttributes / xxxToHclTerraform table with isBlock, its
// collection type and storage class. This package reads those two things and
// nothing else.
//
// It is test tooling: it must never be imported by code that ships in the
// mwaanet binary.
package tfschema

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Type is a Terraform value type in a small JSON-friendly form.
type Type struct {
	// Kind is one of string, number, bool, list, set, map, object, dynamic.
	Kind string `json:"kind"`
	// Elem is the element type of list, set and map.
	Elem *Type `json:"elem,omitempty"`
	// Attrs are the attribute types of object.
	Attrs map[string]*Type `json:"attrs,omitempty"`
}

// String renders the type in Terraform's type-constraint syntax.
func (t *Type) String() string {
	if t == nil {
		return "<nil>"
	}
	switch t.Kind {
	case "list", "set", "map":
		return t.Kind + "(" + t.Elem.String() + ")"
	case "object":
		names := make([]string, 0, len(t.Attrs))
		for n := range t.Attrs {
			names = append(names, n)
		}
		sort.Strings(names)
		s := "object({"
		for i, n := range names {
			if i > 0 {
				s += ", "
			}
			s += n + "=" + t.Attrs[n].String()
		}
		return s + "})"
	}
	return t.Kind
}

// Attribute is one attribute of a block.
type Attribute struct {
	Type     *Type `json:"type"`
	Required bool  `json:"required,omitempty"`
	Optional bool  `json:"optional,omitempty"`
	Computed bool  `json:"computed,omitempty"`
}

// NestedBlock is a block type nested in a block.
type NestedBlock struct {
	// Nesting is list, set, single or map.
	Nesting  string `json:"nesting"`
	MinItems int    `json:"min_items,omitempty"`
	MaxItems int    `json:"max_items,omitempty"`
	Block    *Block `json:"block"`
}

// Block is the body of a resource, data source, provider or nested block.
type Block struct {
	Attributes map[string]*Attribute   `json:"attributes,omitempty"`
	Blocks     map[string]*NestedBlock `json:"blocks,omitempty"`
}

// Schema is what a provider serves: its own configuration block and those of
// its resources and data sources, keyed by type name (aws_vpc).
type Schema struct {
	// Source names where the schema came from (package and provider version).
	Source      string            `json:"source"`
	Provider    *Block            `json:"provider"`
	Resources   map[string]*Block `json:"resources"`
	DataSources map[string]*Block `json:"data_sources"`
}

// Marshal encodes the schema as indented JSON with sorted keys.
func (s *Schema) Marshal() ([]byte, error) {
	return json.MarshalIndent(s, "", " ")
}

// Unmarshal decodes a schema written by Marshal.
func Unmarshal(b []byte) (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decoding schema: %w", err)
	}
	if s.Provider == nil {
		return nil, fmt.Errorf("decoding schema: no provider block")
	}
	return &s, nil
}
