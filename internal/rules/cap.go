package rules

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// CAP: environment class and scaling.

func capRules() []*Rule {
	return []*Rule{
		rule("CAP-01/capacity", "CAP-01", model.SeverityError,
			"Environment class is a valid mw1 class; workers, web servers and schedulers within its limits", checkCapacity),
	}
}

// classLimit holds the limits of an environment class: workers up to maxWorkers (the
// default quota; AWS raises it on request), web servers and schedulers in [min, max].
type classLimit struct {
	maxWorkers, minWeb, maxWeb, minSched, maxSched int
}

var classLimits = map[string]classLimit{
	"mw1.micro":   {1, 1, 1, 1, 1},
	"mw1.small":   {25, 2, 5, 2, 5},
	"mw1.medium":  {25, 2, 5, 2, 5},
	"mw1.large":   {25, 2, 5, 2, 5},
	"mw1.xlarge":  {25, 2, 5, 2, 5},
	"mw1.2xlarge": {25, 2, 5, 2, 5},
}

func checkCapacity(c *Context) {
	env := c.Env
	class := env.EnvironmentClass
	if class == "" {
		class = "mw1.small" // the API's default
	}
	lim, ok := classLimits[class]
	if !ok {
		c.Report(env.ID, env.Source, fmt.Sprintf("environment class %q is not one of mw1.micro, mw1.small, mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge", class),
			"choose an mw1 class")
		return
	}
	bad := func(format string, args ...any) {
		c.Report(env.ID, env.Source, fmt.Sprintf(format, args...), "adjust the environment's scaling to its class ("+class+")")
	}
	if env.MinWorkers > 0 && env.MaxWorkers > 0 && env.MinWorkers > env.MaxWorkers {
		bad("MinWorkers %d is more than MaxWorkers %d", env.MinWorkers, env.MaxWorkers)
	}
	if env.MaxWorkers > lim.maxWorkers {
		if class == "mw1.micro" {
			bad("MaxWorkers %d: %s runs at most %d worker", env.MaxWorkers, class, lim.maxWorkers)
		} else {
			c.ReportAs(model.SeverityWarning, env.ID, env.Source, fmt.Sprintf("MaxWorkers %d is above the default quota of %d workers; creation fails unless the quota was raised", env.MaxWorkers, lim.maxWorkers), "request a quota increase or lower MaxWorkers")
		}
	}
	for _, w := range []struct {
		name string
		v    int
	}{{"MinWebservers", env.MinWebservers}, {"MaxWebservers", env.MaxWebservers}} {
		if w.v >= 0 && (w.v < lim.minWeb || w.v > lim.maxWeb) {
			bad("%s %d is outside %d..%d for %s", w.name, w.v, lim.minWeb, lim.maxWeb, class)
		}
	}
	if env.MinWebservers > 0 && env.MaxWebservers > 0 && env.MinWebservers > env.MaxWebservers {
		bad("MinWebservers %d is more than MaxWebservers %d", env.MinWebservers, env.MaxWebservers)
	}
	if env.Schedulers >= 0 && (env.Schedulers < lim.minSched || env.Schedulers > lim.maxSched) {
		bad("Schedulers %d is outside %d..%d for %s", env.Schedulers, lim.minSched, lim.maxSched, class)
	}
}
