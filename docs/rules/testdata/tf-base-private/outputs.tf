output "webserver_url" {
  description = "Airflow web server URL"
  value       = "https://${aws_mwaa_environment.environment.webserver_url}"
}

output "environment_arn" {
  description = "MWAA environment ARN"
  value       = aws_mwaa_environment.environment.arn
}

output "dag_bucket_name" {
  description = "DAG bucket: upload dags/, plugins.zip and requirements.txt here"
  value       = aws_s3_bucket.dag_bucket.id
}

output "environment_security_group_id" {
  description = "Security group of the environment"
  value       = aws_security_group.environment_security_group.id
}

output "execution_role_arn" {
  description = "Execution role of the environment"
  value       = aws_iam_role.execution_role.arn
}

output "key_arn" {
  description = "Customer managed KMS key"
  value       = aws_kms_key.key.arn
}

output "vpc_id" {
  description = "VPC of the environment"
  value       = aws_vpc.main.id
}

output "client_vpn_endpoint_id" {
  description = "Client VPN endpoint: write a client profile with mwaanet vpn config --endpoint-dns DNS-NAME (aws ec2 describe-client-vpn-endpoints shows it)"
  value       = aws_ec2_client_vpn_endpoint.client_vpn_endpoint.id
}
