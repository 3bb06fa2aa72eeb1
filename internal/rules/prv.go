package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// PRV: private routing. Whether each service answers is decided by the path rules
// (PRV-03/path, PRV-04/path, PRV-05/path); these rules check what the input declares.

func prvRules() []*Rule {
	return []*Rule{
		rule("PRV-01/no-internet-route", "PRV-01", model.SeverityError,
			"Private routing: the environment's subnets have no route to a NAT device (nor to an internet gateway: NET-03)", checkNoInternetRoute),
		rule("PRV-02/local-route", "PRV-02", model.SeverityError,
			"The environment subnets' route table keeps the local route of every VPC CIDR", checkLocalRoute),
		rule("PRV-03/endpoints", "PRV-03", model.SeverityError,
			"Private routing: an interface endpoint in the environment's VPC and Region for every service MWAA and the DAGs use", checkEndpoints),
		rule("PRV-04/endpoint-azs", "PRV-04", model.SeverityWarning,
			"Interface endpoints have a subnet in each of the environment's Availability Zones", checkEndpointAZs),
		rule("PRV-05/s3-endpoint-policy", "PRV-05", model.SeverityError,
			"The S3 endpoint's policy allows the DAG bucket and ECR's image-layer bucket", checkS3EndpointPolicy),
		rule("PRV-06/endpoint-policies", "PRV-06", model.SeverityError,
			"Endpoint policies allow what the environment does (queues airflow-celery-*, log groups airflow-ENV-*, the key)", checkEndpointPolicies),
		rule("PRV-07/private-only", "PRV-07", model.SeverityWarning,
			"Private routing goes with PRIVATE_ONLY web server access", checkPrivateOnly),
		rule("PRV-08/python-dependencies", "PRV-08", model.SeverityWarning,
			"Private routing: Python requirements are installed from wheels in plugins.zip, not from a package index", checkPythonDeps),
	}
}

func checkNoInternetRoute(c *Context) {
	if !c.Private() {
		return
	}
	in, _ := c.envSubnets()
	for _, s := range in {
		rt := c.Index.SubnetRouteTable[s.ID]
		if rt == nil {
			continue
		}
		for _, r := range rt.Routes {
			if isNAT(r.Target) {
				c.ReportAs(model.SeverityError, rt.ID, routeSource(rt, r),
					fmt.Sprintf("private routing: environment subnet %s uses route table %s, which sends %s to NAT device %s; private routing has no internet path", s.ID, rt.ID, r.Destination, r.Target.ID),
					"remove the route (services are reached through VPC endpoints), or declare public routing", s.Source)
			}
		}
	}
}

func checkLocalRoute(c *Context) {
	in, _ := c.envSubnets()
	seen := map[string]bool{}
	for _, s := range in {
		rt := c.Index.SubnetRouteTable[s.ID]
		if rt == nil || seen[rt.ID] {
			continue
		}
		seen[rt.ID] = true
		v := c.Index.VPCs[s.VPC]
		if v == nil {
			continue
		}
		for _, cidr := range v.CIDRs {
			if !cidr.IsValid() {
				continue
			}
			found := false
			for _, r := range rt.Routes {
				if r.Target.Kind == model.TargetLocal && r.Destination == cidr {
					found = true
				}
			}
			if !found {
				c.Report(rt.ID, rt.Source, fmt.Sprintf("route table %s (of environment subnet %s) has no local route for the VPC CIDR %s: traffic inside the VPC has no route", rt.ID, s.ID, cidr),
					"restore the local route (AWS creates it with the table; a more specific route may have replaced it)")
			}
		}
	}
}

