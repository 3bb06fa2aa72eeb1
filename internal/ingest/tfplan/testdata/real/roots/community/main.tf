# Public routing in the style of public MWAA modules: the VPC, the environment's security
# group and the bucket and role come from local modules; the environment takes two of the
# module's private subnets through slice().

variable "self_rule" {
  type    = bool
  default = true
}

variable "trust_after_apply" {
  type    = bool
  default = false
}

variable "public_access_block" {
  type    = bool
  default = true
}

variable "env_subnet_count" {
  type    = number
  default = 2
}

locals {
  name = "community"
}

module "vpc" {
  source = "./modules/vpc"
  name   = local.name
  cidr   = "10.40.0.0/16"
  azs    = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

module "mwaa_sg" {
  source    = "./modules/sg"
  name      = "${local.name}-mwaa"
  vpc_id    = module.vpc.vpc_id
  self_rule = var.self_rule
}

module "support" {
  source              = "./modules/support"
  name                = local.name
  trust_after_apply   = var.trust_after_apply
  public_access_block = var.public_access_block
}

resource "aws_mwaa_environment" "this" {
  name                  = local.name
  airflow_version       = "2.10.3"
  environment_class     = "mw1.small"
  max_workers           = 5
  webserver_access_mode = "PUBLIC_ONLY"
  execution_role_arn    = module.support.role_arn
  source_bucket_arn     = module.support.bucket_arn
  dag_s3_path           = "dags/"

  network_configuration {
    subnet_ids         = slice(module.vpc.private_subnets, 0, var.env_subnet_count)
    security_group_ids = [module.mwaa_sg.security_group_id]
  }

  logging_configuration {
    task_logs {
      enabled   = true
      log_level = "INFO"
    }
    scheduler_logs {
      enabled   = true
      log_level = "INFO"
    }
  }
}
