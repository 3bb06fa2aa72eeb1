package cfn

import (
	"sort"
	"strconv"

	"github.com/mwaanet/mwaanet/internal/model"
)

func (r *renderer) keys() {
	for _, k := range r.a.Keys {
		if !creates(k.ID) {
			continue
		}
		props := newObject()
		props.set("Description", k.Description)
		props.set("Enabled", tri(k.Enabled))
		props.set("EnableKeyRotation", tri(k.Rotation))
		props.set("MultiRegion", tri(k.MultiRegion))
		props.set("KeyPolicy", r.policy(k.Policy))
		props.set("Tags", r.tags("", k.Tags))
		// A key policy that names a role refers to it (!GetAtt), so the role exists first:
		// KMS rejects principals that do not exist.
		r.resource(k.ID, "AWS::KMS::Key", props, retain)
		for i, alias := range k.Aliases {
			id := k.ID + "Alias"
			if i > 0 {
				id = k.ID + "Alias" + strconv.Itoa(i+1)
			}
			r.resource(id, "AWS::KMS::Alias", newObject().
				setAlways("AliasName", alias).setAlways("TargetKeyId", r.id(k.ID)))
		}
	}
}

func (r *renderer) buckets() {
	for _, b := range r.a.Buckets {
		if !creates(b.ID) {
			continue
		}
		props := newObject()
		props.set("BucketName", r.str(b.Name))
		switch b.Versioning {
		case model.Yes:
			props.setAlways("VersioningConfiguration", newObject().setAlways("Status", "Enabled"))
		}
		pab := newObject()
		for i, name := range model.PublicAccessBlockNames {
			pab.set(name, tri(b.PublicAccessBlock[i]))
		}
		props.set("PublicAccessBlockConfiguration", pab)
		if b.Encryption != "" {
			def := newObject().setAlways("SSEAlgorithm", b.Encryption)
			if b.Encryption != "AES256" {
				def.set("KMSMasterKeyID", r.str(b.KMSKey))
			}
			rule := newObject().setAlways("ServerSideEncryptionByDefault", def)
			rule.set("BucketKeyEnabled", tri(b.BucketKey))
			props.setAlways("BucketEncryption", newObject().setAlways("ServerSideEncryptionConfiguration", []any{rule}))
		}
		props.set("Tags", r.tags("", b.Tags))
		r.resource(b.ID, "AWS::S3::Bucket", props, retain)
		if b.Policy != nil {
			id := b.PolicySource.ID
			if !IsLogicalID(id) || id == b.ID {
				id = b.ID + "Policy"
			}
			r.resource(id, "AWS::S3::BucketPolicy", newObject().
				setAlways("Bucket", r.id(b.ID)).setAlways("PolicyDocument", r.policy(b.Policy)))
		}
	}
}

func (r *renderer) roles() {
	for _, role := range r.a.Roles {
		if !creates(role.ID) {
			continue
		}
		props := newObject()
		props.set("RoleName", r.str(role.Name))
		props.set("Path", role.Path)
		props.setAlways("AssumeRolePolicyDocument", r.policy(role.AssumeRolePolicy))
		var pols []any
		for _, p := range role.Policies {
			pols = append(pols, newObject().setAlways("PolicyName", r.str(p.Name)).setAlways("PolicyDocument", r.policy(p.Document)))
		}
		props.set("Policies", pols)
		props.set("ManagedPolicyArns", r.strs(role.ManagedPolicyARNs))
		props.set("Tags", r.tags("", role.Tags))
		r.resource(role.ID, "AWS::IAM::Role", props)
	}
}

func (r *renderer) managedPolicies() {
	for _, p := range r.a.ManagedPolicies {
		if !creates(p.ID) {
			continue
		}
		props := newObject()
		if p.Inline {
			name := p.Name
			if name == "" {
				name = p.ID
			}
			props.setAlways("PolicyName", r.str(name))
		} else {
			props.set("ManagedPolicyName", r.str(p.Name))
		}
		props.setAlways("PolicyDocument", r.policy(p.Document))
		props.set("Roles", r.ids(p.Roles))
		typ := "AWS::IAM::ManagedPolicy"
		if p.Inline {
			typ = "AWS::IAM::Policy"
		}
		r.resource(p.ID, typ, props)
	}
}

