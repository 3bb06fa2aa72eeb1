package tfplan

import (
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/textsafe"

	"github.com/mwaanet/mwaanet/internal/model"
)

// logModules maps the provider's logging_configuration blocks to MWAA's module names.
var logModules = []struct{ block, module string }{
	{"dag_processing_logs", "DagProcessingLogs"},
	{"scheduler_logs", "SchedulerLogs"},
	{"task_logs", "TaskLogs"},
	{"webserver_logs", "WebserverLogs"},
	{"worker_logs", "WorkerLogs"},
}

func (p *plan) environment(o *objects, r *resource) {
	e := &model.Environment{
		ID:                           r.addr,
		Name:                         r.str(r.x, "name"),
		AirflowVersion:               r.str(r.x, "airflow_version"),
		EnvironmentClass:             r.str(r.x, "environment_class"),
		MinWorkers:                   r.integer(r.x, "min_workers", -1),
		MaxWorkers:                   r.integer(r.x, "max_workers", -1),
		MinWebservers:                r.integer(r.x, "min_webservers", -1),
		MaxWebservers:                r.integer(r.x, "max_webservers", -1),
		Schedulers:                   r.integer(r.x, "schedulers", -1),
		WebserverAccess:              r.str(r.x, "webserver_access_mode"),
		EndpointManagement:           r.str(r.x, "endpoint_management"),
		SourceBucketARN:              p.arnRef(r, "source_bucket_arn", "aws_s3_bucket"),
		DagS3Path:                    r.str(r.x, "dag_s3_path"),
		PluginsS3Path:                r.str(r.x, "plugins_s3_path"),
		RequirementsS3Path:           r.str(r.x, "requirements_s3_path"),
		StartupScriptS3Path:          r.str(r.x, "startup_script_s3_path"),
		ExecutionRoleARN:             p.arnRef(r, "execution_role_arn", "aws_iam_role"),
		KMSKey:                       r.ref(r.x, "kms_key", "aws_kms_key"),
		AirflowConfig:                r.strMap(r.x, "airflow_configuration_options"),
		WeeklyMaintenanceWindowStart: r.str(r.x, "weekly_maintenance_window_start"),
		DatabaseVPCEndpointService:   r.str(r.x, "database_vpc_endpoint_service"),
		WebserverVPCEndpointService:  r.str(r.x, "webserver_vpc_endpoint_service"),
		WebserverURL:                 r.str(r.x, "webserver_url"),
		Tags:                         r.strMap(r.x, "tags"),
		Source:                       r.src,
	}
	if e.Name == "" {
		e.Name = r.name
	}
	nc := r.x.get("network_configuration").first()
	var wide bool
	e.Subnets, wide = r.refsWide(nc, "subnet_ids", "aws_subnet")
	if wide && len(e.Subnets) > 2 {
		// MWAA takes exactly two subnets. More candidates than two (an expression such
		// as slice(module.vpc.private_subnets, 0, 2): the plan gives only what it refers
		// to) are not the environment's subnets: which two is unknown until apply.
		// Two candidates are read as the two (an expression picking one of two leaves
		// an environment MWAA's API refuses at apply).
		p.unknownValue(r, "network_configuration.subnet_ids", "subnets: two of "+textsafe.Excerpt(strings.Join(e.Subnets, ", ")))
		e.Subnets = nil
		e.SubnetsUnknown = true
	}
	e.SecurityGroups = r.refs(nc, "security_group_ids", "aws_security_group", "aws_default_security_group")
	if len(e.Subnets) == 0 && (nc.unknown() || nc.get("subnet_ids").unknown()) {
		p.unknownValue(r, "network_configuration.subnet_ids", "subnets")
		e.SubnetsUnknown = true
	}
	if len(e.SecurityGroups) == 0 && (nc.unknown() || nc.get("security_group_ids").unknown()) {
		e.SecurityGroupsUnknown = true
	}
	if lc := r.x.get("logging_configuration").first(); lc.v != nil {
		e.Logging = map[string]model.LogModule{}
		for _, m := range logModules {
			b := lc.get(m.block).first()
			if b.v == nil {
				continue
			}
			e.Logging[m.module] = model.LogModule{
				Enabled:     r.tri(b, "enabled", model.No),
				LogLevel:    r.str(b, "log_level"),
				LogGroupARN: r.str(b, "cloud_watch_log_group_arn"),
				Source:      r.srcOf(b),
			}
		}
	}
	p.a.Environments = append(p.a.Environments, e)
}

