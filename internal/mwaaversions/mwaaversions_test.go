package mwaaversions

import (
	"errors"
	"strings"
	"testing"
)

func TestEmbeddedData(t *testing.T) {
	vs := All()
	if len(vs) < 10 {
		t.Fatalf("%d versions", len(vs))
	}
	for i := 1; i < len(vs); i++ {
		if Compare(vs[i-1].Airflow, vs[i].Airflow) <= 0 {
			t.Errorf("not newest first: %s before %s", vs[i-1].Airflow, vs[i].Airflow)
		}
	}
	// Every version the MWAA images are published for has its packages, with its source.
	for _, want := range []string{"2.9.2", "2.10.1", "2.10.3", "2.11.0", "2.11.2", "3.0.6", "3.2.1", "3.3.1"} {
		v, ok := Lookup(want)
		if !ok || !v.Packages {
			t.Fatalf("%s: no package data", want)
		}
		if v.Installed["apache-airflow"] != want {
			t.Errorf("%s: apache-airflow installed at %q", want, v.Installed["apache-airflow"])
		}
		for _, n := range []string{"requests", "apache-airflow-providers-amazon", "boto3"} {
			if v.Installed[n] == "" || v.Constraints[n] == "" {
				t.Errorf("%s: %s installed %q, pinned %q", want, n, v.Installed[n], v.Constraints[n])
			}
		}
		if !strings.Contains(v.ConstraintsURL, "constraints-"+want+"/constraints-"+v.PythonMinor()+".txt") {
			t.Errorf("%s: constraints URL %s does not match Python %s", want, v.ConstraintsURL, v.Python)
		}
		if !strings.Contains(v.Source, "amazon-mwaa-docker-images commit") {
			t.Errorf("%s: source not recorded: %q", want, v.Source)
		}
	}
	if v, _ := Lookup("3.3.1"); v.Installed["apache-airflow-providers-amazon"] != "9.34.0" || v.Python != "3.12.13" {
		t.Errorf("3.3.1: amazon provider %s, Python %s", v.Installed["apache-airflow-providers-amazon"], v.Python)
	}
	if v, ok := Lookup("2.8.1"); !ok || v.Packages {
		t.Errorf("2.8.1: %+v (no package data is embedded for it)", v.Airflow)
	}
}

func TestDefaultIsNewestOffered(t *testing.T) {
	if d := Default(); d != "3.3.1" {
		t.Errorf("Default() = %s, want 3.3.1", d)
	}
	for _, v := range All() {
		if v.Status == Offered && Compare(v.Airflow, Default()) > 0 {
			t.Errorf("%s is offered and newer than the default", v.Airflow)
		}
	}
}

func TestForNewEnvironment(t *testing.T) {
	if _, err := ForNewEnvironment("2.10.3"); err != nil {
		t.Errorf("2.10.3: %v", err)
	}
	_, err := ForNewEnvironment("9.9.9")
	var ue *UnknownError
	if !errors.As(err, &ue) || ue.Suggestion != "" || !strings.Contains(err.Error(), `"9.9.9" is not one MWAA offers: expected one of 3.3.1, 3.2.1`) {
		t.Errorf("9.9.9: %v", err)
	}
	_, err = ForNewEnvironment("2.10.4")
	if !errors.As(err, &ue) || ue.Suggestion != "2.10.3" || !strings.Contains(err.Error(), "did you mean 2.10.3?") {
		t.Errorf("2.10.4: %v", err)
	}
	_, err = ForNewEnvironment("2.0.2")
	var re *RetiredError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "MWAA no longer creates environments with Airflow 2.0.2") {
		t.Errorf("2.0.2: %v", err)
	}
}
