package cfn

import (
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/report"
)

const templateGuide = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html"

// Rules describes the findings Read can add to Architecture.IngestFindings, for reports
// that list every rule that ran (SARIF rule descriptors, `mwaanet rules`).
func Rules() []report.Rule {
	r := func(id string, sev model.Severity, summary string) report.Rule {
		return report.Rule{ID: id, Requirement: InputRequirement, Severity: sev, Summary: summary, HelpURI: templateGuide}
	}
	return []report.Rule{
		r(RuleDuplicateLogicalID, model.SeverityError, "A logical ID is defined twice in one template section; CloudFormation silently uses the last definition"),
		r(RuleDuplicateKey, model.SeverityError, "A mapping key is defined twice; YAML forbids it and the last definition is used"),
		r(RuleDuplicateSame, model.SeverityWarning, "A key or logical ID is defined twice with the same value; CloudFormation deploys it, but YAML forbids duplicate keys"),
		r(RuleDuplicateExport, model.SeverityError, "Two outputs export the same name"),
		r(RuleBadNumber, model.SeverityError, "A port, ICMP type or code, or ACL rule number is outside the range EC2 accepts, or a port range is reversed"),
		r(RuleParamNotAllowed, model.SeverityError, "A parameter's value is not one of its AllowedValues"),
		r(RuleUnknownCondition, model.SeverityWarning, "A resource's Condition cannot be decided statically; the resource is checked as if created"),
		r(RuleUnusedParam, model.SeverityWarning, "A --param names a parameter that no template declares"),
		r(RuleBadProperty, model.SeverityWarning, "A property has a shape or value the reader cannot use, or is not known statically where checks need it"),
		r(RuleNotExpanded, model.SeverityWarning, "A Transform or Fn::ForEach loop is not expanded; what it would create is not checked"),
		r(RuleUnsupportedType, model.SeverityInfo, "A resource type mwaanet does not model is ignored"),
		r(RuleOutsideTemplate, model.SeverityInfo, "A resource changes an object the given templates do not define; the change is not modelled"),
	}
}
