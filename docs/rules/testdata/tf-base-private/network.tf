resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "${var.name}-vpc"
  }
}

resource "aws_subnet" "private_subnet_1" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = var.private_subnet_cidrs[0]
  availability_zone       = data.aws_availability_zones.available.names[0]
  map_public_ip_on_launch = false
  tags = {
    Name = "${var.name}-private-1"
  }
}

resource "aws_subnet" "private_subnet_2" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = var.private_subnet_cidrs[1]
  availability_zone       = data.aws_availability_zones.available.names[1]
  map_public_ip_on_launch = false
  tags = {
    Name = "${var.name}-private-2"
  }
}

resource "aws_route_table" "private_route_table_1" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "${var.name}-private-1"
  }
}

resource "aws_route_table_association" "private_subnet_1" {
  subnet_id      = aws_subnet.private_subnet_1.id
  route_table_id = aws_route_table.private_route_table_1.id
}

resource "aws_route_table" "private_route_table_2" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "${var.name}-private-2"
  }
}

resource "aws_route_table_association" "private_subnet_2" {
  subnet_id      = aws_subnet.private_subnet_2.id
  route_table_id = aws_route_table.private_route_table_2.id
}

resource "aws_network_acl" "network_acl" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.private_subnet_1.id, aws_subnet.private_subnet_2.id]
  tags = {
    Name = "${var.name}-nacl"
  }
}

resource "aws_network_acl_rule" "network_acl_ingress_100" {
  network_acl_id = aws_network_acl.network_acl.id
  rule_number    = 100
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl_rule" "network_acl_egress_100" {
  network_acl_id = aws_network_acl.network_acl.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_security_group" "environment_security_group" {
  name        = "${var.name}-environment"
  description = "MWAA environment ${var.name}: all traffic between its own members (NET-05)"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "${var.name}-environment"
  }
}

resource "aws_vpc_security_group_ingress_rule" "environment_security_group_self_ingress" {
  security_group_id            = aws_security_group.environment_security_group.id
  description                  = "All traffic between the environment members (NET-05)"
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.environment_security_group.id
}

resource "aws_vpc_security_group_ingress_rule" "environment_security_group_vpn_ingress" {
  security_group_id            = aws_security_group.environment_security_group.id
  description                  = "HTTPS to the Airflow web server from Client VPN users (WEB-02)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.client_vpn_security_group.id
}

resource "aws_vpc_security_group_egress_rule" "environment_security_group_egress_1" {
  security_group_id = aws_security_group.environment_security_group.id
  description       = "All outbound traffic (NET-06)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "endpoint_security_group" {
  name        = "${var.name}-endpoints"
  description = "VPC interface endpoints of MWAA environment ${var.name}: HTTPS from the environment (PRV-04)"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "${var.name}-endpoints"
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoint_security_group_ingress" {
  security_group_id            = aws_security_group.endpoint_security_group.id
  description                  = "HTTPS from the MWAA environment (PRV-04)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.environment_security_group.id
}

resource "aws_vpc_security_group_egress_rule" "endpoint_security_group_egress_1" {
  security_group_id = aws_security_group.endpoint_security_group.id
  description       = "Replies inside the VPC only"
  ip_protocol       = "-1"
  cidr_ipv4         = var.vpc_cidr
}

resource "aws_security_group" "client_vpn_security_group" {
  name        = "${var.name}-client-vpn"
  description = "Client VPN endpoint of MWAA environment ${var.name}: HTTPS into the VPC only"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "${var.name}-client-vpn"
  }
}

resource "aws_vpc_security_group_egress_rule" "client_vpn_security_group_egress_1" {
  security_group_id = aws_security_group.client_vpn_security_group.id
  description       = "HTTPS to the Airflow web server inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr
}
