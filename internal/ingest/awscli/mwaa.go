package awscli

import (
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// environment reads `aws mwaa get-environment` output. The environment's model ID is its
// name.
func (s *snapshot) environment(f *file, n *jsonpos.Node) {
	if n == nil {
		return
	}
	name := f.id(n, "Name", "MWAA environment")
	e := &model.Environment{
		ID:                           name,
		Name:                         name,
		AirflowVersion:               f.str(n, "AirflowVersion"),
		EnvironmentClass:             f.str(n, "EnvironmentClass"),
		MinWorkers:                   f.integer(n, "MinWorkers", -1),
		MaxWorkers:                   f.integer(n, "MaxWorkers", -1),
		MinWebservers:                f.integer(n, "MinWebservers", -1),
		MaxWebservers:                f.integer(n, "MaxWebservers", -1),
		Schedulers:                   f.integer(n, "Schedulers", -1),
		WebserverAccess:              f.str(n, "WebserverAccessMode"),
		EndpointManagement:           f.str(n, "EndpointManagement"),
		SourceBucketARN:              f.str(n, "SourceBucketArn"),
		DagS3Path:                    f.str(n, "DagS3Path"),
		PluginsS3Path:                f.str(n, "PluginsS3Path"),
		RequirementsS3Path:           f.str(n, "RequirementsS3Path"),
		StartupScriptS3Path:          f.str(n, "StartupScriptS3Path"),
		ExecutionRoleARN:             f.str(n, "ExecutionRoleArn"),
		KMSKey:                       f.str(n, "KmsKey"),
		AirflowConfig:                f.strMap(n, "AirflowConfigurationOptions"),
		WeeklyMaintenanceWindowStart: f.str(n, "WeeklyMaintenanceWindowStart"),
		DatabaseVPCEndpointService:   f.str(n, "DatabaseVpcEndpointService"),
		WebserverVPCEndpointService:  f.str(n, "WebserverVpcEndpointService"),
		WebserverURL:                 f.str(n, "WebserverUrl"),
		Tags:                         f.strMap(n, "Tags"),
		Source:                       f.src(n, name),
	}
	if st := n.Get("Status"); !st.IsNull() {
		e.Status = f.str(n, "Status")
	}
	if nc := f.obj(n, "NetworkConfiguration"); nc != nil {
		e.Subnets = f.strs(nc, "SubnetIds")
		e.SecurityGroups = f.strs(nc, "SecurityGroupIds")
	}
	if lc := f.obj(n, "LoggingConfiguration"); lc != nil {
		e.Logging = map[string]model.LogModule{}
		for _, mod := range model.LogModules {
			m := f.obj(lc, mod)
			if m == nil {
				continue
			}
			e.Logging[mod] = model.LogModule{
				Enabled:     f.tri(m, "Enabled"),
				LogLevel:    f.str(m, "LogLevel"),
				LogGroupARN: f.str(m, "CloudWatchLogGroupArn"),
				Source:      f.src(m, name),
			}
		}
	}
	if s.envRegion == "" {
		s.envRegion = regionOfARN(f.str(n, "Arn"))
	}
	s.a.Environments = append(s.a.Environments, e)
}

func (s *snapshot) publicAccessBlock(f *file, n *jsonpos.Node) {
	if n == nil {
		return
	}
	var pab [4]model.Tri
	for i, name := range model.PublicAccessBlockNames {
		pab[i] = f.tri(n, name)
	}
	s.pab, s.pabSrc = &pab, f.src(n, "")
}

func (s *snapshot) keyPolicy(f *file, root *jsonpos.Node) {
	s.keySrc = f.src(root, "")
	s.keyPolicyDoc = f.policyDoc(root.Get("Policy"), "Policy")
}

func (s *snapshot) role(f *file, n *jsonpos.Node) {
	if n == nil {
		return
	}
	name := f.str(n, "RoleName")
	arn := f.str(n, "Arn")
	id := arn
	if id == "" {
		id = name
	}
	r := &model.Role{ID: id, Name: name, Path: f.str(n, "Path"), Tags: f.tags(n, "Tags"), Source: f.src(n, id)}
	if d := n.Get("AssumeRolePolicyDocument"); !d.IsNull() {
		r.AssumeRolePolicy = f.policyDoc(d, "AssumeRolePolicyDocument")
	}
	s.roleRead = r
}

// bucketName returns the bucket name of an S3 bucket ARN ("arn:aws:s3:::name").
func bucketName(arn string) string {
	if i := strings.Index(arn, ":::"); i >= 0 {
		return arn[i+3:]
	}
	return arn
}

// resources builds the bucket, key and role of the environment from the optional files.
func (s *snapshot) resources() {
	env := s.a.Environment()
	if s.versioning != nil || s.pab != nil {
		b := &model.Bucket{Versioning: model.Unknown}
		if env != nil && env.SourceBucketARN != "" {
			b.Name = bucketName(env.SourceBucketARN)
			b.ID = b.Name
			b.Source = model.Source{ID: env.SourceBucketARN}
		} else {
			b.ID = "source-bucket"
		}
		if v := s.versioning; v != nil {
			b.Versioning = model.TriOf(v.status == "Enabled")
			b.Source.File, b.Source.Line, b.Source.Column = v.src.File, v.src.Line, v.src.Column
		}
		if s.pab != nil {
			b.PublicAccessBlock = *s.pab
			if b.Source.File == "" {
				b.Source.File, b.Source.Line, b.Source.Column = s.pabSrc.File, s.pabSrc.Line, s.pabSrc.Column
			}
		}
		s.a.Buckets = append(s.a.Buckets, b)
	}
	if s.seen["KeyPolicy"] {
		k := &model.Key{ID: "key", Policy: s.keyPolicyDoc, Source: s.keySrc}
		if env != nil && env.KMSKey != "" {
			k.ID = env.KMSKey
		}
		k.Source.ID = k.ID
		s.a.Keys = append(s.a.Keys, k)
	}
	if s.roleRead != nil {
		s.a.Roles = append(s.a.Roles, s.roleRead)
	}
}

// alarm reads one alarm of `aws cloudwatch describe-alarms` output (MetricAlarms). Its
// model ID is its name (unique in an account and Region).
func (s *snapshot) alarm(f *file, n *jsonpos.Node) {
	id := f.id(n, "AlarmName", "CloudWatch alarm")
	al := &model.Alarm{
		ID:                 id,
		Name:               id,
		Description:        f.str(n, "AlarmDescription"),
		Namespace:          f.str(n, "Namespace"),
		MetricName:         f.str(n, "MetricName"),
		Statistic:          f.str(n, "Statistic"),
		Period:             f.integer(n, "Period", -1),
		EvaluationPeriods:  f.integer(n, "EvaluationPeriods", -1),
		ComparisonOperator: f.str(n, "ComparisonOperator"),
		TreatMissingData:   f.str(n, "TreatMissingData"),
		AlarmActions:       f.strs(n, "AlarmActions"),
		Source:             f.src(n, id),
	}
	if v := f.member(n, "Threshold", jsonpos.Number); v != nil {
		if t, err := strconv.ParseFloat(v.Text, 64); err == nil {
			al.Threshold = t
		} else {
			f.errorf(v, "Threshold: %q is not a number", v.Text)
		}
	}
	for _, d := range f.objs(n, "Dimensions") {
		if al.Dimensions == nil {
			al.Dimensions = map[string]string{}
		}
		al.Dimensions[f.str(d, "Name")] = f.str(d, "Value")
	}
	s.a.Alarms = append(s.a.Alarms, al)
}
