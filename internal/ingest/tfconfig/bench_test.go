package tfconfig

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/rules"
)

// benchModule is one module of the benchmark configuration: 100 resources (a VPC, 24
// subnets with their route tables and associations, a security group with 24 rules, a
// NAT gateway, an internet gateway and a route, an S3 endpoint, a network ACL).
const benchModule = `variable "cidr" { type = string }
variable "name" { type = string }

locals {
  zones = [for i in range(24) : "zone-${i}"]
  index = { for i, z in local.zones : z => i }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = var.name }
}

resource "aws_subnet" "private" {
  count             = length(local.zones)
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = "${data.aws_availability_zones.available.names[count.index % 6]}"
  tags              = { Name = "${var.name}-${local.zones[count.index]}" }
}

data "aws_availability_zones" "available" {}

resource "aws_route_table" "private" {
  for_each = local.index
  vpc_id   = aws_vpc.this.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this.id
  }
}

resource "aws_route_table_association" "private" {
  for_each       = local.index
  subnet_id      = aws_subnet.private[each.value].id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each          = local.index
  security_group_id = aws_security_group.this.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_subnet.private[each.value].cidr_block
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.private[0].id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for rt in aws_route_table.private : rt.id]
}

resource "aws_network_acl" "this" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.private[*].id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

output "subnet_ids" { value = aws_subnet.private[*].id }
output "security_group_id" { value = aws_security_group.this.id }
`

// benchConfig is a root module calling 20 modules (2,000 resources) and an environment.
func benchConfig() map[string]string {
	files := map[string]string{}
	var root strings.Builder
	root.WriteString("provider \"aws\" {\n  region = \"us-east-1\"\n}\n")
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("modules/net%02d/main.tf", i)] = benchModule
		fmt.Fprintf(&root, "module \"net%02d\" {\n  source = \"./modules/net%02d\"\n  cidr   = \"10.%d.0.0/16\"\n  name   = \"net%02d\"\n}\n", i, i, i, i)
	}
	root.WriteString(`resource "aws_mwaa_environment" "this" {
  name                  = "bench"
  source_bucket_arn     = "arn:aws:s3:::bench-dags"
  execution_role_arn    = "arn:aws:iam::123456789012:role/bench"
  dag_s3_path           = "dags/"
  webserver_access_mode = "PRIVATE_ONLY"
  network_configuration {
    subnet_ids         = slice(module.net00.subnet_ids, 0, 2)
    security_group_ids = [module.net00.security_group_id]
  }
}
`)
	files["main.tf"] = root.String()
	return files
}

func TestBenchConfigSize(t *testing.T) {
	a := read(t, writeDir(t, benchConfig()), Options{})
	n := len(a.VPCs) + len(a.Subnets) + len(a.RouteTables) + len(a.SecurityGroups) + len(a.NATGateways) + len(a.InternetGateways) +
		len(a.ElasticIPs) + len(a.Endpoints) + len(a.NetworkACLs) + len(a.Environments)
	// Route table associations and rule resources attach to others; count the objects.
	if len(a.Subnets) != 480 || len(a.VPCs) != 20 || n < 1000 {
		t.Errorf("the benchmark configuration reads as %d objects (%d subnets, %d VPCs)", n, len(a.Subnets), len(a.VPCs))
	}
}

// Reading a root module of 2,000 resources in 20 modules and checking it (issue 13:
// under 300 ms on one core, under 200 MB).
func BenchmarkReadAndCheck(b *testing.B) {
	dir := writeDir(b, benchConfig())
	b.ReportAllocs()
	b.ResetTimer()
	start, _ := usage()
	for i := 0; i < b.N; i++ {
		a, err := ReadDir(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rules.Check(a)
	}
	if cpu, rss := usage(); cpu > 0 {
		b.ReportMetric(float64((cpu-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		b.ReportMetric(rss, "maxrss-MB")
	}
}
