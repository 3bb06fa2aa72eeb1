package reach

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// serviceName is an endpoint's service name as hops print it: a spec's design keeps the
// Region symbolic ("com.amazonaws.${AWS::Region}.s3", as the template it renders needs),
// but the user knows the Region, so hops name it when the input gives it.
func (an *Analyzer) serviceName(service string) string {
	if an.a.Region == "" {
		return service
	}
	return strings.ReplaceAll(service, model.PseudoRegion, an.a.Region)
}
