package model

// Webserver access modes and endpoint management modes, as the MWAA API spells them.
const (
	PublicOnly      = "PUBLIC_ONLY"
	PrivateOnly     = "PRIVATE_ONLY"
	ServiceManaged  = "SERVICE"
	CustomerManaged = "CUSTOMER"
)

// Routing modes (the spec's and the requirements' words; MWAA itself infers routing from
// the subnets).
const (
	RoutingPublic  = "public"
	RoutingPrivate = "private"
)

// LogModules are MWAA's five log modules, in the order the API lists them.
var LogModules = []string{"DagProcessingLogs", "SchedulerLogs", "TaskLogs", "WebserverLogs", "WorkerLogs"}

// Environment is an MWAA environment. Integer fields are -1 when unknown or unset (AWS
// then applies its default); strings are "" when unknown or unset.
type Environment struct {
	ID                 string
	Name               string // symbolic allowed
	AirflowVersion     string
	EnvironmentClass   string
	MinWorkers         int
	MaxWorkers         int
	MinWebservers      int
	MaxWebservers      int
	Schedulers         int
	Subnets            []string // subnet IDs (model IDs, or literal AWS IDs outside the input)
	SecurityGroups     []string
	WebserverAccess    string // PUBLIC_ONLY, PRIVATE_ONLY; "" unknown
	EndpointManagement string // SERVICE, CUSTOMER; "" means the default, SERVICE
	// SourceBucketARN is symbolic ("${DagBucket.Arn}" or a literal ARN).
	SourceBucketARN              string
	DagS3Path                    string
	PluginsS3Path                string
	RequirementsS3Path           string
	StartupScriptS3Path          string
	ExecutionRoleARN             string // symbolic
	KMSKey                       string // symbolic key ARN or ID; "" AWS-owned key
	Logging                      map[string]LogModule
	AirflowConfig                map[string]string
	WeeklyMaintenanceWindowStart string
	// DatabaseVPCEndpointService and WebserverVPCEndpointService are what MWAA reports
	// (get-environment) once created: the endpoint services a CUSTOMER-managed VPC owner
	// must create interface endpoints to. Symbolic for templates
	// ("${Environment.DatabaseVpcEndpointService}").
	DatabaseVPCEndpointService  string
	WebserverVPCEndpointService string
	WebserverURL                string
	Status                      string // AWS status when read from an account
	Tags                        map[string]string
	Source                      Source
	// SubnetsUnknown and SecurityGroupsUnknown say that the input gives the list, but not
	// statically (a template parameter without a default, a value known only after apply):
	// an empty or short Subnets/SecurityGroups then means "not known", not "none".
	SubnetsUnknown        bool `json:",omitempty"`
	SecurityGroupsUnknown bool `json:",omitempty"`
}

// LogModule is one module's logging configuration.
type LogModule struct {
	Enabled  Tri
	LogLevel string // CRITICAL, ERROR, WARNING, INFO, DEBUG
	// LogGroupARN is what AWS reports once created.
	LogGroupARN string
	Source      Source
}
