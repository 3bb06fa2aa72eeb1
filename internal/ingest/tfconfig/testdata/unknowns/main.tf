# An environment added to an existing VPC, which the configuration finds with data
# sources; its endpoints come from a registry module that terraform init has not
# installed, and the execution role's ARN is a variable without a value. None of these
# is known without AWS or Terraform: checks that need them must say "not verifiable".

provider "aws" {
  region = "us-east-1"
}

variable "vpc_id" {
  type = string
}

variable "execution_role_arn" {
  type = string
}

data "aws_vpc" "existing" {
  id = var.vpc_id
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.existing.id]
  }
  tags = { Tier = "private" }
}

module "endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "~> 5.0"
  count   = 2

  vpc_id             = data.aws_vpc.existing.id
  security_group_ids = [aws_security_group.environment.id]
}

resource "aws_security_group" "environment" {
  name   = "mwaa-environment"
  vpc_id = data.aws_vpc.existing.id
}

resource "aws_security_group_rule" "self" {
  type                     = "ingress"
  security_group_id        = aws_security_group.environment.id
  protocol                 = "-1"
  from_port                = 0
  to_port                  = 0
  source_security_group_id = aws_security_group.environment.id
}

resource "aws_security_group_rule" "egress" {
  type              = "egress"
  security_group_id = aws_security_group.environment.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = [data.aws_vpc.existing.cidr_block]
}

resource "aws_mwaa_environment" "this" {
  name                  = "existing-vpc"
  webserver_access_mode = "PRIVATE_ONLY"
  source_bucket_arn     = "arn:aws:s3:::acme-dags"
  dag_s3_path           = "dags/"
  execution_role_arn    = var.execution_role_arn

  network_configuration {
    subnet_ids         = slice(data.aws_subnets.private.ids, 0, 2)
    security_group_ids = [aws_security_group.environment.id] 
  }
}
