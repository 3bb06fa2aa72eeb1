package terraform

import (
	"slices"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

const mwaaFile = "mwaa.tf"

// logBlocks maps MWAA's log modules to the provider's blocks.
var logBlocks = map[string]string{
	"DagProcessingLogs": "dag_processing_logs",
	"SchedulerLogs":     "scheduler_logs",
	"TaskLogs":          "task_logs",
	"WebserverLogs":     "webserver_logs",
	"WorkerLogs":        "worker_logs",
}

// environments writes the MWAA environments.
func (r *renderer) environments() error {
	for i, e := range r.a.Environments {
		b := r.resource(mwaaFile, "aws_mwaa_environment", r.nameOf(e.ID))
		// The first environment's tunables are variables.
		v := func(name string, lit cty.Value) {
			if i == 0 && r.tunables[name] {
				b.SetAttributeRaw(name, varRef(name))
			} else {
				b.SetAttributeValue(name, lit)
			}
		}
		r.setSym(b, "name", e.Name)
		if e.AirflowVersion != "" {
			v("airflow_version", cty.StringVal(e.AirflowVersion))
		}
		if e.EnvironmentClass != "" {
			v("environment_class", cty.StringVal(e.EnvironmentClass))
		}
		for _, n := range []struct {
			name string
			val  int
		}{
			{"min_workers", e.MinWorkers}, {"max_workers", e.MaxWorkers},
			{"min_webservers", e.MinWebservers}, {"max_webservers", e.MaxWebservers},
			{"schedulers", e.Schedulers},
		} {
			if n.val >= 0 {
				v(n.name, cty.NumberIntVal(int64(n.val)))
			}
		}
		setString(b, "webserver_access_mode", e.WebserverAccess)
		setString(b, "endpoint_management", e.EndpointManagement)
		b.AppendNewline()
		r.setSym(b, "execution_role_arn", e.ExecutionRoleARN)
		r.setSym(b, "kms_key", e.KMSKey)
		r.setSym(b, "source_bucket_arn", e.SourceBucketARN)
		r.setSym(b, "dag_s3_path", e.DagS3Path)
		r.setSym(b, "plugins_s3_path", e.PluginsS3Path)
		r.setSym(b, "requirements_s3_path", e.RequirementsS3Path)
		r.setSym(b, "startup_script_s3_path", e.StartupScriptS3Path)
		setString(b, "weekly_maintenance_window_start", e.WeeklyMaintenanceWindowStart)
		if len(e.AirflowConfig) > 0 {
			keys := make([]string, 0, len(e.AirflowConfig))
			for k := range e.AirflowConfig {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var items []hclwrite.ObjectAttrTokens
			for _, k := range keys {
				items = append(items, hclwrite.ObjectAttrTokens{Name: strTokens(k), Value: r.sym(e.AirflowConfig[k])})
			}
			b.SetAttributeRaw("airflow_configuration_options", hclwrite.TokensForObject(items))
		}
		b.AppendNewline()
		nb := b.AppendNewBlock("network_configuration", nil).Body()
		nb.SetAttributeRaw("subnet_ids", r.ids(e.Subnets))
		nb.SetAttributeRaw("security_group_ids", r.ids(e.SecurityGroups))
		if len(e.Logging) > 0 {
			b.AppendNewline()
			lb := b.AppendNewBlock("logging_configuration", nil).Body()
			for _, m := range model.LogModules {
				lm, ok := e.Logging[m]
				if !ok {
					continue
				}
				mb := lb.AppendNewBlock(logBlocks[m], nil).Body()
				setBool(mb, "enabled", lm.Enabled)
				setString(mb, "log_level", lm.LogLevel)
			}
		}
		if len(e.Tags) > 0 {
			b.AppendNewline()
			r.tags(b, e.Tags)
		}
		deps := r.roleDependencies(e.ExecutionRoleARN)
		deps = append(deps, r.bucketDependencies(e.SourceBucketARN)...)
		deps = append(deps, r.networkDependencies(e)...)
		if len(deps) > 0 {
			b.AppendNewline()
			b.SetAttributeRaw("depends_on", listTokens(deps))
		}
	}
	return nil
}

// bucketDependencies lists the settings of the DAG bucket that MWAA checks when the
// environment is created (versioning on, public access blocked): they are resources of
// their own, which the environment's reference to the bucket does not wait for.
func (r *renderer) bucketDependencies(bucketARN string) []hclwrite.Tokens {
	ids := model.References(bucketARN)
	if len(ids) != 1 {
		return nil
	}
	t := r.refs[ids[0]]
	if t == nil || t.kind != "bucket" {
		return nil
	}
	var deps []hclwrite.Tokens
	for _, typ := range []string{"aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block"} {
		if name := r.nameOf(ids[0]); r.names[typ+"."+name] {
			deps = append(deps, travTokens(trav(typ, name)))
		}
	}
	return deps
}

// roleDependencies lists the policies attached to the role a symbolic ARN names, which
// the environment must wait for: it checks its permissions when it is created.
func (r *renderer) roleDependencies(roleARN string) []hclwrite.Tokens {
	ids := model.References(roleARN)
	if len(ids) != 1 {
		return nil
	}
	var deps []hclwrite.Tokens
	for _, p := range r.a.ManagedPolicies {
		for _, role := range p.Roles {
			if role == ids[0] {
				deps = append(deps, travTokens(r.refs[p.ID].addr))
			}
		}
	}
	return deps
}

// networkDependencies lists what carries the environment's traffic to AWS and which the
// environment's own references do not wait for: the routes of its subnets' route tables
// (the NAT default routes of public routing) and the VPC endpoints of its VPC (private
// routing), as the CloudFormation template's DependsOn does. MWAA starts its containers
// as soon as it is created; without these, terraform apply creates both side by side.
// Endpoints to the environment's own services (CUSTOMER endpoint management) come after
// it and are left out.
func (r *renderer) networkDependencies(e *model.Environment) []hclwrite.Tokens {
	var deps []hclwrite.Tokens
	seen := map[string]bool{}
	add := func(t hcl.Traversal) {
		tok := travTokens(t)
		if k := string(tok.Bytes()); !seen[k] {
			seen[k] = true
			deps = append(deps, tok)
		}
	}
	vpcs := map[string]bool{}
	for _, sn := range e.Subnets {
		if s := r.ix.Subnets[sn]; s != nil {
			vpcs[s.VPC] = true
		}
		if rt := r.ix.SubnetRouteTable[sn]; rt != nil {
			for _, t := range r.routes[rt.ID] {
				add(t)
			}
		}
	}
	g := r.interfaceGroup()
	for _, ep := range r.a.Endpoints {
		t := r.refs[ep.ID]
		if t == nil || t.existing || !vpcs[ep.VPC] || slices.Contains(model.References(ep.Service), e.ID) {
			continue
		}
		if _, ok := g.members[ep.ID]; ok {
			add(trav("aws_vpc_endpoint", "interface")) // depends_on names whole resources
			continue
		}
		add(t.addr)
	}
	return deps
}
