variable "name" {
  description = "Name of the MWAA environment; also the prefix of the other resources' names."
  type        = string
  default     = "mwaa-public"

  validation {
    condition     = can(regex("^[a-zA-Z][0-9a-zA-Z_-]{0,79}$", var.name))
    error_message = "The name must start with a letter and hold at most 80 letters, digits, hyphens and underscores."
  }
}

variable "region" {
  description = "AWS Region to deploy to."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$", var.region))
    error_message = "The Region must be a Region name such as us-east-1."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC (/16 to /28)."
  type        = string
  default     = "10.192.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("^[0-9.]+/(16|17|18|19|20|21|22|23|24|25|26|27|28)$", var.vpc_cidr))
    error_message = "The VPC CIDR must be an IPv4 CIDR from /16 to /28."
  }
}

variable "private_subnet_cidrs" {
  description = "IPv4 CIDRs of the private subnets, one per Availability Zone, inside vpc_cidr."
  type        = list(string)
  default     = ["10.192.0.0/24", "10.192.1.0/24"]

  validation {
    condition     = length(var.private_subnet_cidrs) == 2 && alltrue([for c in var.private_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "Give 2 IPv4 CIDRs."
  }
}

variable "public_subnet_cidrs" {
  description = "IPv4 CIDRs of the public subnets, one per Availability Zone, inside vpc_cidr."
  type        = list(string)
  default     = ["10.192.2.0/24", "10.192.3.0/24"]

  validation {
    condition     = length(var.public_subnet_cidrs) == 2 && alltrue([for c in var.public_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "Give 2 IPv4 CIDRs."
  }
}

variable "airflow_version" {
  description = "Apache Airflow version of the environment."
  type        = string
  default     = "2.10.3"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.airflow_version))
    error_message = "The Airflow version looks like 2.10.3."
  }
}

variable "environment_class" {
  description = "Environment class: mw1.micro, mw1.small, mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge (CAP-01)."
  type        = string
  default     = "mw1.small"

  validation {
    condition     = contains(["mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"], var.environment_class)
    error_message = "The class must be one of mw1.micro, mw1.small, mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge."
  }
}

variable "min_workers" {
  description = "Minimum number of Celery workers (CAP-01)."
  type        = number
  default     = 1

  validation {
    condition     = var.min_workers >= 1 && var.min_workers <= 50 && floor(var.min_workers) == var.min_workers
    error_message = "The value must be a whole number from 1 to 50 (CAP-01)."
  }
}

variable "max_workers" {
  description = "Maximum number of Celery workers, at least min_workers (CAP-01)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_workers >= 1 && var.max_workers <= 50 && floor(var.max_workers) == var.max_workers
    error_message = "The value must be a whole number from 1 to 50 (CAP-01)."
  }
}

variable "min_webservers" {
  description = "Minimum number of web servers: 2 to 5, 1 for mw1.micro (CAP-01)."
  type        = number
  default     = 2

  validation {
    condition     = var.min_webservers >= 1 && var.min_webservers <= 5 && floor(var.min_webservers) == var.min_webservers
    error_message = "The value must be a whole number from 1 to 5 (CAP-01)."
  }
}

variable "max_webservers" {
  description = "Maximum number of web servers: 2 to 5, 1 for mw1.micro (CAP-01)."
  type        = number
  default     = 2

  validation {
    condition     = var.max_webservers >= 1 && var.max_webservers <= 5 && floor(var.max_webservers) == var.max_webservers
    error_message = "The value must be a whole number from 1 to 5 (CAP-01)."
  }
}

variable "schedulers" {
  description = "Number of schedulers: 2 to 5, 1 for mw1.micro (CAP-01)."
  type        = number
  default     = 2

  validation {
    condition     = var.schedulers >= 1 && var.schedulers <= 5 && floor(var.schedulers) == var.schedulers
    error_message = "The value must be a whole number from 1 to 5 (CAP-01)."
  }
}
