package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// LOG: logging and alarms.

func logRules() []*Rule {
	return []*Rule{
		rule("LOG-01/logging", "LOG-01", model.SeverityWarning,
			"CloudWatch Logs enabled for DAG processing, scheduler, task, web server and worker", checkLogging),
		rule("LOG-02/alarms", "LOG-02", model.SeverityWarning,
			"CloudWatch alarms for scheduler heartbeat, tasks queued too long, and scheduler/worker CPU or memory", checkAlarms),
	}
}

func checkLogging(c *Context) {
	if c.Env.ID == "" || c.Arch.IsUnknown(model.UnknownEnvironment) {
		return
	}
	if c.Env.Source.File == "" && c.Env.Source.ID == "" && len(c.Env.Logging) == 0 {
		return // an environment given by flags says nothing about logging
	}
	var off []string
	for _, m := range model.LogModules {
		if c.Env.Logging[m].Enabled != model.Yes {
			off = append(off, m)
		}
	}
	if len(off) > 0 {
		c.Report(c.Env.ID, c.Env.Source, fmt.Sprintf("logging is off for %s; without them a failing environment cannot be diagnosed", strings.Join(off, ", ")),
			"enable LoggingConfiguration for all five modules (LogLevel INFO)")
	}
}

// alarmKinds are what LOG-02 asks an alarm for, and the metrics that count for each.
var alarmKinds = []struct {
	what    string
	metrics []string
}{
	{"scheduler heartbeat missing", []string{"SchedulerHeartbeat"}},
	{"tasks queued too long", []string{"QueuedTasks"}},
	{"scheduler or worker CPU or memory high", []string{"CPUUtilization", "MemoryUtilization"}},
}

func checkAlarms(c *Context) {
	have := map[string]bool{}
	for _, a := range c.Arch.Alarms {
		have[a.MetricName] = true
	}
	var missing []string
	for _, k := range alarmKinds {
		ok := false
		for _, m := range k.metrics {
			ok = ok || have[m]
		}
		if !ok {
			missing = append(missing, k.what)
		}
	}
	if len(missing) == 0 {
		return
	}
	sort.Strings(missing)
	if c.Arch.IsUnknown(model.UnknownAlarms) {
		// A snapshot without describe-alarms.json says nothing about alarms.
		c.NotVerifiable(c.Env.ID, c.envSource(), "CloudWatch alarms for "+strings.Join(missing, "; "))
		return
	}
	c.Report(c.Env.ID, c.envSource(), fmt.Sprintf("the input has no CloudWatch alarm for: %s", strings.Join(missing, "; ")),
		"add alarms on the AmazonMWAA metrics SchedulerHeartbeat and QueuedTasks and the AWS/MWAA CPUUtilization/MemoryUtilization (mwaanet synth adds them)")
}
