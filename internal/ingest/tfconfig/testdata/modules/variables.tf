variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "webserver_access" {
  type    = string
  default = "PRIVATE_ONLY"
  validation {
    condition     = contains(["PRIVATE_ONLY", "PUBLIC_ONLY"], var.webserver_access)
    error_message = "PRIVATE_ONLY or PUBLIC_ONLY."
  }
}

variable "account_suffix" {
  type    = string
  default = "dev"
}

variable "tags" {
  type    = map(string)
  default = {}
}
