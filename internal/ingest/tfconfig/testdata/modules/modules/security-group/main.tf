variable "name" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform"
}

variable "vpc_id" {
  type = string
}

variable "self_ingress" {
  type    = bool
  default = false
}

variable "ingress_rules" {
  type = map(object({
    protocol    = string
    from_port   = number
    to_port     = number
    cidr_blocks = optional(list(string), [])
  }))
  default = {}
}

variable "egress_rules" {
  type = map(object({
    protocol    = string
    from_port   = number
    to_port     = number
    cidr_blocks = optional(list(string), [])
  }))
  default = {}
}

resource "aws_security_group" "this" {
  name        = var.name
  description = var.description
  vpc_id      = var.vpc_id

  dynamic "egress" {
    for_each = var.egress_rules
    content {
      description = egress.key
      protocol    = egress.value.protocol
      from_port   = egress.value.from_port
      to_port     = egress.value.to_port
      cidr_blocks = egress.value.cidr_blocks
    }
  }
}

resource "aws_security_group_rule" "ingress" {
  for_each = var.ingress_rules

  type              = "ingress"
  security_group_id = aws_security_group.this.id
  protocol          = each.value.protocol
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  cidr_blocks       = each.value.cidr_blocks
}

resource "aws_security_group_rule" "self" {
  count = var.self_ingress ? 1 : 0

  type              = "ingress"
  security_group_id = aws_security_group.this.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  self              = true
}

output "security_group_id" {
  value = aws_security_group.this.id
}
