# A root module in the style of the public modules: a VPC module with one private and
# one public subnet per Availability Zone (for_each over the zones), security-group
# modules taking rule maps, and an MWAA module taking subnet_ids.

provider "aws" {
  region = var.region
}

locals {
  name = "analytics"
  tags = merge(var.tags, { Project = local.name })
  # Interface endpoints are not needed with NAT routing; the S3 gateway endpoint is kept.
  gateway_services = toset(["s3"])
}

module "vpc" {
  source = "./modules/vpc"

  name = local.name
  cidr = var.vpc_cidr
  azs  = var.azs
  tags = local.tags
}

module "environment_sg" {
  source = "./modules/security-group"

  name        = "${local.name}-environment"
  description = "MWAA environment"
  vpc_id      = module.vpc.vpc_id
  self_ingress = true
  egress_rules = {
    all = { protocol = "-1", from_port = 0, to_port = 0, cidr_blocks = ["0.0.0.0/0"] }
  }
}

module "mwaa" {
  source = "./modules/mwaa"

  name               = local.name
  subnet_ids         = module.vpc.private_subnet_ids
  security_group_ids = [module.environment_sg.security_group_id]
  bucket_name        = "${local.name}-dags-${var.account_suffix}"
  webserver_access   = var.webserver_access
  tags               = local.tags
}

resource "aws_vpc_endpoint" "gateway" {
  for_each = local.gateway_services

  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = module.vpc.private_route_table_ids
}

output "environment_arn" {
  value = module.mwaa.arn
}
