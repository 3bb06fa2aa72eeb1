package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/didyoumean"
	"github.com/mwaanet/mwaanet/internal/iamcatalog"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// IAM: the environment's execution role (IAM-01 trust, IAM-02 least privilege).

func iamRules() []*Rule {
	return []*Rule{
		rule("IAM-01/trust", "IAM-01", model.SeverityError,
			"The execution role trusts airflow.amazonaws.com and airflow-env.amazonaws.com", checkTrust),
		rule("IAM-02/least-privilege", "IAM-02", model.SeverityError,
			"The execution role can do what MWAA needs (metrics, bucket, logs, queue) and no more", checkLeastPrivilege),
	}
}

func checkTrust(c *Context) {
	r := c.roleOrNotVerifiable("trust policy")
	if r == nil {
		return
	}
	if r.AssumeRolePolicy == nil {
		c.NotVerifiable(r.ID, r.Source, "trust policy of role "+r.ID)
		return
	}
	trusted := map[string]bool{}
	for _, st := range r.AssumeRolePolicy.Statements {
		if !st.Allows() {
			continue
		}
		for _, p := range st.Principal["Service"] {
			trusted[c.norm(p)] = true
		}
	}
	var missing []string
	for _, p := range model.MWAAServicePrincipals {
		if !trusted[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		c.Report(r.ID, or(r.AssumeRolePolicy.Source, r.Source), fmt.Sprintf("execution role %s does not trust %s; MWAA cannot assume it", r.ID, strings.Join(missing, " and ")),
			"allow sts:AssumeRole to the service principals airflow.amazonaws.com and airflow-env.amazonaws.com")
	}
}

func (c *Context) roleOrNotVerifiable(what string) *model.Role {
	arn := c.Env.ExecutionRoleARN
	if arn == "" {
		c.Report(c.Env.ID, c.envSource(), "the environment names no execution role (ExecutionRoleArn)", "create an execution role (IAM-01, IAM-02) and set ExecutionRoleArn")
		return nil
	}
	r := c.envRole()
	if r == nil {
		c.NotVerifiable(c.Env.ID, c.envSource(), fmt.Sprintf("the %s of role %s (outside the input)", what, arn))
	}
	return r
}

// wildcardOK are actions that have a resource type in the Service Authorization Reference
// but that MWAA's user guide (mwaa-create-role) grants on "*" in its execution role policy:
// no scope advice for them. Actions with no resource type at all (ecr:GetAuthorizationToken,
// logs:DescribeLogGroups, s3:GetAccountPublicAccessBlock) come from the catalogue.
var wildcardOK = []string{"cloudwatch:putmetricdata", "airflow:publishmetrics",
	"kms:decrypt", "kms:describekey", "kms:generatedatakey*", "kms:encrypt"}

func checkLeastPrivilege(c *Context) {
	if c.Env.ExecutionRoleARN == "" {
		return // IAM-01 reports it
	}
	r := c.envRole()
	if r == nil {
		c.NotVerifiable(c.Env.ID, c.envSource(), fmt.Sprintf("the permissions of role %s (outside the input)", c.Env.ExecutionRoleARN))
		return
	}
	docs, srcs, outside := c.rolePolicies(r)
	if c.Arch.IsUnknown(model.UnknownRolePolicies) {
		outside = true
	}
	region, acct := c.norm("${AWS::Region}"), c.norm("${AWS::AccountId}")
	name := c.norm(c.Env.Name)
	bucket := c.bucketARN()
	// Without the bucket, the queue or the logs the environment does not work (error);
	// without the metrics permissions it works blind (warning).
	type permission struct {
		action, resource, what string
		essential              bool
	}
	need := []permission{
		{"airflow:PublishMetrics", fmt.Sprintf("arn:%s:airflow:%s:%s:environment/%s", c.Partition, region, acct, name), "publish the environment's metrics", false},
		{"logs:PutLogEvents", fmt.Sprintf("arn:%s:logs:%s:%s:log-group:airflow-%s-Task:log-stream:x", c.Partition, region, acct, name), "write its logs", true},
		{"sqs:ReceiveMessage", fmt.Sprintf("arn:%s:sqs:%s:%s:airflow-celery-0a1b2c", c.Partition, region, acct), "use its task queue", true},
		{"cloudwatch:PutMetricData", "*", "put metrics", false},
	}
	if bucket != "" {
		need = append(need, permission{"s3:GetObject", bucket + "/dags/dag.py", "read its DAGs", true})
	}
	grants := func(action, resource string) model.Tri {
		out := model.No
		for _, d := range docs {
			out = triMax(out, c.policyGrants(d, action, resource))
		}
		return out
	}
	var missing, missingMetrics, unsure []string
	accounts, regions := map[string]bool{}, map[string]bool{}
	for _, n := range need {
		switch grants(n.action, n.resource) {
		case model.Yes:
		case model.Unknown:
			unsure = append(unsure, n.action+" ("+n.what+")")
			c.literalsNamed(docs, n.action, accounts, regions)
		default:
			if n.essential {
				missing = append(missing, n.action+" ("+n.what+")")
			} else {
				missingMetrics = append(missingMetrics, n.action+" ("+n.what+")")
			}
		}
	}
	fix := "grant the execution role the permissions of the MWAA user guide (mwaa-create-role), scoped to the environment's bucket, queue, log groups and name"
	switch {
	case outside && len(missing)+len(missingMetrics) > 0:
		c.NotVerifiable(r.ID, r.Source, fmt.Sprintf("whether role %s can %s (some of its policies are outside the input)", r.ID, strings.Join(append(missing, missingMetrics...), ", ")))
	case len(missing) > 0:
		c.Report(r.ID, r.Source, fmt.Sprintf("execution role %s lacks %s: the environment cannot work", r.ID, strings.Join(missing, ", ")), fix)
	}
	if !outside && len(missingMetrics) > 0 {
		c.ReportAs(model.SeverityWarning, r.ID, r.Source, fmt.Sprintf("execution role %s lacks %s on environment %s: the environment runs without its metrics", r.ID, strings.Join(missingMetrics, ", "), c.Env.Name), fix)
	}
	if len(unsure) > 0 {
		var why []string
		if len(accounts) > 0 {
			why = append(why, fmt.Sprintf("in account %s, and the input does not say the environment's account (give --account ID)", strings.Join(sortedSet(accounts), ", ")))
		}
		if len(regions) > 0 {
			why = append(why, fmt.Sprintf("in Region %s, and the input is checked in %s (give --region if the environment is there)", strings.Join(sortedSet(regions), ", "), region))
		}
		c.NotVerifiable(r.ID, r.Source, fmt.Sprintf("whether role %s can %s: its policy names the resource %s", r.ID, strings.Join(unsure, ", "), strings.Join(why, "; ")))
	}
	denyList := false
	for i, d := range docs {
		for _, st := range d.Statements {
			for _, msg := range unknownActions(st) {
				c.ReportAs(model.SeverityWarning, r.ID, or(st.Source, srcs[i]), fmt.Sprintf("execution role %s: %s", r.ID, msg),
					"correct the action's name (the Service Authorization Reference lists every action)")
			}
			if !st.Allows() {
				if st.HasAction("s3:ListAllMyBuckets") {
					denyList = true
				}
				continue
			}
			if kmsUse(st) && !viaService(st) {
				c.ReportAs(model.SeverityWarning, r.ID, or(st.Source, srcs[i]), fmt.Sprintf("execution role %s may use KMS keys directly; least privilege allows them only through S3 and SQS (kms:ViaService)", r.ID),
					"add a Condition StringLike kms:ViaService [sqs.REGION.amazonaws.com, s3.REGION.amazonaws.com] to the statement")
			}
			if len(st.Condition) > 0 {
				continue
			}
			if broad, on := c.unscopedActions(st); len(broad) > 0 {
				c.ReportAs(model.SeverityWarning, r.ID, or(st.Source, srcs[i]), fmt.Sprintf("execution role %s allows %s on %s; least privilege scopes them to the environment's bucket, queue, log groups and key", r.ID, strings.Join(broad, ", "), on),
					"scope the statement's Resource to the environment's resources (actions that have no resource type may stay on *)")
			}
		}
	}
	if !denyList && len(docs) > 0 {
		c.ReportAs(model.SeverityWarning, r.ID, r.Source, fmt.Sprintf("execution role %s has no explicit deny of s3:ListAllMyBuckets", r.ID),
			"add a Deny statement for s3:ListAllMyBuckets (MWAA's guide does)")
	}
}

// unscopedActions returns the actions (as the statement writes them) that st allows on
// every resource of their service, and how the statement says so ("every resource (*)",
// "every resource of sqs (arn:aws:sqs:us-east-1:*:*)"). An action is left out when it
// cannot be scoped: every action its pattern names has no resource type in the Service
// Authorization Reference (ec2:DescribeInstances, ecs:List*), or it is one MWAA's guide
// grants on * (wildcardOK). A pattern the catalogue does not know is kept (it may name
// anything). An Allow with NotAction on every resource grants every other action: it is
// reported as such.
func (c *Context) unscopedActions(st model.Statement) (broad []string, on string) {
	cat := iamcatalog.Embedded()
	all := false
	services := map[string]string{} // service prefix -> the unscoped pattern naming it
	for _, res := range st.Resource {
		if res == "*" {
			all = true
			continue
		}
		n := c.norm(res)
		parts := strings.SplitN(n, ":", 6)
		switch {
		case len(parts) != 6 || !cat.Unscoped(n):
		case strings.Trim(parts[2], "*?") == "": // arn:aws:*:*:*:*
			all = true
		case !strings.ContainsAny(parts[2], "*?"):
			if _, seen := services[parts[2]]; !seen {
				services[parts[2]] = res
			}
		}
	}
	if !all && len(services) == 0 {
		return nil, ""
	}
	if all && len(st.Action) == 0 && len(st.NotAction) > 0 {
		return []string{"every action except " + strings.Join(st.NotAction, ", ")}, "every resource (*)"
	}
	var patterns []string
	for _, a := range st.Action {
		la := strings.ToLower(a)
		if contains(wildcardOK, la) {
			continue
		}
		svc, _, _ := strings.Cut(la, ":")
		pattern, ok := services[svc]
		if !all && !ok {
			continue
		}
		if !all {
			patterns = append(patterns, pattern)
		}
		actions, known := cat.Expand(a)
		if !known {
			broad = append(broad, a)
			continue
		}
		for _, x := range actions {
			if x.Scopable() && !contains(wildcardOK, strings.ToLower(x.String())) {
				broad = append(broad, a)
				break
			}
		}
	}
	if len(broad) == 0 {
		return nil, ""
	}
	if all {
		return broad, "every resource (*)"
	}
	return broad, "every resource of its service (" + strings.Join(uniq(patterns), ", ") + ")"
}

// unknownActions says which of st's actions (and NotActions) name no action of a service
// the catalogue knows: IAM accepts such a policy, and the misspelt name grants (or denies)
// nothing. Services the catalogue does not know are left alone.
func unknownActions(st model.Statement) []string {
	cat := iamcatalog.Embedded()
	var out []string
	for _, a := range append(append([]string(nil), st.Action...), st.NotAction...) {
		actions, known := cat.Expand(a)
		if !known || len(actions) > 0 {
			continue
		}
		msg := fmt.Sprintf("the policy names %s, which is no IAM action, so it grants nothing", textsafe.Quote(a))
		if !st.Allows() {
			msg = fmt.Sprintf("the policy names %s, which is no IAM action, so it denies nothing", textsafe.Quote(a))
		}
		svc, name, _ := strings.Cut(a, ":")
		if s := cat.Service(svc); s != nil && !strings.ContainsAny(name, "*?") {
			if best, ok := didyoumean.Closest(name, s.ActionNames()); ok {
				msg += fmt.Sprintf(" (did you mean %s:%s?)", s.Prefix, best)
			}
		}
		out = append(out, msg)
	}
	return out
}

// literalsNamed adds to accounts and regions the literal accounts (when the input's
// account is unknown) and the other Regions that the resources of the statements naming
// action are written with.
func (c *Context) literalsNamed(docs []*model.PolicyDocument, action string, accounts, regions map[string]bool) {
	for _, d := range docs {
		for _, st := range d.Statements {
			if !st.HasAction(action) {
				continue
			}
			for _, res := range append(append([]string(nil), st.Resource...), st.NotResource...) {
				n := c.norm(res)
				if a, ok := c.literalAccount(n); ok {
					accounts[a] = true
				}
				if r, ok := c.otherRegion(n); ok {
					regions[r] = true
				}
			}
		}
	}
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uniq(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// kmsUse reports whether st allows decrypting or generating data keys.
func kmsUse(st model.Statement) bool {
	return st.HasAction("kms:Decrypt") || st.HasAction("kms:GenerateDataKey")
}

// viaService reports whether st is conditioned on kms:ViaService.
func viaService(st model.Statement) bool {
	for _, keys := range st.Condition {
		for k := range keys {
			if strings.EqualFold(k, "kms:ViaService") {
				return true
			}
		}
	}
	return false
}