// requiredServices lists the short names of the interface endpoints private routing needs.
func (c *Context) requiredServices() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(model.RequiredInterfaceServices(c.Partition), c.Arch.ExtraServices...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func checkEndpoints(c *Context) {
	if !c.Private() {
		return
	}
	vpc := c.envVPC()
	if vpc == "" {
		return
	}
	if c.Arch.IsUnknown(model.UnknownEndpoints) {
		c.NotVerifiable(vpc, c.envSource(), "the interface endpoints of VPC "+vpc)
		return
	}
	have := map[string]bool{}
	for _, ep := range c.Arch.Endpoints {
		if ep.VPC != vpc || ep.Type != model.EndpointInterface {
			continue
		}
		if r := model.ServiceRegion(ep.Service); r != "" && c.Arch.Region != "" && r != c.Arch.Region {
			c.Report(ep.ID, ep.Source, fmt.Sprintf("endpoint %s is for %s, in Region %s; the environment is in %s", ep.ID, ep.Service, r, c.Arch.Region),
				fmt.Sprintf("use com.amazonaws.%s.%s", c.Arch.Region, model.ServiceShortName(ep.Service)))
			continue
		}
		short := model.ServiceShortName(ep.Service)
		if short == "airflow.ops" && c.Partition != "" && c.Partition != "aws" {
			c.Report(ep.ID, ep.Source, fmt.Sprintf("endpoint %s is for %s, but airflow.ops does not exist in partition %s: creating the endpoint fails", ep.ID, ep.Service, c.Partition),
				"remove the endpoint: outside partition aws the environment does not use airflow.ops")
			continue
		}
		have[short] = true
	}
	var missing []string
	for _, s := range c.requiredServices() {
		if !have[s] {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return
	}
	src := c.envSource()
	if v := c.Index.VPCs[vpc]; v != nil {
		src = v.Source
	}
	for _, s := range missing {
		c.Report(vpc, src, fmt.Sprintf("private routing: VPC %s has no interface endpoint for %s (%s); the environment cannot reach it", vpc, s, model.ServiceName(c.Arch.Region, s)),
			fmt.Sprintf("add an interface endpoint for %s with private DNS, in both environment subnets, with a security group allowing TCP 443 from the environment's security group", model.ServiceName(c.Arch.Region, s)))
	}
}

func checkEndpointAZs(c *Context) {
	in, _ := c.envSubnets()
	envAZ := map[string]bool{}
	for _, s := range in {
		if s.AZ == "" {
			return
		}
		envAZ[s.AZ] = true
	}
	if len(envAZ) == 0 {
		return
	}
	vpc := c.envVPC()
	needed := map[string]bool{}
	for _, s := range c.requiredServices() {
		needed[s] = true
	}
	for _, ep := range c.Arch.Endpoints {
		if ep.VPC != vpc || ep.Type != model.EndpointInterface || !needed[model.ServiceShortName(ep.Service)] {
			continue
		}
		have := map[string]bool{}
		unknown := false
		for _, id := range ep.Subnets {
			s := c.Index.Subnets[id]
			if s == nil || s.AZ == "" {
				unknown = true
				continue
			}
			have[s.AZ] = true
		}
		if unknown {
			continue
		}
		var miss []string
		for az := range envAZ {
			if !have[az] {
				miss = append(miss, az)
			}
		}
		if len(miss) > 0 {
			sort.Strings(miss)
			for i, az := range miss {
				miss[i] = c.azPhrase(az)
			}
			c.Report(ep.ID, ep.Source, fmt.Sprintf("endpoint %s (%s) has no subnet in %s, where the environment has one: that AZ's traffic crosses AZs and fails with the other AZ", ep.ID, model.ServiceShortName(ep.Service), strings.Join(miss, " or ")),
				"add the environment subnet of that AZ to the endpoint's SubnetIds")
		}
	}
}

func checkS3EndpointPolicy(c *Context) {
	vpc := c.envVPC()
	bucket := c.bucketARN()
	for _, ep := range c.Arch.Endpoints {
		if ep.VPC != vpc || model.ServiceShortName(ep.Service) != "s3" || ep.Policy == nil {
			continue
		}
		// The environment lists dags/ and reads the objects (mwaa-create-role: s3:GetObject*,
		// s3:GetBucket*, s3:List* on the bucket and its objects); one finding per endpoint.
		switch {
		case bucket == "":
		case !c.policyAllows(ep.Policy, "s3:GetObject", bucket+"/dags/dag.py"):
			c.Report(ep.ID, or(ep.Policy.Source, ep.Source), fmt.Sprintf("the policy of S3 endpoint %s does not allow s3:GetObject on the DAG bucket (%s/*)", ep.ID, c.Env.SourceBucketARN),
				"allow s3:GetObject, s3:ListBucket and s3:GetBucket* on the bucket and its objects, or use the default full-access policy")
		case !c.policyAllows(ep.Policy, "s3:ListBucket", bucket):
			c.Report(ep.ID, or(ep.Policy.Source, ep.Source), fmt.Sprintf("the policy of S3 endpoint %s does not allow s3:ListBucket on the DAG bucket (%s): the environment cannot list its DAGs", ep.ID, c.Env.SourceBucketARN),
				"allow s3:GetObject, s3:ListBucket and s3:GetBucket* on the bucket and its objects, or use the default full-access policy")
		}
		if c.Private() && !c.policyAllows(ep.Policy, "s3:GetObject", c.norm(model.ECRLayerBucketARN)) {
			c.Report(ep.ID, or(ep.Policy.Source, ep.Source), fmt.Sprintf("the policy of S3 endpoint %s does not allow s3:GetObject on ECR's image-layer bucket (%s): the environment cannot pull its images", ep.ID, model.ECRLayerBucketARN),
				"allow s3:GetObject on "+model.ECRLayerBucketARN)
		}
	}
}

func checkEndpointPolicies(c *Context) {
	vpc := c.envVPC()
	envName := c.Env.Name
	if envName == "" {
		envName = "ENV"
	}
	region := c.norm("${AWS::Region}")
	acct := c.norm("${AWS::AccountId}")
	for _, ep := range c.Arch.Endpoints {
		if ep.VPC != vpc || ep.Policy == nil {
			continue
		}
		// What the environment calls through each endpoint (the actions of the execution
		// role in the MWAA guide, mwaa-create-role, that go to the service itself).
		var actions []string
		var resource, what string
		switch model.ServiceShortName(ep.Service) {
		case "sqs":
			actions, what = []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"}, "the queue airflow-celery-*"
			resource = fmt.Sprintf("arn:%s:sqs:%s:%s:airflow-celery-0a1b2c", c.Partition, region, acct)
		case "logs":
			actions, what = []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:GetLogEvents"}, "the log groups airflow-"+envName+"-*"
			resource = fmt.Sprintf("arn:%s:logs:%s:%s:log-group:airflow-%s-Task:log-stream:x", c.Partition, region, acct, c.norm(envName))
		case "kms":
			if c.Env.KMSKey == "" {
				continue
			}
			actions, what = []string{"kms:Decrypt", "kms:GenerateDataKey"}, "the key "+c.Env.KMSKey
			resource = c.norm(c.Env.KMSKey)
		default:
			continue
		}
		var denied []string
		for _, action := range actions {
			if !c.policyAllows(ep.Policy, action, resource) {
				denied = append(denied, action)
			}
		}
		if len(denied) > 0 {
			c.Report(ep.ID, or(ep.Policy.Source, ep.Source), fmt.Sprintf("the policy of endpoint %s does not allow %s on %s: the environment's calls through it are denied", ep.ID, strings.Join(denied, ", "), what),
				"use the default full-access policy, or allow the environment's actions ("+strings.Join(actions, ", ")+") on "+what)
		}
	}
}

func checkPrivateOnly(c *Context) {
	if !c.Private() || c.Access != model.PublicOnly {
		return
	}
	if c.routingUndetermined() {
		c.NotVerifiable(c.Env.ID, c.envSource(), "the routing mode (no route table of the environment's subnets is in the input), so whether PUBLIC_ONLY web server access goes with it")
		return
	}
	c.Report(c.Env.ID, c.envSource(), "private routing with PUBLIC_ONLY web server access: the guide's no-internet architecture supports PRIVATE_ONLY only",
		"set WebserverAccessMode: PRIVATE_ONLY and reach the UI through a Client VPN, bastion or load balancer (WEB-01)")
}

func checkPythonDeps(c *Context) {
	if !c.Private() || c.Env.RequirementsS3Path == "" {
		return
	}
	if c.routingUndetermined() {
		c.NotVerifiable(c.Env.ID, c.envSource(), "the routing mode (no route table of the environment's subnets is in the input), so whether "+c.Env.RequirementsS3Path+" can reach a package index")
		return
	}
	if c.Env.PluginsS3Path == "" {
		c.Report(c.Env.ID, c.envSource(), fmt.Sprintf("private routing: %s cannot reach a package index, and the environment has no plugins.zip to ship wheels in: any requirement fails to install", c.Env.RequirementsS3Path),
			"ship every requirement as a .whl in plugins.zip, install with --no-index --find-links /usr/local/airflow/plugins, and verify with mwaanet deps check")
		return
	}
	c.ReportAs(model.SeverityInfo, c.Env.ID, c.envSource(), fmt.Sprintf("private routing: every requirement of %s must be satisfied by a wheel in %s (with --no-index --find-links /usr/local/airflow/plugins and the constraints file)", c.Env.RequirementsS3Path, c.Env.PluginsS3Path),
		"verify the files with mwaanet deps check")
}

// routingUndetermined reports whether the routing mode was inferred from nothing: the
// input does not state it and no subnet of the environment has a route table in the
// input (existing subnets named by ID, or subnets of a Terraform module that is not
// installed). The analyzer then falls back to private routing, which rules must not
// assert as a fact.
func (c *Context) routingUndetermined() bool {
	if c.Arch.Routing != "" || c.Env == nil {
		return false
	}
	in, _ := c.envSubnets()
	for _, s := range in {
		if c.Index.SubnetRouteTable[s.ID] != nil {
			return false
		}
	}
	return true
}