func (r *renderer) logGroups() {
	for _, g := range r.a.LogGroups {
		if !creates(g.ID) {
			continue
		}
		props := newObject()
		props.set("LogGroupName", r.str(g.Name))
		props.set("KmsKeyId", r.str(g.KMSKey))
		if g.RetentionInDays > 0 {
			props.setAlways("RetentionInDays", g.RetentionInDays)
		}
		r.resource(g.ID, "AWS::Logs::LogGroup", props)
	}
}

// environmentDependencies are what an environment must wait for beyond its references:
// the policies attached to its execution role, the endpoints of its VPC (private routing
// needs them at creation) and the routes of its subnets' route tables.
func (r *renderer) environmentDependencies(env *model.Environment) []string {
	var deps []string
	roleIDs := map[string]bool{}
	if p, ok := model.SoleRef(env.ExecutionRoleARN); ok {
		roleIDs[p.ID] = true
	}
	for _, p := range r.a.ManagedPolicies {
		for _, role := range p.Roles {
			if roleIDs[role] && creates(p.ID) {
				deps = append(deps, p.ID)
			}
		}
	}
	vpcs := map[string]bool{}
	for _, sn := range env.Subnets {
		if s := r.ix.Subnets[sn]; s != nil {
			vpcs[s.VPC] = true
		}
		if rt := r.ix.SubnetRouteTable[sn]; rt != nil && creates(rt.ID) {
			deps = append(deps, r.routeIDs(rt)...)
		}
	}
	for _, ep := range r.a.Endpoints {
		if !creates(ep.ID) || !vpcs[ep.VPC] {
			continue
		}
		refersToEnv := false
		for _, id := range model.References(ep.Service) {
			if id == env.ID {
				refersToEnv = true
			}
		}
		if !refersToEnv {
			deps = append(deps, ep.ID)
		}
	}
	return deps
}

func (r *renderer) environments() {
	for _, env := range r.a.Environments {
		if !creates(env.ID) {
			continue
		}
		props := newObject().setAlways("Name", r.str(env.Name))
		props.set("AirflowVersion", env.AirflowVersion)
		props.set("EnvironmentClass", env.EnvironmentClass)
		setInt := func(k string, v int) {
			if v >= 0 {
				props.setAlways(k, v)
			}
		}
		setInt("MinWorkers", env.MinWorkers)
		setInt("MaxWorkers", env.MaxWorkers)
		setInt("MinWebservers", env.MinWebservers)
		setInt("MaxWebservers", env.MaxWebservers)
		setInt("Schedulers", env.Schedulers)
		props.set("SourceBucketArn", r.str(env.SourceBucketARN))
		props.set("DagS3Path", env.DagS3Path)
		props.set("PluginsS3Path", env.PluginsS3Path)
		props.set("RequirementsS3Path", env.RequirementsS3Path)
		props.set("StartupScriptS3Path", env.StartupScriptS3Path)
		props.set("ExecutionRoleArn", r.str(env.ExecutionRoleARN))
		props.set("KmsKey", r.str(env.KMSKey))
		var sgs []any
		for _, g := range env.SecurityGroups {
			sgs = append(sgs, r.groupID(g))
		}
		props.setAlways("NetworkConfiguration", newObject().
			setAlways("SubnetIds", r.ids(env.Subnets)).
			set("SecurityGroupIds", sgs))
		props.set("WebserverAccessMode", env.WebserverAccess)
		props.set("EndpointManagement", env.EndpointManagement)
		if len(env.Logging) > 0 {
			logging := newObject()
			for _, m := range model.LogModules {
				lm, ok := env.Logging[m]
				if !ok {
					continue
				}
				o := newObject()
				o.set("Enabled", tri(lm.Enabled))
				o.set("LogLevel", lm.LogLevel)
				logging.set(m, o)
			}
			props.set("LoggingConfiguration", logging)
		}
		if len(env.AirflowConfig) > 0 {
			props.setAlways("AirflowConfigurationOptions", sortedObject(env.AirflowConfig, func(v string) any { return v }))
		}
		props.set("WeeklyMaintenanceWindowStart", env.WeeklyMaintenanceWindowStart)
		if len(env.Tags) > 0 {
			props.setAlways("Tags", sortedObject(env.Tags, func(v string) any { return r.str(v) }))
		}
		var opts []func(*object)
		if deps := r.environmentDependencies(env); len(deps) > 0 {
			opts = append(opts, dependsOn(deps...))
		}
		r.resource(env.ID, "AWS::MWAA::Environment", props, opts...)
	}
}

