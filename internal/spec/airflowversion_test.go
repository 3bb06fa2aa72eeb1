package spec

import (
	"strings"
	"testing"
)

// environment.airflowVersion must be a version MWAA creates environments with (issue 12):
// an unknown one is an error with a suggestion or the list, a retired one says so, and
// the default is the newest MWAA offers.

func TestAirflowVersionValidated(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"environment:\n  airflowVersion: \"9.9.9\"\n", `spec.yaml:2:19: environment.airflowVersion: Airflow version "9.9.9" is not one MWAA offers: expected one of 3.3.1, 3.2.1, 3.0.6, 2.11.2, 2.11.0, 2.10.3`},
		{"environment:\n  airflowVersion: \"2.10.4\"\n", `environment.airflowVersion: Airflow version "2.10.4" is not one MWAA offers (did you mean 2.10.3?)`},
		{"environment:\n  airflowVersion: \"2.0.2\"\n", `environment.airflowVersion: MWAA no longer creates environments with Airflow 2.0.2`},
		{"environment:\n  airflowVersion: latest\n", `environment.airflowVersion: "latest" is not an Airflow version (like 3.3.1)`},
	} {
		_, err := Parse("spec.yaml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.src, err, c.want)
		}
	}
	for _, ok := range []string{"3.3.1", "2.11.0", "2.10.3"} {
		if _, err := Parse("spec.yaml", []byte("environment:\n  airflowVersion: \""+ok+"\"\n")); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

func TestDefaultAirflowVersionIsNewestOffered(t *testing.T) {
	s, err := Parse("empty.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Environment.AirflowVersion != "3.3.1" {
		t.Errorf("default airflowVersion %s, want 3.3.1 (the newest MWAA offers)", s.Environment.AirflowVersion)
	}
}
