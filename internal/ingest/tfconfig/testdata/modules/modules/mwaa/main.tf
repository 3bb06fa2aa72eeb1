variable "name" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "bucket_name" {
  type = string
}

variable "webserver_access" {
  type    = string
  default = "PRIVATE_ONLY"
}

variable "tags" {
  type    = map(string)
  default = {}
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "dags" {
  bucket = var.bucket_name
  tags   = var.tags
}

resource "aws_s3_bucket_versioning" "dags" {
  bucket = aws_s3_bucket.dags.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "dags" {
  bucket                  = aws_s3_bucket.dags.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-mwaa-execution"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

locals {
  arn_prefix = "arn:${data.aws_partition.current.partition}"
  account    = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
}

resource "aws_iam_role_policy" "execution" {
  name = "execution"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["airflow:PublishMetrics"]
        Resource = "${local.arn_prefix}:airflow:${local.region}:${local.account}:environment/${var.name}"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
        Resource = ["${local.arn_prefix}:s3:::${var.bucket_name}", "${local.arn_prefix}:s3:::${var.bucket_name}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents", "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults"]
        Resource = "${local.arn_prefix}:logs:${local.region}:${local.account}:log-group:airflow-${var.name}-*"
      },
      {
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups", "cloudwatch:PutMetricData"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"]
        Resource = "${local.arn_prefix}:sqs:${local.region}:*:airflow-celery-*"
      },
    ]
  })
}

resource "aws_mwaa_environment" "this" {
  name                  = var.name
  airflow_version       = "2.10.3"
  environment_class     = "mw1.small"
  webserver_access_mode = var.webserver_access
  source_bucket_arn     = aws_s3_bucket.dags.arn
  dag_s3_path           = "dags/"
  execution_role_arn    = aws_iam_role.execution.arn

  network_configuration {
    subnet_ids         = slice(var.subnet_ids, 0, 2)
    security_group_ids = var.security_group_ids
  }

  logging_configuration {
    dynamic "task_logs" {
      for_each = ["INFO"]
      content {
        enabled   = true
        log_level = task_logs.value
      }
    }
  }

  tags = var.tags
}

output "arn" {
  value = aws_mwaa_environment.this.arn
}
