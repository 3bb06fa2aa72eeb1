package reach

import (
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/didyoumean"
	"github.com/mwaanet/mwaanet/internal/model"
)

// commonServices are short names of AWS services with VPC endpoints that MWAA
// environments and their DAGs commonly call (the AWS PrivateLink "AWS services that
// integrate with AWS PrivateLink" page lists them as com.amazonaws.REGION.NAME). The list
// only serves to recognise a misspelt service:NAME; a name that is in neither this list
// nor the input, and is close to none of them, is still traced (AWS has many more
// services than this list).
var commonServices = []string{
	"airflow.api", "airflow.env", "airflow.ops", "athena", "batch", "cloudformation",
	"databrew", "dynamodb", "ec2", "ecr.api", "ecr.dkr", "ecs", "elasticmapreduce", "emr-serverless",
	"events", "execute-api", "glue", "kinesis-streams", "kms", "lambda", "logs", "monitoring",
	"rds", "redshift", "redshift-data", "s3", "sagemaker.api", "sagemaker.runtime",
	"secretsmanager", "sns", "sqs", "ssm", "states", "sts",
}

// checkService returns a *PlaceError when svc is not a service of the input or of
// commonServices but is close to one of them (a typo: "sqss" for "sqs"), naming the one
// meant. An exact match, or a name close to none, is accepted.
func (an *Analyzer) checkService(name, svc string) error {
	known := map[string]bool{}
	var cands []string
	add := func(s string) {
		if s != "" && !known[s] {
			known[s] = true
			cands = append(cands, s)
		}
	}
	for _, ep := range an.a.Endpoints {
		if s := model.ServiceShortName(ep.Service); s != ep.Service && !strings.Contains(s, ".vpce.") {
			add(s)
		}
	}
	for _, s := range model.RequiredInterfaceServices(an.partition()) {
		add(s)
	}
	for _, s := range an.a.ExtraServices {
		add(s)
	}
	for _, s := range commonServices {
		add(s)
	}
	if known[svc] {
		return nil
	}
	if m, ok := didyoumean.Closest(svc, cands); ok {
		return an.placeError(name, fmt.Sprintf("no AWS service is called %q (did you mean %s?)", svc, Service(m)))
	}
	return nil
}
