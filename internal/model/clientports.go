package model

// Ephemeral (client) port ranges: the destination ports of return traffic, which a
// stateless network ACL must allow (NET-07). Which range a client uses depends on its
// operating system or on the AWS service that opens the connection (VPC user guide,
// "Ephemeral ports").
var (
	// AmazonLinuxEphemeralPorts is the range of Amazon Linux (the Linux kernel's default,
	// net.ipv4.ip_local_port_range): MWAA's containers run Amazon Linux. AWS documents
	// 32768-61000 for Amazon Linux; the kernel's default upper bound is 60999.
	AmazonLinuxEphemeralPorts = PortRange{32768, 60999}
	// WindowsEphemeralPorts is Windows Server 2008 and later.
	WindowsEphemeralPorts = PortRange{49152, 65535}
	// ServiceEphemeralPorts is what NAT gateways and Elastic Load Balancing use as source
	// ports, and what AWS recommends an ACL allow to cover every client (1024-65535).
	ServiceEphemeralPorts = PortRange{1024, 65535}
)
