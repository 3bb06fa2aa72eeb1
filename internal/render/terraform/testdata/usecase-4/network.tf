resource "aws_security_group" "environment_security_group" {
  name        = "${var.name}-environment"
  description = "MWAA environment ${var.name}: all traffic between its own members (NET-05)"
  vpc_id      = var.existing_vpc_id
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
  vpc_id      = var.existing_vpc_id
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
  vpc_id      = var.existing_vpc_id
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
