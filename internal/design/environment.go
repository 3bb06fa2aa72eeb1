package design

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// acmPattern is the AllowedPattern of certificate ARN parameters.
const acmPattern = `^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$`

// environment adds the MWAA environment with logging for all five modules (LOG-01).
func (b *builder) environment() {
	s := b.s
	e := s.Environment
	logging := map[string]model.LogModule{}
	for _, m := range model.LogModules {
		logging[m] = model.LogModule{Enabled: model.Yes, LogLevel: e.LogLevel, Source: b.s.Source("environment.logLevel")}
	}
	cfg := map[string]string{}
	for k, v := range e.AirflowConfig {
		cfg[k] = v
	}
	env := &model.Environment{
		ID: IDEnvironment, Name: s.Name,
		AirflowVersion: e.AirflowVersion, EnvironmentClass: e.Class,
		MinWorkers: e.MinWorkers, MaxWorkers: e.MaxWorkers,
		MinWebservers: e.MinWebservers, MaxWebservers: e.MaxWebservers,
		Schedulers:         e.Schedulers,
		Subnets:            append([]string(nil), b.privateSubnets...),
		SecurityGroups:     []string{IDEnvironmentSecurityGroup},
		WebserverAccess:    s.WebserverAccess,
		EndpointManagement: s.EndpointManagement,
		SourceBucketARN:    b.bucketARN,
		DagS3Path:          e.DagPath, PluginsS3Path: e.PluginsPath,
		RequirementsS3Path: e.RequirementsPath, StartupScriptS3Path: e.StartupScriptPath,
		ExecutionRoleARN:             model.Att(IDExecutionRole, "Arn"),
		KMSKey:                       b.keyARN,
		Logging:                      logging,
		AirflowConfig:                cfg,
		WeeklyMaintenanceWindowStart: e.WeeklyMaintenanceWindowStart,
		DatabaseVPCEndpointService:   model.Att(IDEnvironment, "DatabaseVpcEndpointService"),
		WebserverURL:                 model.Att(IDEnvironment, "WebserverUrl"),
		Tags:                         map[string]string{"Name": s.Name},
		Source:                       b.src("environment", IDEnvironment),
	}
	if s.WebserverAccess == model.PrivateOnly {
		env.WebserverVPCEndpointService = model.Att(IDEnvironment, "WebserverVpcEndpointService")
	}
	b.a.Environments = append(b.a.Environments, env)
}

// certificate returns the symbolic ARN of a certificate: the spec's ARN, or a parameter
// when the spec says "generate later".
func (b *builder) certificate(val, param, what string) string {
	if val != "" && val != spec.GenerateLater {
		return val
	}
	b.a.Parameters = append(b.a.Parameters, &model.Parameter{
		Name: param, Type: "String",
		Description:    "ACM ARN of the Client VPN " + what + " (import what `mwaanet vpn certs` creates)",
		AllowedPattern: acmPattern,
	})
	return model.Ref(param)
}

// vpn adds the Client VPN endpoint (WEB-01, WEB-02): mutual TLS, split tunnel, associated
// with both environment subnets, authorized for the VPC CIDR.
func (b *builder) vpn() {
	s := b.s
	if !s.VPNEnabled() {
		return
	}
	vpcCIDR := b.plan.VPC
	cvpn := &model.ClientVPN{
		ID: IDClientVPN, Name: b.name("client-vpn"), VPC: b.vpcID,
		ClientCIDR:     b.plan.VPNClient,
		SecurityGroups: []string{IDClientVPNSecurityGroup},
		SplitTunnel:    model.TriOf(s.SplitTunnel()),
		Authentication: []string{"certificate-authentication"},
		ServerCertificateARN: b.certificate(s.VPN.ServerCertificateARN, ParamServerCertificateARN,
			"server certificate"),
		ClientRootCertARN: b.certificate(s.VPN.ClientRootCertificateARN, ParamClientRootCertificateARN,
			"client root certificate chain for mutual TLS"),
		TransportProtocol: "udp",
		VPNPort:           443,
		DNSServers:        []netip.Addr{hostAt(vpcCIDR, 2)},
		Associations:      append([]string(nil), b.privateSubnets...),
		AuthorizationRules: []model.ClientVPNAuthorization{{
			TargetCIDR: vpcCIDR, AllGroups: true, Source: b.src("vpn", "ClientVpnAuthorizationRule"),
		}},
		ConnectionLogging: model.No,
		Tags:              b.tags(b.name("client-vpn")),
		Source:            b.src("vpn", IDClientVPN),
	}
	for _, sn := range b.privateSubnets {
		cvpn.Routes = append(cvpn.Routes, model.ClientVPNRoute{Destination: vpcCIDR, TargetSubnet: sn})
	}
	b.a.ClientVPNs = append(b.a.ClientVPNs, cvpn)
}

