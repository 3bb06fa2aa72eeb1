output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = [for az in var.azs : aws_subnet.private[az].id]
}

output "public_subnet_ids" {
  value = values(aws_subnet.public)[*].id
}

output "private_route_table_ids" {
  value = [for rt in aws_route_table.private : rt.id]
}
