resource "aws_ec2_client_vpn_endpoint" "client_vpn_endpoint" {
  description            = "${var.name}-client-vpn"
  server_certificate_arn = var.server_certificate_arn
  client_cidr_block      = var.vpn_client_cidr
  split_tunnel           = true
  transport_protocol     = "udp"
  vpn_port               = 443
  vpc_id                 = aws_vpc.main.id
  security_group_ids     = [aws_security_group.client_vpn_security_group.id]
  dns_servers            = [cidrhost(var.vpc_cidr, 2)]

  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = var.client_root_certificate_arn
  }

  connection_log_options {
    enabled = false
  }

  tags = {
    Name = "${var.name}-client-vpn"
  }
}

resource "aws_ec2_client_vpn_network_association" "client_vpn_endpoint_1" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.client_vpn_endpoint.id
  subnet_id              = aws_subnet.private_subnet_1.id
}

resource "aws_ec2_client_vpn_network_association" "client_vpn_endpoint_2" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.client_vpn_endpoint.id
  subnet_id              = aws_subnet.private_subnet_2.id
}

resource "aws_ec2_client_vpn_authorization_rule" "client_vpn_endpoint_1" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.client_vpn_endpoint.id
  target_network_cidr    = var.vpc_cidr
  authorize_all_groups   = true
}