// alarms adds the CloudWatch alarms of LOG-02.
func (b *builder) alarms() {
	s := b.s
	if !s.AlarmsEnabled() {
		return
	}
	env := model.Ref(IDEnvironment)
	var actions []string
	if s.Alarms.Email != "" {
		b.alarmTopic()
		actions = []string{model.Ref(IDAlarmTopic)}
	}
	add := func(a *model.Alarm) {
		a.Name = b.name(a.Name)
		a.Source = b.src("alarms", a.ID)
		a.AlarmActions = append([]string(nil), actions...)
		b.a.Alarms = append(b.a.Alarms, a)
	}
	add(&model.Alarm{
		ID: "SchedulerHeartbeatAlarm", Name: "scheduler-heartbeat",
		Description: "The Airflow scheduler sent no heartbeat for 5 minutes (LOG-02)",
		Namespace:   "AmazonMWAA", MetricName: "SchedulerHeartbeat",
		Dimensions: map[string]string{"Function": "Scheduler", "Environment": env},
		Statistic:  "Sum", Period: 300, EvaluationPeriods: 1, Threshold: 1,
		ComparisonOperator: "LessThanThreshold", TreatMissingData: "breaching",
	})
	add(&model.Alarm{
		ID: "QueuedTasksAlarm", Name: "tasks-queued-too-long",
		Description: "Tasks stayed queued for 30 minutes without the queue draining (LOG-02)",
		Namespace:   "AmazonMWAA", MetricName: "QueuedTasks",
		Dimensions: map[string]string{"Function": "Executor", "Environment": env},
		Statistic:  "Minimum", Period: 300, EvaluationPeriods: 6, Threshold: 0,
		ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
	})
	for _, c := range []struct{ id, cluster, metric, what string }{
		{"SchedulerCpuAlarm", "Scheduler", "CPUUtilization", "scheduler-cpu-high"},
		{"SchedulerMemoryAlarm", "Scheduler", "MemoryUtilization", "scheduler-memory-high"},
		{"WorkerCpuAlarm", "BaseWorker", "CPUUtilization", "worker-cpu-high"},
		{"WorkerMemoryAlarm", "BaseWorker", "MemoryUtilization", "worker-memory-high"},
	} {
		add(&model.Alarm{
			ID: c.id, Name: c.what,
			Description: c.cluster + " " + c.metric + " above 80% for 15 minutes (LOG-02)",
			Namespace:   "AWS/MWAA", MetricName: c.metric,
			Dimensions: map[string]string{"Cluster": c.cluster, "Environment": env},
			Statistic:  "Average", Period: 300, EvaluationPeriods: 3, Threshold: 80,
			ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
		})
	}
}

// outputs adds what a user needs after deployment.
func (b *builder) outputs() {
	s := b.s
	out := func(name, value, desc string) {
		b.a.Outputs = append(b.a.Outputs, &model.Output{Name: name, Value: value, Description: desc})
	}
	out("WebserverUrl", "https://"+model.Att(IDEnvironment, "WebserverUrl"), "Airflow web server URL")
	out("EnvironmentArn", model.Att(IDEnvironment, "Arn"), "MWAA environment ARN")
	if s.Bucket.ExistingARN == "" {
		out("DagBucketName", model.Ref(IDDagBucket), "DAG bucket: upload dags/, plugins.zip and requirements.txt here")
	}
	out("EnvironmentSecurityGroupId", model.Ref(IDEnvironmentSecurityGroup), "Security group of the environment")
	out("ExecutionRoleArn", model.Att(IDExecutionRole, "Arn"), "Execution role of the environment")
	if s.Key.ExistingARN == "" {
		out("KeyArn", model.Att(IDKey, "Arn"), "Customer managed KMS key")
	}
	if !b.existing() {
		out("VpcId", model.Ref(IDVPC), "VPC of the environment")
	}
	if s.VPNEnabled() {
		out("ClientVpnEndpointId", model.Ref(IDClientVPN), "Client VPN endpoint: write a client profile with mwaanet vpn config --endpoint-dns DNS-NAME (aws ec2 describe-client-vpn-endpoints shows it)")
	}
	if s.EndpointManagement == model.CustomerManaged {
		out("DatabaseVpcEndpointService", model.Att(IDEnvironment, "DatabaseVpcEndpointService"), "Endpoint service of the environment's metadata database (EPM-02)")
		if s.WebserverAccess == model.PrivateOnly {
			out("WebserverVpcEndpointService", model.Att(IDEnvironment, "WebserverVpcEndpointService"), "Endpoint service of the environment's web server (EPM-02)")
		}
	}
}

// alarmTopic adds the SNS topic the alarms notify, with the spec's e-mail subscribed,
// encrypted with the key (whose policy then lets CloudWatch use it).
func (b *builder) alarmTopic() {
	b.a.Topics = append(b.a.Topics, &model.Topic{
		ID: IDAlarmTopic, Name: b.name("alarms"), KMSKey: b.keyARN,
		Subscriptions: []model.Subscription{{Protocol: "email", Endpoint: b.s.Alarms.Email}},
		Source:        b.src("alarms.email", IDAlarmTopic),
	})
	for _, k := range b.a.Keys {
		if k.ID != IDKey {
			continue
		}
		k.Policy.Statements = append(k.Policy.Statements, model.Statement{
			Sid: "CloudWatchAlarmsToTopic", Effect: "Allow",
			Principal: map[string][]string{"Service": {"cloudwatch.amazonaws.com"}},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"},
			Resource:  []string{"*"},
		})
	}
}