func (r *renderer) alarms() {
	for _, a := range r.a.Alarms {
		if !creates(a.ID) {
			continue
		}
		props := newObject()
		props.set("AlarmName", r.str(a.Name))
		props.set("AlarmDescription", a.Description)
		props.set("Namespace", a.Namespace)
		props.set("MetricName", a.MetricName)
		names := make([]string, 0, len(a.Dimensions))
		for k := range a.Dimensions {
			names = append(names, k)
		}
		sort.Strings(names)
		var dims []any
		for _, k := range names {
			dims = append(dims, newObject().setAlways("Name", k).setAlways("Value", r.str(a.Dimensions[k])))
		}
		props.set("Dimensions", dims)
		props.set("Statistic", a.Statistic)
		if a.Period > 0 {
			props.setAlways("Period", a.Period)
		}
		props.setAlways("EvaluationPeriods", a.EvaluationPeriods)
		props.setAlways("Threshold", a.Threshold)
		props.setAlways("ComparisonOperator", a.ComparisonOperator)
		props.set("TreatMissingData", a.TreatMissingData)
		props.set("AlarmActions", r.strs(a.AlarmActions))
		r.resource(a.ID, "AWS::CloudWatch::Alarm", props)
	}
}

func (r *renderer) topics() {
	for _, t := range r.a.Topics {
		if !creates(t.ID) {
			continue
		}
		props := newObject()
		props.set("TopicName", r.str(t.Name))
		props.set("KmsMasterKeyId", r.str(t.KMSKey))
		var subs []any
		for _, s := range t.Subscriptions {
			subs = append(subs, newObject().setAlways("Endpoint", r.str(s.Endpoint)).setAlways("Protocol", s.Protocol))
		}
		props.set("Subscription", subs)
		r.resource(t.ID, "AWS::SNS::Topic", props)
	}
}

func (r *renderer) parameters() *object {
	if len(r.a.Parameters) == 0 {
		return nil
	}
	params := newObject()
	for _, p := range r.a.Parameters {
		typ := p.Type
		if typ == "" {
			typ = "String"
		}
		o := newObject().setAlways("Type", typ)
		o.set("Description", p.Description)
		if p.HasDefault {
			o.setAlways("Default", p.Default)
		}
		o.set("AllowedPattern", p.AllowedPattern)
		if len(p.AllowedValues) > 0 {
			var vs []any
			for _, v := range p.AllowedValues {
				vs = append(vs, v)
			}
			o.setAlways("AllowedValues", vs)
		}
		if p.NoEcho {
			o.setAlways("NoEcho", true)
		}
		params.setAlways(p.Name, o)
	}
	return params
}

func (r *renderer) outputs() *object {
	outs := newObject()
	for _, o := range r.a.Outputs {
		if !IsLogicalID(o.Name) {
			r.fail("output name %q is not alphanumeric", o.Name)
			return nil
		}
		v := newObject()
		v.set("Description", o.Description)
		v.setAlways("Value", r.str(o.Value))
		if o.Export != "" {
			v.setAlways("Export", newObject().setAlways("Name", r.str(o.Export)))
		}
		outs.setAlways(o.Name, v)
	}
	return outs
}
