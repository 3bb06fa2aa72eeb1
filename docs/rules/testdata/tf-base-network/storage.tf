resource "aws_kms_key" "key" {
  description         = "MWAA environment ${var.name}: DAG bucket, logs and environment data (KMS-01)"
  enable_key_rotation = true
  multi_region        = false
  is_enabled          = true
  policy              = data.aws_iam_policy_document.key_policy.json
  tags = {
    Name = "${var.name}-key"
  }
}

resource "aws_kms_alias" "key" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.key.key_id
}

data "aws_iam_policy_document" "key_policy" {
  version = "2012-10-17"

  statement {
    sid       = "AccountAdministration"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogs"
    effect    = "Allow"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:airflow-${var.name}-*"]
    }
  }

  statement {
    sid       = "ExecutionRoleViaS3AndSQS"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.execution_role.arn]
    }

    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["sqs.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}", "s3.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"]
    }
  }
}

resource "aws_s3_bucket" "dag_bucket" {
  tags = {
    Name = "${var.name}-dags"
  }
}

resource "aws_s3_bucket_versioning" "dag_bucket" {
  bucket = aws_s3_bucket.dag_bucket.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "dag_bucket" {
  bucket                  = aws_s3_bucket.dag_bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dag_bucket" {
  bucket = aws_s3_bucket.dag_bucket.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.key.arn
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "dag_bucket_policy" {
  version = "2012-10-17"

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.dag_bucket.arn, "${aws_s3_bucket.dag_bucket.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "dag_bucket" {
  bucket = aws_s3_bucket.dag_bucket.id
  policy = data.aws_iam_policy_document.dag_bucket_policy.json

  depends_on = [aws_s3_bucket_public_access_block.dag_bucket]
}