// arnRef returns the ARN an attribute names: the literal when known; for a bucket or
// role of the plan whose name is known, the ARN spelled with ${AWS::Partition} (and
// ${AWS::AccountId}); else the resource's symbolic ARN, "${ADDRESS.Arn}" (the model's
// form of CloudFormation's !GetAtt X.Arn, which model.ParseSub splits at the address), so
// that a policy naming the same ARN (as the configuration reader writes it) matches it.
func (p *plan) arnRef(r *resource, key, typ string) string {
	id := r.ref(r.x, key, typ)
	t := p.byAddr[id]
	if t == nil || t.typ != typ {
		return id
	}
	switch typ {
	case "aws_s3_bucket":
		if name := t.str(t.x, "bucket"); name != "" {
			return "arn:" + model.PseudoPartition + ":s3:::" + name
		}
	case "aws_iam_role":
		if name := t.str(t.x, "name"); name != "" {
			path := t.str(t.x, "path")
			if path == "" {
				path = "/"
			}
			return "arn:" + model.PseudoPartition + ":iam::" + model.PseudoAccountID + ":role" + path + name
		}
	}
	return model.Att(id, "Arn")
}

func (p *plan) bucket(o *objects, r *resource) {
	b := &model.Bucket{
		ID:         r.addr,
		Name:       r.str(r.x, "bucket"),
		Versioning: model.No, // until an aws_s3_bucket_versioning enables it
		Tags:       r.strMap(r.x, "tags"),
		Source:     r.src,
	}
	if r.action != "create" {
		b.Versioning = model.Unknown // an existing bucket may have it from outside the plan
	} else {
		// S3 turns on all four Block Public Access settings of every new bucket (since
		// April 2023, "Blocking public access to your Amazon S3 storage", S3 User
		// Guide); an aws_s3_bucket_public_access_block of the plan overrides them.
		for i := range b.PublicAccessBlock {
			b.PublicAccessBlock[i] = model.Yes
		}
	}
	// The provider 3.x inline blocks.
	if v := r.x.get("versioning").first(); v.v != nil {
		b.Versioning = r.tri(v, "enabled", model.No)
	}
	if sse := r.x.get("server_side_encryption_configuration").first(); sse.v != nil {
		rule := sse.get("rule").first()
		def := rule.get("apply_server_side_encryption_by_default").first()
		b.Encryption = r.str(def, "sse_algorithm")
		b.KMSKey = r.ref(def, "kms_master_key_id", "aws_kms_key")
		b.BucketKey = r.tri(rule, "bucket_key_enabled", model.No)
	}
	if b.Encryption == "" {
		b.Encryption = "AES256" // S3 encrypts every bucket with SSE-S3 at least (since 2023)
	}
	o.bucket[b.ID] = b
	p.a.Buckets = append(p.a.Buckets, b)
}

// bucketOf returns the bucket an attached resource's "bucket" attribute names.
func (p *plan) bucketOf(o *objects, r *resource) *model.Bucket {
	id := r.ref(r.x, "bucket", "aws_s3_bucket")
	if b := o.bucket[id]; b != nil {
		return b
	}
	for _, b := range o.bucket { // a bucket named by its literal name
		if b.Name != "" && b.Name == id {
			return b
		}
	}
	return nil
}

func (p *plan) bucketVersioning(o *objects, r *resource) {
	b := p.bucketOf(o, r)
	if b == nil {
		return
	}
	vc := r.x.get("versioning_configuration").first()
	switch st := r.str(vc, "status"); {
	case st == "Enabled":
		b.Versioning = model.Yes
	case st != "":
		b.Versioning = model.No
	default:
		b.Versioning = model.Unknown
	}
}

func (p *plan) bucketPAB(o *objects, r *resource) {
	if b := p.bucketOf(o, r); b != nil {
		for i, k := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
			b.PublicAccessBlock[i] = r.tri(r.x, k, model.No)
		}
	}
}

func (p *plan) bucketEncryption(o *objects, r *resource) {
	b := p.bucketOf(o, r)
	if b == nil {
		return
	}
	rule := r.x.get("rule").first()
	def := rule.get("apply_server_side_encryption_by_default").first()
	b.Encryption = r.str(def, "sse_algorithm")
	b.KMSKey = r.ref(def, "kms_master_key_id", "aws_kms_key")
	b.BucketKey = r.tri(rule, "bucket_key_enabled", model.No)
}

func (p *plan) bucketPolicy(o *objects, r *resource) {
	if b := p.bucketOf(o, r); b != nil {
		b.Policy = r.policy(r.x, "policy")
		if b.Policy == nil && r.x.get("policy").unknown() {
			// Known only after apply (a document built from the bucket's ARN): the
			// policy is unknown (UnknownBucketPolicy), not absent, and no check may
			// assert what it lacks.
			return
		}
		b.PolicySource = r.src
	}
}

func (p *plan) key(o *objects, r *resource) {
	k := &model.Key{
		ID:          r.addr,
		Description: r.str(r.x, "description"),
		MultiRegion: r.tri(r.x, "multi_region", model.No),
		Rotation:    r.tri(r.x, "enable_key_rotation", model.No),
		Enabled:     r.tri(r.x, "is_enabled", model.Yes),
		Tags:        r.strMap(r.x, "tags"),
		Source:      r.src,
	}
	if y := r.x.get("policy"); y.unknown() && len(y.refs()) == 0 && y.e == nil {
		k.Policy = nil // no policy in the configuration: AWS's default key policy
	} else {
		k.Policy = r.policy(r.x, "policy")
	}
	o.keys[k.ID] = k
	p.a.Keys = append(p.a.Keys, k)
}

