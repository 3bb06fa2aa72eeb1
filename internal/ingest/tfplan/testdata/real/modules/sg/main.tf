# A security group module: the group, its rules as separate resources, and the
# self-referencing rule MWAA needs (which a caller can switch off).

variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "self_rule" {
  type    = bool
  default = true
}

variable "ingress_https_from" {
  type    = list(string)
  default = []
}

variable "egress_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-"
  description = "${var.name} security group"
  vpc_id      = var.vpc_id
}

resource "aws_security_group_rule" "self" {
  count = var.self_rule ? 1 : 0

  type              = "ingress"
  security_group_id = aws_security_group.this.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  self              = true
}

resource "aws_security_group_rule" "https" {
  count = length(var.ingress_https_from)

  type                     = "ingress"
  security_group_id        = aws_security_group.this.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  source_security_group_id = var.ingress_https_from[count.index]
}

resource "aws_security_group_rule" "egress" {
  type              = "egress"
  security_group_id = aws_security_group.this.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = [var.egress_cidr]
}

output "security_group_id" {
  value = aws_security_group.this.id
}
