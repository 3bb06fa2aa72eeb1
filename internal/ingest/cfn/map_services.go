package cfn

import (
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

func (m *mapper) environment(rs *Resource) {
	p := rs.Properties
	e := &model.Environment{ID: rs.ID, Name: m.text(p, "Name"), AirflowVersion: m.text(p, "AirflowVersion"),
		EnvironmentClass: m.literal(p, "EnvironmentClass"),
		MinWorkers:       m.integer(p, "MinWorkers", -1, rs.LogicalID), MaxWorkers: m.integer(p, "MaxWorkers", -1, rs.LogicalID),
		MinWebservers: m.integer(p, "MinWebservers", -1, rs.LogicalID), MaxWebservers: m.integer(p, "MaxWebservers", -1, rs.LogicalID),
		Schedulers:      m.integer(p, "Schedulers", -1, rs.LogicalID),
		WebserverAccess: m.literal(p, "WebserverAccessMode"), EndpointManagement: m.literal(p, "EndpointManagement"),
		SourceBucketARN: m.text(p, "SourceBucketArn"), DagS3Path: m.text(p, "DagS3Path"),
		PluginsS3Path: m.text(p, "PluginsS3Path"), RequirementsS3Path: m.text(p, "RequirementsS3Path"),
		StartupScriptS3Path: m.text(p, "StartupScriptS3Path"), ExecutionRoleARN: m.text(p, "ExecutionRoleArn"),
		KMSKey: m.text(p, "KmsKey"), WeeklyMaintenanceWindowStart: m.text(p, "WeeklyMaintenanceWindowStart"),
		DatabaseVPCEndpointService:  model.Att(rs.ID, "DatabaseVpcEndpointService"),
		WebserverVPCEndpointService: model.Att(rs.ID, "WebserverVpcEndpointService"),
		WebserverURL:                model.Att(rs.ID, "WebserverUrl"),
		Tags:                        m.tags(p, "Tags"), Source: src(rs)}
	if !has(p, "WebserverAccessMode") {
		e.WebserverAccess = model.PrivateOnly // the CloudFormation default
	}
	if nc, ok := p.Get("NetworkConfiguration"); ok {
		if v, ok := nc.Get("SubnetIds"); ok {
			e.Subnets = m.idList(v, rs, "NetworkConfiguration.SubnetIds")
			e.Subnets, e.SubnetsUnknown = knownIDs(v, e.Subnets)
		}
		if v, ok := nc.Get("SecurityGroupIds"); ok {
			e.SecurityGroups = m.idList(v, rs, "NetworkConfiguration.SecurityGroupIds")
			e.SecurityGroups, e.SecurityGroupsUnknown = knownIDs(v, e.SecurityGroups)
		}
	}
	if lc, ok := p.Get("LoggingConfiguration"); ok {
		e.Logging = map[string]model.LogModule{}
		for _, mod := range model.LogModules {
			v, ok := lc.Get(mod)
			if !ok {
				continue
			}
			e.Logging[mod] = model.LogModule{Enabled: m.tri(v, "Enabled", model.No, rs.LogicalID),
				LogLevel: m.literal(v, "LogLevel"), Source: at(rs, v)}
		}
	}
	if v, ok := p.Get("AirflowConfigurationOptions"); ok {
		e.AirflowConfig = map[string]string{}
		flattenConfig(m, v, "", e.AirflowConfig)
	}
	m.a.Environments = append(m.a.Environments, e)
}

// knownIDs drops the IDs of list v that are not known statically (ids gives them as "")
// and says whether the list, or any of its items, is not known: the rules must then not
// count the list's items.
func knownIDs(v Value, ids []string) ([]string, bool) {
	unknown := false
	if _, ok := v.List(); !ok && v.Kind != KindScalar && v.Kind != KindRef {
		unknown = true
	}
	out := ids[:0]
	for _, id := range ids {
		if id == "" {
			unknown = true
			continue
		}
		out = append(out, id)
	}
	return out, unknown
}

// flattenConfig turns {core: {x: 1}} or {"core.x": 1} into {"core.x": "1"}.
func flattenConfig(m *mapper, v Value, prefix string, out map[string]string) {
	if v.Kind != KindMap {
		out[prefix] = m.sym(v)
		if v.Kind == KindScalar {
			out[prefix] = v.Str
		}
		return
	}
	for _, f := range v.Fields {
		k := f.Key
		if prefix != "" {
			k = prefix + "." + k
		}
		flattenConfig(m, f.Value, k, out)
	}
}

func (m *mapper) bucket(rs *Resource) {
	p := rs.Properties
	b := &model.Bucket{ID: rs.ID, Name: m.text(p, "BucketName"), Region: m.a.Region, Tags: m.tags(p, "Tags"), Source: src(rs),
		Versioning: model.No, Encryption: "AES256", BucketKey: model.No}
	if v, ok := p.Get("VersioningConfiguration"); ok {
		switch s, known := v.Get("Status"); {
		case !known:
			b.Versioning = model.Unknown
		case s.Kind != KindScalar:
			b.Versioning = model.Unknown
		default:
			b.Versioning = model.TriOf(s.Str == "Enabled")
		}
	}
	// New buckets block all public access unless the template says otherwise (S3's
	// default since April 2023); a configuration given leaves unnamed settings off.
	b.PublicAccessBlock = [4]model.Tri{model.Yes, model.Yes, model.Yes, model.Yes}
	if v, ok := p.Get("PublicAccessBlockConfiguration"); ok {
		for i, name := range model.PublicAccessBlockNames {
			b.PublicAccessBlock[i] = m.tri(v, name, model.No, rs.LogicalID)
		}
	}
	if v, ok := p.Get("BucketEncryption"); ok {
		b.Encryption = ""
		b.BucketKey = model.Unknown
		rules, _ := v.Get("ServerSideEncryptionConfiguration")
		items, _ := rules.List()
		if len(items) > 0 {
			b.BucketKey = m.tri(items[0], "BucketKeyEnabled", model.No, rs.LogicalID)
			if d, ok := items[0].Get("ServerSideEncryptionByDefault"); ok {
				b.Encryption = m.literal(d, "SSEAlgorithm")
				b.KMSKey = m.text(d, "KMSMasterKeyID")
			}
		}
	}
	m.buckets[b.ID] = b
	m.a.Buckets = append(m.a.Buckets, b)
}

func (m *mapper) bucketPolicy(rs *Resource) {
	p := rs.Properties
	v, _ := p.Get("Bucket")
	var b *model.Bucket
	if v.Kind == KindRef {
		b = m.buckets[m.modelID(v.Ref)]
	} else if s, ok := v.String(); ok {
		for _, x := range m.a.Buckets {
			if x.Name == s {
				b = x
			}
		}
	}
	if b == nil {
		m.outside(rs, "bucket", m.sym(v))
		return
	}
	if d, ok := p.Get("PolicyDocument"); ok {
		b.Policy = m.policy(d, rs)
		b.PolicySource = src(rs)
	}
}

func (m *mapper) key(rs *Resource) {
	p := rs.Properties
	k := &model.Key{ID: rs.ID, Description: m.text(p, "Description"),
		MultiRegion: m.tri(p, "MultiRegion", model.No, rs.LogicalID), Rotation: m.tri(p, "EnableKeyRotation", model.No, rs.LogicalID),
		Enabled: m.tri(p, "Enabled", model.Yes, rs.LogicalID), Tags: m.tags(p, "Tags"), Source: src(rs)}
	if v, ok := p.Get("KeyPolicy"); ok {
		k.Policy = m.policy(v, rs)
	}
	m.keys[k.ID] = k
	m.a.Keys = append(m.a.Keys, k)
}

func (m *mapper) alias(rs *Resource) {
	p := rs.Properties
	v, _ := p.Get("TargetKeyId")
	var k *model.Key
	if v.Kind == KindRef {
		k = m.keys[m.modelID(v.Ref)]
	}
	if k == nil {
		m.outside(rs, "KMS key", m.sym(v))
		return
	}
	if name := m.text(p, "AliasName"); name != "" {
		k.Aliases = append(k.Aliases, name)
	}
}

func (m *mapper) role(rs *Resource) {
	p := rs.Properties
	r := &model.Role{ID: rs.ID, Name: m.text(p, "RoleName"), Path: m.text(p, "Path"), Tags: m.tags(p, "Tags"), Source: src(rs)}
	if v, ok := p.Get("AssumeRolePolicyDocument"); ok {
		r.AssumeRolePolicy = m.policy(v, rs)
	}
	if v, ok := p.Get("Policies"); ok {
		items, _ := v.List()
		for _, it := range items {
			np := model.NamedPolicy{Name: m.text(it, "PolicyName"), Source: at(rs, it)}
			if d, ok := it.Get("PolicyDocument"); ok {
				np.Document = m.policy(d, rs)
			}
			r.Policies = append(r.Policies, np)
		}
	}
	if v, ok := p.Get("ManagedPolicyArns"); ok {
		r.ManagedPolicyARNs = m.syms(v)
	}
	m.roles[r.ID] = r
	m.a.Roles = append(m.a.Roles, r)
}

// managedPolicy reads AWS::IAM::ManagedPolicy and AWS::IAM::Policy (Inline).
func (m *mapper) managedPolicy(rs *Resource, inline bool) {
	p := rs.Properties
	mp := &model.ManagedPolicy{ID: rs.ID, Inline: inline, Source: src(rs)}
	if inline {
		mp.Name = m.text(p, "PolicyName")
	} else {
		mp.Name = m.text(p, "ManagedPolicyName")
	}
	if v, ok := p.Get("PolicyDocument"); ok {
		mp.Document = m.policy(v, rs)
	}
	if v, ok := p.Get("Roles"); ok {
		items, _ := v.List()
		for _, it := range items {
			if it.Kind == KindRef { // Ref of a role is its name: the role itself
				mp.Roles = append(mp.Roles, m.modelID(it.Ref))
			} else if s, ok := it.String(); ok {
				mp.Roles = append(mp.Roles, m.roleByName(s))
			} else {
				mp.Roles = append(mp.Roles, "")
			}
		}
	}
	m.a.ManagedPolicies = append(m.a.ManagedPolicies, mp)
}

func (m *mapper) roleByName(name string) string {
	for _, r := range m.a.Roles {
		if r.Name == name {
			return r.ID
		}
	}
	return name
}

func (m *mapper) logGroup(rs *Resource) {
	p := rs.Properties
	lg := &model.LogGroup{ID: rs.ID, Name: m.text(p, "LogGroupName"), KMSKey: m.text(p, "KmsKeyId"),
		RetentionInDays: m.integer(p, "RetentionInDays", 0, rs.LogicalID), Source: src(rs)}
	m.a.LogGroups = append(m.a.LogGroups, lg)
}

func (m *mapper) alarm(rs *Resource) {
	p := rs.Properties
	al := &model.Alarm{ID: rs.ID, Name: m.text(p, "AlarmName"), Description: m.text(p, "AlarmDescription"),
		Namespace: m.text(p, "Namespace"), MetricName: m.text(p, "MetricName"), Statistic: m.text(p, "Statistic"),
		Period: m.integer(p, "Period", -1, rs.LogicalID), EvaluationPeriods: m.integer(p, "EvaluationPeriods", -1, rs.LogicalID),
		ComparisonOperator: m.text(p, "ComparisonOperator"), TreatMissingData: m.text(p, "TreatMissingData"), Source: src(rs)}
	if v, ok := p.Get("Threshold"); ok {
		if s, ok := v.String(); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				al.Threshold = f
			}
		}
	}
	if v, ok := p.Get("Dimensions"); ok {
		items, _ := v.List()
		for _, it := range items {
			if al.Dimensions == nil {
				al.Dimensions = map[string]string{}
			}
			al.Dimensions[m.text(it, "Name")] = m.text(it, "Value")
		}
	}
	if v, ok := p.Get("AlarmActions"); ok {
		al.AlarmActions = m.syms(v)
	}
	m.a.Alarms = append(m.a.Alarms, al)
}

func (m *mapper) topic(rs *Resource) {
	p := rs.Properties
	tp := &model.Topic{ID: rs.ID, Name: m.text(p, "TopicName"), KMSKey: m.text(p, "KmsMasterKeyId"), Source: src(rs)}
	if v, ok := p.Get("Subscription"); ok {
		items, _ := v.List()
		for _, it := range items {
			tp.Subscriptions = append(tp.Subscriptions, model.Subscription{Protocol: m.text(it, "Protocol"), Endpoint: m.text(it, "Endpoint")})
		}
	}
	m.topics[tp.ID] = tp
	m.a.Topics = append(m.a.Topics, tp)
}

func (m *mapper) subscription(rs *Resource) {
	p := rs.Properties
	tid := m.idOf(p, "TopicArn")
	tp := m.topics[tid]
	if tp == nil {
		m.outside(rs, "SNS topic", tid)
		return
	}
	tp.Subscriptions = append(tp.Subscriptions, model.Subscription{Protocol: m.text(p, "Protocol"), Endpoint: m.text(p, "Endpoint")})
}
