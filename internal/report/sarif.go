package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// SARIF 2.1.0 (OASIS), the subset GitHub code scanning reads: one run, the tool's rules,
// and one result per finding located at its file, line and column.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

// sarifHelp is a rule's help: plain text, and the rule page's summary in Markdown (code
// scanning shows the Markdown).
type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	HelpURI              string          `json:"helpUri,omitempty"`
	Help                 sarifHelp       `json:"help"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex *int            `json:"ruleIndex,omitempty"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
	// RelatedLocations hold Finding.Related.
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Properties       map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int           `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

func sarifLevel(s model.Severity) string {
	switch s {
	case model.SeverityError:
		return "error"
	case model.SeverityWarning:
		return "warning"
	}
	return "note"
}

// sarifURI makes a file name a relative URI with forward slashes, as code scanning wants
// paths relative to the repository root.
func sarifURI(file string) string {
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(file)), "./")
}

func sarifLoc(src model.Source, resource string) sarifLocation {
	loc := sarifLocation{}
	// Standard input has no artifact to point at: only the logical location remains.
	if src.File != "" && src.File != "<stdin>" {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(src.File)}}
		if src.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: src.Line, StartColumn: src.Column}
		}
	}
	name := resource
	if name == "" {
		name = src.ID
	}
	if name != "" {
		loc.LogicalLocations = []sarifLogical{{Name: name, Kind: "resource"}}
	}
	return loc
}

func writeSARIF(w io.Writer, r *Report, opts Options) error {
	driver := sarifDriver{
		Name:           "mwaanet",
		InformationURI: "https://github.com/mwaanet/mwaanet",
		Version:        opts.Version,
		Rules:          []sarifRule{},
	}
	index := map[string]int{}
	for _, rule := range r.Rules {
		index[rule.ID] = len(driver.Rules)
		// helpUri is the rule's page in the repository when there is one (it cites the AWS
		// documentation); else the AWS documentation page itself.
		helpURI, helpText := rule.HelpURI, "Requirement "+rule.Requirement+". "+rule.Summary
		if rule.DocURI != "" {
			helpURI = rule.DocURI
			helpText += " See " + rule.DocURI
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   rule.ID,
			Name:                 sarifName(rule.ID),
			ShortDescription:     sarifText{Text: rule.Summary},
			FullDescription:      sarifText{Text: rule.Requirement + ": " + rule.Summary},
			HelpURI:              helpURI,
			Help:                 sarifHelp{Text: helpText, Markdown: rule.Help},
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rule.Severity)},
			Properties:           map[string]any{"requirement": rule.Requirement, "tags": []string{"mwaa", "networking", rule.Requirement}},
		})
	}
	results := []sarifResult{}
	for _, f := range r.Findings {
		msg := f.Message
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		res := sarifResult{
			RuleID:     f.Rule,
			Level:      sarifLevel(f.Severity),
			Message:    sarifText{Text: msg},
			Properties: map[string]any{"requirement": f.Requirement, "resource": f.Resource},
		}
		if i, ok := index[f.Rule]; ok {
			i := i
			res.RuleIndex = &i
		}
		if f.Source.File != "" || f.Resource != "" {
			res.Locations = []sarifLocation{sarifLoc(f.Source, f.Resource)}
		}
		for k, rel := range f.Related {
			loc := sarifLoc(rel, rel.ID)
			id := k + 1
			loc.ID = &id
			loc.Message = &sarifText{Text: "related: " + rel.String()}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifName turns a rule ID into the PascalCase name SARIF viewers show
// ("NET-05/self-reference" -> "Net05SelfReference").
func sarifName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z':
			if up {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		case r >= 'A' && r <= 'Z':
			if !up {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			up = true
		default:
			up = true
		}
	}
	return b.String()
}
