# Private routing in the style of public MWAA modules: no NAT gateway; interface endpoints
# (for_each over the services) in two of the module's private subnets through slice(); the
# S3 gateway endpoint gets its route tables from a module output.

variable "self_rule" {
  type    = bool
  default = true
}

# How many of the private route tables (module output) the S3 gateway endpoint takes.
variable "s3_route_tables" {
  type    = number
  default = 2
}

variable "services" {
  type    = list(string)
  default = ["monitoring", "ecr.dkr", "ecr.api", "logs", "sqs", "kms", "airflow.api", "airflow.env", "airflow.ops", "sts"]
}

locals {
  name = "private"
}

data "aws_region" "current" {}

module "vpc" {
  source             = "./modules/vpc"
  name               = local.name
  cidr               = "10.50.0.0/16"
  azs                = ["us-east-1a", "us-east-1b"]
  enable_nat_gateway = false
}

module "mwaa_sg" {
  source    = "./modules/sg"
  name      = "${local.name}-mwaa"
  vpc_id    = module.vpc.vpc_id
  self_rule = var.self_rule
}

module "endpoint_sg" {
  source             = "./modules/sg"
  name               = "${local.name}-endpoints"
  vpc_id             = module.vpc.vpc_id
  self_rule          = false
  ingress_https_from = [module.mwaa_sg.security_group_id]
  egress_cidr        = module.vpc.vpc_cidr_block
}

module "support" {
  source = "./modules/support"
  name   = local.name
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(var.services)

  vpc_id              = module.vpc.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = slice(module.vpc.private_subnets, 0, 2)
  security_group_ids  = [module.endpoint_sg.security_group_id]
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = slice(module.vpc.private_route_table_ids, 0, var.s3_route_tables)
}

resource "aws_mwaa_environment" "this" {
  name                  = local.name
  airflow_version       = "2.10.3"
  environment_class     = "mw1.small"
  max_workers           = 5
  webserver_access_mode = "PRIVATE_ONLY"
  execution_role_arn    = module.support.role_arn
  source_bucket_arn     = module.support.bucket_arn
  dag_s3_path           = "dags/"

  network_configuration {
    subnet_ids         = slice(module.vpc.private_subnets, 0, 2)
    security_group_ids = [module.mwaa_sg.security_group_id]
  }
}
