resource "aws_mwaa_environment" "environment" {
  name                  = var.name
  airflow_version       = var.airflow_version
  environment_class     = var.environment_class
  min_workers           = var.min_workers
  max_workers           = var.max_workers
  min_webservers        = var.min_webservers
  max_webservers        = var.max_webservers
  schedulers            = var.schedulers
  webserver_access_mode = "PRIVATE_ONLY"
  endpoint_management   = "SERVICE"

  execution_role_arn = aws_iam_role.execution_role.arn
  kms_key            = aws_kms_key.key.arn
  source_bucket_arn  = aws_s3_bucket.dag_bucket.arn
  dag_s3_path        = "dags"
  airflow_configuration_options = {
    "core.load_examples" = "False"
  }

  network_configuration {
    subnet_ids         = [aws_subnet.private_subnet_1.id, aws_subnet.private_subnet_2.id]
    security_group_ids = [aws_security_group.environment_security_group.id]
  }

  logging_configuration {
    dag_processing_logs {
      enabled   = true
      log_level = "INFO"
    }
    scheduler_logs {
      enabled   = true
      log_level = "INFO"
    }
    task_logs {
      enabled   = true
      log_level = "INFO"
    }
    webserver_logs {
      enabled   = true
      log_level = "INFO"
    }
    worker_logs {
      enabled   = true
      log_level = "INFO"
    }
  }

  tags = {
    Name = var.name
  }

  depends_on = [aws_iam_role_policy.execution_policy, aws_s3_bucket_versioning.dag_bucket, aws_s3_bucket_public_access_block.dag_bucket, aws_vpc_endpoint.interface, aws_vpc_endpoint.s3_gateway_endpoint]
}
