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
	// Every version MWAA offers has its packages, with its source: the MWAA images from
	// 2.9.2 on, the MWAA local runner before.
	for _, want := range []string{"2.4.3", "2.5.1", "2.6.3", "2.7.2", "2.8.1", "2.9.2", "2.10.1", "2.10.3", "2.11.0", "2.11.2", "3.0.6", "3.2.1", "3.3.1"} {
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
		source := "amazon-mwaa-docker-images commit"
		if Compare(want, "2.9.2") < 0 {
			source = "aws-mwaa-local-runner branch v" + want + " commit"
			if !strings.Contains(v.Source, "Installed is approximated") {
				t.Errorf("%s: the approximation is not said: %q", want, v.Source)
			}
		}
		if !strings.Contains(v.Source, source) {
			t.Errorf("%s: source not recorded (want %q): %q", want, source, v.Source)
		}
		if strings.HasSuffix(v.Python, ".0") {
			t.Errorf("%s: Python %s: the images say the patch level", want, v.Python)
		}
		// Providers the image does not name are not installed, though the constraints pin them.
		if v.Constraints["apache-airflow-providers-google"] == "" || v.Installed["apache-airflow-providers-google"] != "" {
			t.Errorf("%s: google provider pinned %q, installed %q", want, v.Constraints["apache-airflow-providers-google"], v.Installed["apache-airflow-providers-google"])
		}
	}
	if v, _ := Lookup("3.3.1"); v.Installed["apache-airflow-providers-amazon"] != "9.34.0" || v.Python != "3.12.13" {
		t.Errorf("3.3.1: amazon provider %s, Python %s", v.Installed["apache-airflow-providers-amazon"], v.Python)
	}
	// The local runner's values (docker/Dockerfile, mwaa-base-providers-requirements.txt,
	// constraints.txt of each branch).
	for _, c := range []struct{ airflow, python, al, amazon, requests string }{
		{"2.4.3", "3.10.9", "2", "6.0.0", "2.28.1"},
		{"2.6.3", "3.10.9", "2", "8.2.0", "2.31.0"},
		{"2.7.2", "3.11.6", "2023", "8.7.1", "2.31.0"},
		{"2.8.1", "3.11.7", "2023", "8.16.0", "2.31.0"},
	} {
		v, _ := Lookup(c.airflow)
		if v.Python != c.python || v.AmazonLinux != c.al || v.Installed["apache-airflow-providers-amazon"] != c.amazon || v.Installed["requests"] != c.requests {
			t.Errorf("%s: Python %s on Amazon Linux %s, amazon provider %s, requests %s; want %+v", c.airflow, v.Python, v.AmazonLinux,
				v.Installed["apache-airflow-providers-amazon"], v.Installed["requests"], c)
		}
	}
	// What only the 2.9.2 image's build installs does not stand for the older images'.
	if v, _ := Lookup("2.8.1"); v.Installed["aiobotocore"] != "" || v.Constraints["aiobotocore"] == "" {
		t.Errorf("2.8.1: aiobotocore installed %q, pinned %q", v.Installed["aiobotocore"], v.Constraints["aiobotocore"])
	}
	// The retired versions before 2.4.3 have no image source: no package data.
	if v, ok := Lookup("2.2.2"); !ok || v.Packages {
		t.Errorf("2.2.2: %+v (no package data is embedded for it)", v.Airflow)
	}
}

func TestAppliesConstraints(t *testing.T) {
	for v, want := range map[string]bool{"2.4.3": false, "2.6.3": false, "2.7.2": true, "2.8.1": true, "3.3.1": true} {
		if got, _ := Lookup(v); got.AppliesConstraints != want {
			t.Errorf("%s: AppliesConstraints %v, want %v", v, got.AppliesConstraints, want)
		}
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
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "MWAA no longer creates environments with Airflow 2.0.2 (end of support 2024-04-29)") {
		t.Errorf("2.0.2: %v", err)
	}
	// End of support December 30, 2025 (user guide, Apache Airflow deprecated versions).
	for _, v := range []string{"2.4.3", "2.5.1", "2.6.3"} {
		if _, err := ForNewEnvironment(v); !errors.As(err, &re) || !strings.Contains(err.Error(), "Airflow "+v+" (end of support 2025-12-30)") {
			t.Errorf("%s: %v", v, err)
		}
	}
	if _, err := ForNewEnvironment("2.7.2"); err != nil {
		t.Errorf("2.7.2: %v", err)
	}
	if _, err := ForNewEnvironment("2.6.4"); err == nil || !strings.HasSuffix(err.Error(), "expected one of 3.3.1, 3.2.1, 3.0.6, 2.11.2, 2.11.0, 2.10.3, 2.10.1, 2.9.2, 2.8.1, 2.7.2") {
		t.Errorf("2.6.4: %v", err)
	}
}
