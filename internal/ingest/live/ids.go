package live

import (
	"fmt"
	"regexp"

	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// AWS resource IDs are a lower-case prefix naming the kind (vpc, subnet, cvpn-endpoint)
// and 8 or 17 hexadecimal digits (EC2's "longer resource IDs" are 17). An ID that
// becomes part of a file name (a Client VPN endpoint's describe-client-vpn-*-ID.json) is
// checked against its kind's syntax before it is used, so that whatever an API (or a
// proxy in front of it) answers, "/../../x" never becomes a path outside the snapshot
// directory.
var idSyntax = regexp.MustCompile(`^([a-z]+(?:-[a-z]+)*)-[0-9a-f]{8,17}$`)

// ValidID reports whether id is an AWS ID of the given kind ("vpc", "cvpn-endpoint"):
// kind + "-" + 8 to 17 hexadecimal digits.
func ValidID(kind, id string) bool {
	m := idSyntax.FindStringSubmatch(id)
	return m != nil && m[1] == kind
}

// environmentName is MWAA's rule for an environment's name (CreateEnvironment, Name:
// 1 to 80 characters matching ^[a-zA-Z][0-9a-zA-Z-_]*$). The name goes into the path of
// the GetEnvironment request.
var environmentName = regexp.MustCompile(`^[a-zA-Z][0-9a-zA-Z_-]{0,79}$`)

// ValidEnvironmentName reports whether name follows MWAA's rule for environment names.
func ValidEnvironmentName(name string) bool { return environmentName.MatchString(name) }

// checkEnvironmentName is the error for a name MWAA would not accept.
func checkEnvironmentName(name string) error {
	if ValidEnvironmentName(name) {
		return nil
	}
	return fmt.Errorf("environment name %s is not an MWAA environment name: expected a letter, then letters, digits, '-' or '_' (at most 80 characters)", textsafe.Quote(name))
}

// checkID is the error for an ID returned by an API that is not of the kind's syntax.
func checkID(kind, id, from string) error {
	if ValidID(kind, id) {
		return nil
	}
	return fmt.Errorf("%s returned %s, which is not a %s ID (%s- and 8 to 17 hexadecimal digits); refusing to use it in a file name", from, textsafe.Quote(id), kind, kind)
}
