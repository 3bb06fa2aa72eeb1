provider "aws" {
  region = var.region

  default_tags {
    tags = { "mwaanet:environment" = var.name }
  }
}

data "aws_region" "current" {
}

data "aws_partition" "current" {
}

data "aws_caller_identity" "current" {
}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  interface_endpoint_services = ["monitoring", "ecr.dkr", "ecr.api", "logs", "sqs", "kms", "airflow.api", "airflow.env", "airflow.ops", "sts"]
}
