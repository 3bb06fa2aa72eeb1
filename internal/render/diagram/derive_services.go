package diagram

import (
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// The parts of the picture that are not model objects: the VPC endpoints with the
// services behind them, the AWS services MWAA always uses, the MWAA-managed parts, and
// the IAM and KMS relations to the environment.

// endpointTarget maps an endpoint service short name to the kind of node it leads to.
var endpointTarget = map[string]NodeKind{
	"s3":          KindS3,
	"logs":        KindLogs,
	"monitoring":  KindCloudWatch,
	"ecr.api":     KindECR,
	"ecr.dkr":     KindECR,
	"sqs":         KindSQS,
	"kms":         KindKMS,
	"sts":         KindSTS,
	"airflow.api": KindEnvironment,
	"airflow.env": KindEnvironment,
	"airflow.ops": KindEnvironment,
}

func (d *deriver) endpoints(vpc string) {
	type ep struct {
		id, label, detail, target, port string
		kind                            NodeKind
		models                          []string
	}
	var eps []ep
	used := map[string]bool{}
	for _, e := range d.a.Endpoints {
		if d.vpc != "" && e.VPC != "" && e.VPC != d.vpc {
			continue
		}
		short := model.ServiceShortName(e.Service)
		x := ep{label: short, detail: "Interface endpoint", kind: KindEndpoint, port: "HTTPS 443", models: append([]string{e.ID}, e.SecurityGroups...)}
		if e.Type == model.EndpointGateway {
			x.detail, x.kind = "Gateway endpoint", KindGatewayEP
		}
		isDB := d.env != nil && e.Service != "" && e.Service == d.env.DatabaseVPCEndpointService
		isWeb := d.env != nil && e.Service != "" && e.Service == d.env.WebserverVPCEndpointService
		switch {
		case isDB:
			x.label, x.target, x.port = "MWAA database", "aurora", "PostgreSQL 5432"
		case isWeb:
			x.label, x.target = "MWAA web server", "mwaa"
		case short == e.Service && strings.Contains(short, "vpce"):
			x.label = "PrivateLink service"
		default:
			x.target = d.serviceFor(short)
		}
		x.id = "vpce-" + short
		if strings.ContainsAny(short, "${}/:") || used[x.id] {
			x.id = "vpce-" + e.ID
		}
		used[x.id] = true
		eps = append(eps, x)
	}
	if d.env != nil && d.env.EndpointManagement != model.CustomerManaged {
		hasDB := false
		for _, x := range eps {
			hasDB = hasDB || x.target == "aurora"
		}
		if !hasDB {
			eps = append(eps, ep{id: "vpce-mwaa-database", label: "MWAA database", detail: "MWAA-managed endpoint", kind: KindEndpoint, target: "aurora", port: "PostgreSQL 5432"})
		}
	}
	if len(eps) == 0 {
		return
	}
	d.addGroup(&Group{ID: "vpc-endpoints", Kind: GroupEndpoints, Label: "VPC endpoints", Parent: vpc})
	var ports []string
	for _, x := range eps {
		d.addNode(&Node{ID: x.id, Kind: x.kind, Label: x.label, Detail: x.detail, Parent: "vpc-endpoints", ModelIDs: x.models})
		if x.target == "aurora" || x.target == "mwaa" {
			d.ensureManaged()
		}
		if x.target != "" {
			d.edge(x.id, x.target, x.port, Network)
		}
		if !contains(ports, x.port) {
			ports = append(ports, x.port)
		}
	}
	for _, s := range d.mwaaNets {
		d.edge(s, "vpc-endpoints", strings.Join(ports, " · "), Network)
	}
	if d.env != nil && d.env.EndpointManagement == model.CustomerManaged && d.managed && d.g.node("aurora") != nil {
		linked := false
		for _, e := range d.g.Edges {
			linked = linked || e.To == "aurora"
		}
		if !linked {
			for _, s := range d.mwaaNets {
				d.edge(s, "aurora", "PostgreSQL 5432 (endpoint missing)", Network)
			}
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// serviceNames are the display names of the AWS services endpoints lead to.
var serviceNames = map[string]string{
	"secretsmanager": "AWS Secrets Manager", "glue": "AWS Glue", "athena": "Amazon Athena",
	"lambda": "AWS Lambda", "states": "AWS Step Functions", "ssm": "AWS Systems Manager",
	"ec2": "Amazon EC2", "sns": "Amazon SNS", "dynamodb": "Amazon DynamoDB",
	"redshift": "Amazon Redshift", "redshift-data": "Redshift Data API", "emr": "Amazon EMR",
	"elasticmapreduce": "Amazon EMR", "sagemaker.api": "SageMaker API", "batch": "AWS Batch",
	"events": "Amazon EventBridge", "ecs": "Amazon ECS", "databrew": "AWS Glue DataBrew",
}

// serviceFor returns the node ID of the AWS service an endpoint with this short name
// leads to, creating it.
func (d *deriver) serviceFor(short string) string {
	if k, ok := endpointTarget[short]; ok {
		if k == KindEnvironment {
			d.ensureManaged()
			return "mwaa"
		}
		return d.service(k).ID
	}
	if n := d.generic[short]; n != nil {
		return n.ID
	}
	name := serviceNames[short]
	if name == "" {
		name = short
	}
	d.ensureServices()
	n := d.addNode(&Node{ID: "svc-" + short, Kind: KindService, Label: name, Detail: "used by DAGs", Parent: "aws-services"})
	d.generic[short] = n
	return n.ID
}

func (d *deriver) ensureServices() {
	if d.g.group("aws-services") == nil {
		d.addGroup(&Group{ID: "aws-services", Kind: GroupServices, Label: "AWS services", Parent: "region"})
	}
}

func (d *deriver) ensureManaged() {
	if d.managed || d.env == nil {
		return
	}
	d.managed = true
	d.addGroup(&Group{ID: "mwaa-managed", Kind: GroupManaged, Label: "Amazon MWAA (AWS-managed)", Parent: "region"})
	env := d.env
	detail := ""
	if env.Name != "" && !model.IsSymbolic(env.Name) {
		detail = env.Name
	} else if d.a.Name != "" {
		detail = d.a.Name
	}
	if env.AirflowVersion != "" {
		detail = strings.TrimPrefix(detail+" · Airflow "+env.AirflowVersion, " · ")
	}
	d.addNode(&Node{ID: "mwaa", Kind: KindEnvironment, Label: "MWAA environment", Detail: detail, Parent: "mwaa-managed",
		ModelIDs: append([]string{env.ID}, env.SecurityGroups...)})
	d.addNode(&Node{ID: "aurora", Kind: KindMetadataDB, Label: "Metadata database", Detail: "Aurora PostgreSQL", Parent: "mwaa-managed"})
}

// service returns the node of an AWS service kind, creating it.
func (d *deriver) service(k NodeKind) *Node {
	if n := d.services[k]; n != nil {
		return n
	}
	d.ensureServices()
	n := &Node{Kind: k, Parent: "aws-services"}
	switch k {
	case KindS3:
		n.ID, n.Label, n.Detail = "s3", "Amazon S3", "DAGs, plugins, requirements"
		for _, b := range d.a.Buckets {
			n.ModelIDs = append(n.ModelIDs, b.ID)
		}
		if len(d.a.Buckets) == 0 && d.env != nil && d.env.SourceBucketARN != "" && !model.IsSymbolic(d.env.SourceBucketARN) {
			n.Detail = strings.TrimPrefix(d.env.SourceBucketARN, "arn:aws:s3:::")
		}
	case KindLogs:
		n.ID, n.Label = "logs", "CloudWatch Logs"
		n.Detail = "Airflow logs"
		if c := len(d.a.LogGroups); c > 0 {
			n.Detail = plural(c, "log group")
		}
		for _, l := range d.a.LogGroups {
			n.ModelIDs = append(n.ModelIDs, l.ID)
		}
	case KindCloudWatch:
		n.ID, n.Label, n.Detail = "cloudwatch", "Amazon CloudWatch", "metrics"
		if c := len(d.a.Alarms); c > 0 {
			n.Detail = "metrics · " + plural(c, "alarm")
		}
		for _, l := range d.a.Alarms {
			n.ModelIDs = append(n.ModelIDs, l.ID)
		}
	case KindECR:
		n.ID, n.Label, n.Detail = "ecr", "Amazon ECR", "Airflow images"
	case KindSQS:
		n.ID, n.Label, n.Detail = "sqs", "Amazon SQS", "Celery task queue"
	case KindSTS:
		n.ID, n.Label, n.Detail = "sts", "AWS STS", "role credentials"
	case KindKMS:
		n.ID, n.Label, n.Detail = "kms", "AWS KMS", "AWS-owned key"
		if len(d.a.Keys) > 0 {
			n.Detail = "customer managed key"
			if al := d.a.Keys[0].Aliases; len(al) > 0 && !model.IsSymbolic(al[0]) {
				n.Detail = al[0]
			}
		} else if d.env != nil && d.env.KMSKey != "" {
			n.Detail = "customer managed key"
		}
		for _, k := range d.a.Keys {
			n.ModelIDs = append(n.ModelIDs, k.ID)
		}
	case KindRole:
		n.ID, n.Label, n.Detail = "iam-role", "IAM execution role", "assumed by MWAA"
		for _, r := range d.a.Roles {
			n.ModelIDs = append(n.ModelIDs, r.ID)
			if r.Name != "" && !model.IsSymbolic(r.Name) && len(d.a.Roles) == 1 {
				n.Detail = r.Name
			}
		}
		for _, p := range d.a.ManagedPolicies {
			n.ModelIDs = append(n.ModelIDs, p.ID)
		}
	}
	d.services[k] = n
	d.addNode(n)
	return n
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// awsServices makes sure the services MWAA always uses are drawn, even when no endpoint
// leads to them (public routing reaches them through the internet gateway).
func (d *deriver) awsServices() {
	if d.env == nil {
		if len(d.a.Buckets) > 0 {
			d.service(KindS3)
		}
		return
	}
	d.ensureManaged()
	for _, k := range []NodeKind{KindS3, KindLogs, KindCloudWatch, KindECR, KindSQS} {
		d.service(k)
	}
	if d.routingUp == model.RoutingPublic {
		d.service(KindSTS)
	}
	d.service(KindKMS)
	d.service(KindRole)
}

// relations draws the IAM and KMS relations to the environment.
func (d *deriver) relations() {
	if !d.managed {
		return
	}
	if n := d.services[KindRole]; n != nil {
		d.edge(n.ID, "mwaa", "IAM", Relation)
	}
	if n := d.services[KindKMS]; n != nil {
		d.edge(n.ID, "mwaa", "KMS", Relation)
	}
}