func (p *plan) keyAlias(o *objects, r *resource) {
	if k := o.keys[r.ref(r.x, "target_key_id", "aws_kms_key")]; k != nil {
		if n := r.str(r.x, "name"); n != "" {
			k.Aliases = append(k.Aliases, n)
		}
	}
}

func (p *plan) role(o *objects, r *resource) {
	role := &model.Role{
		ID:                r.addr,
		Name:              r.str(r.x, "name"),
		Path:              r.str(r.x, "path"),
		AssumeRolePolicy:  r.policy(r.x, "assume_role_policy"),
		ManagedPolicyARNs: r.refs(r.x, "managed_policy_arns", "aws_iam_policy"),
		Tags:              r.strMap(r.x, "tags"),
		Source:            r.src,
	}
	for _, b := range r.x.get("inline_policy").elems() {
		name := r.str(b, "name")
		if name == "" && r.str(b, "policy") == "" && !b.get("policy").unknown() {
			continue // the provider's empty placeholder block
		}
		role.Policies = append(role.Policies, model.NamedPolicy{Name: name, Document: r.policy(b, "policy"), Source: r.srcOf(b)})
	}
	o.roles[role.ID] = role
	p.a.Roles = append(p.a.Roles, role)
}

// roleOf returns the role an attachment's "role" attribute names (by reference or name).
func (p *plan) roleOf(o *objects, r *resource) *model.Role {
	id := r.ref(r.x, "role", "aws_iam_role")
	if role := o.roles[id]; role != nil {
		return role
	}
	for _, role := range p.a.Roles {
		if role.Name != "" && role.Name == id {
			return role
		}
	}
	return nil
}

func (p *plan) rolePolicy(o *objects, r *resource) {
	if role := p.roleOf(o, r); role != nil {
		role.Policies = append(role.Policies, model.NamedPolicy{Name: r.str(r.x, "name"), Document: r.policy(r.x, "policy"), Source: r.src})
	}
}

func (p *plan) rolePolicyAttachment(o *objects, r *resource) {
	if role := p.roleOf(o, r); role != nil {
		if arn := r.ref(r.x, "policy_arn", "aws_iam_policy"); arn != "" {
			role.ManagedPolicyARNs = append(role.ManagedPolicyARNs, arn)
		}
	}
	if mp := p.managed(r.ref(r.x, "policy_arn", "aws_iam_policy")); mp != nil {
		if role := r.ref(r.x, "role", "aws_iam_role"); role != "" {
			mp.Roles = append(mp.Roles, role)
		}
	}
}

func (p *plan) managed(id string) *model.ManagedPolicy {
	for _, mp := range p.a.ManagedPolicies {
		if mp.ID == id {
			return mp
		}
	}
	return nil
}

func (p *plan) managedPolicy(o *objects, r *resource) {
	p.a.ManagedPolicies = append(p.a.ManagedPolicies, &model.ManagedPolicy{
		ID:       r.addr,
		Name:     r.str(r.x, "name"),
		Document: r.policy(r.x, "policy"),
		Source:   r.src,
	})
}

func (p *plan) logGroup(o *objects, r *resource) {
	p.a.LogGroups = append(p.a.LogGroups, &model.LogGroup{
		ID:              r.addr,
		Name:            r.str(r.x, "name"),
		KMSKey:          r.ref(r.x, "kms_key_id", "aws_kms_key"),
		RetentionInDays: r.integer(r.x, "retention_in_days", 0),
		Source:          r.src,
	})
}

// alarm reads a CloudWatch metric alarm (LOG-02 looks for MWAA's alarms by metric name).
// Integers known only after apply are -1; a threshold that is not a number stays 0.
func (p *plan) alarm(o *objects, r *resource) {
	al := &model.Alarm{
		ID:                 r.addr,
		Name:               r.str(r.x, "alarm_name"),
		Description:        r.str(r.x, "alarm_description"),
		Namespace:          r.str(r.x, "namespace"),
		MetricName:         r.str(r.x, "metric_name"),
		Dimensions:         r.strMap(r.x, "dimensions"),
		Statistic:          r.str(r.x, "statistic"),
		Period:             r.integer(r.x, "period", -1),
		EvaluationPeriods:  r.integer(r.x, "evaluation_periods", -1),
		ComparisonOperator: r.str(r.x, "comparison_operator"),
		TreatMissingData:   r.str(r.x, "treat_missing_data"),
		AlarmActions:       r.refs(r.x, "alarm_actions", "aws_sns_topic"),
		Source:             r.src,
	}
	if s := r.str(r.x, "threshold"); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			al.Threshold = f
		} else {
			r.errorf(r.x.get("threshold").v, "%s: threshold: expected a number, found %q", r.addr, s)
		}
	}
	p.a.Alarms = append(p.a.Alarms, al)
}
