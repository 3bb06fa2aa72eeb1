// Package tfmoto runs real Terraform with the real AWS provider against moto, an AWS API
// emulator, for tests: it starts `moto_server` on a free loopback port, points the
// provider's endpoints at it (fake keys, us-east-1), and plans (or applies) a root module,
// returning `terraform show -json` of the plan with everything machine-specific
// normalised, so that a plan written by one run is byte-identical to the next.
//
// Only tests import it. It needs three programs no one on this project wrote:
//
//   - terraform (on PATH, or $MWAANET_TERRAFORM),
//   - the AWS provider ProviderVersion in a filesystem mirror ($MWAANET_TF_PLUGINS, default
//     /opt/tf-plugins), used offline through a CLI configuration file,
//   - moto_server (on PATH, or $MWAANET_MOTO_SERVER).
//
// Missing tells the reason a test must skip when one of them is absent.
package tfmoto

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ProviderVersion is the AWS provider the committed plans were made with.
const ProviderVersion = "5.100.0"

// Region is the Region every run uses.
const Region = "us-east-1"

// NormalEndpoint replaces the emulator's address (a free port, different every run) in
// the plans written.
const NormalEndpoint = "http://127.0.0.1:5000"

// Services are the provider endpoints pointed at the emulator. MWAA is among them: moto
// implements part of its API.
var Services = []string{"cloudwatch", "ec2", "iam", "kms", "logs", "mwaa", "s3", "sns", "sqs", "sts"}

func terraformPath() (string, error) {
	if p := os.Getenv("MWAANET_TERRAFORM"); p != "" {
		return exec.LookPath(p)
	}
	return exec.LookPath("terraform")
}

func motoPath() (string, error) {
	if p := os.Getenv("MWAANET_MOTO_SERVER"); p != "" {
		return exec.LookPath(p)
	}
	return exec.LookPath("moto_server")
}

func pluginDir() string {
	if d := os.Getenv("MWAANET_TF_PLUGINS"); d != "" {
		return d
	}
	return "/opt/tf-plugins"
}

// Missing returns why the harness cannot run here ("" when it can).
func Missing() string {
	if _, err := terraformPath(); err != nil {
		return "terraform is not installed (put it on PATH or set MWAANET_TERRAFORM)"
	}
	if _, err := motoPath(); err != nil {
		return "moto_server (the moto AWS API emulator) is not installed (pip install 'moto[server]', or set MWAANET_MOTO_SERVER)"
	}
	prov := filepath.Join(pluginDir(), "registry.terraform.io", "hashicorp", "aws", ProviderVersion)
	if _, err := os.Stat(prov); err != nil {
		return "the AWS provider " + ProviderVersion + " is not in a filesystem mirror (set MWAANET_TF_PLUGINS to a directory holding registry.terraform.io/hashicorp/aws/" + ProviderVersion + ")"
	}
	return ""
}

// Moto is a running moto_server.
type Moto struct {
	// Endpoint is http://127.0.0.1:PORT.
	Endpoint string
	cmd      *exec.Cmd
	tfrc     string
	cache    string
}

// Start starts moto_server on a free loopback port for Terraform (skipping t when the
// harness cannot run: terraform, moto_server or the provider mirror missing) and stops it
// when the test ends.
func Start(t testing.TB) *Moto {
	t.Helper()
	if why := Missing(); why != "" {
		t.Skip(why)
	}
	m := StartServer(t)
	dir := t.TempDir()
	m.tfrc = filepath.Join(dir, "terraform.tfrc")
	m.cache = filepath.Join(dir, "plugin-cache")
	if err := os.Mkdir(m.cache, 0o755); err != nil {
		t.Fatal(err)
	}
	// The plugin cache makes every init after the first link the provider (hundreds of
	// megabytes) instead of copying it.
	cfg := fmt.Sprintf("plugin_cache_dir = %q\n\nprovider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", m.cache, pluginDir())
	if err := os.WriteFile(m.tfrc, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// StartServer starts moto_server alone (no Terraform) on a free loopback port, skipping t
// when moto_server is not installed, and stops it when the test ends.
func StartServer(t testing.TB) *Moto {
	t.Helper()
	if _, err := motoPath(); err != nil {
		t.Skip("moto_server (the moto AWS API emulator) is not installed (pip install 'moto[server]', or set MWAANET_MOTO_SERVER)")
	}
	bin, _ := motoPath()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	log, err := os.Create(filepath.Join(t.TempDir(), "moto.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting moto_server: %v", err)
	}
	m := &Moto{Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	t.Cleanup(func() {
		// The process group of the moto_server this test started (a pyenv shim may run
		// it as a child).
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
		log.Close()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(m.Endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(log.Name())
			t.Fatalf("moto_server did not answer on %s within 60 s: %s", m.Endpoint, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return m
}

// Reset forgets everything the emulator holds (moto's /moto-api/reset).
func (m *Moto) Reset() error {
	resp, err := http.Post(m.Endpoint+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// Override is the provider configuration the harness adds to a root module
// (zz_tfmoto_override.tf; Terraform merges *_override.tf files into the module): the
// provider version of the mirror, fake keys, and every endpoint at the emulator.
func (m *Moto) Override() string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = %q\n    }\n  }\n}\n\n", ProviderVersion)
	b.WriteString("provider \"aws\" {\n")
	fmt.Fprintf(&b, "  region                      = %q\n", Region)
	b.WriteString("  access_key                  = \"mwaanet-test\"\n  secret_key                  = \"mwaanet-test\"\n")
	b.WriteString("  skip_credentials_validation = true\n  skip_metadata_api_check     = true\n  skip_region_validation      = true\n  s3_use_path_style           = true\n")
	b.WriteString("  endpoints {\n")
	for _, s := range Services {
		fmt.Fprintf(&b, "    %-10s = %q\n", s, m.Endpoint)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// Module is a root module to plan: its files (name -> contents; subdirectories with
// slashes) and its variables.
type Module struct {
	Files map[string][]byte
	Vars  map[string]string
}

// ReadModule reads the .tf files under dir (recursively) into a Module.
func ReadModule(dir string) (Module, error) {
	m := Module{Files: map[string][]byte{}}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		m.Files[filepath.ToSlash(rel)] = data
		return err
	})
	return m, err
}

// Workdir writes the module and the override into a new temporary directory.
func (m *Moto) Workdir(t testing.TB, mod Module) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range mod.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "zz_tfmoto_override.tf"), []byte(m.Override()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Terraform runs terraform with args in dir, offline against the mirror, and returns its
// standard output; an error carries the end of its standard error.
func (m *Moto) Terraform(ctx context.Context, dir string, args ...string) ([]byte, error) {
	bin, err := terraformPath()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+m.tfrc,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"AWS_ACCESS_KEY_ID=mwaanet-test",
		"AWS_SECRET_ACCESS_KEY=mwaanet-test",
		"AWS_EC2_METADATA_DISABLED=true",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := stderr.String()
		if len(msg) > 4000 {
			msg = "…" + msg[len(msg)-4000:]
		}
		return nil, fmt.Errorf("terraform %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return stdout.Bytes(), nil
}

func varArgs(vars map[string]string) []string {
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, "-var", k+"="+vars[k])
	}
	return out
}

// Init runs terraform init in dir.
func (m *Moto) Init(ctx context.Context, dir string) error {
	_, err := m.Terraform(ctx, dir, "init", "-no-color", "-input=false", "-backend=false")
	return err
}

// Plan runs terraform init and plan in a new working directory holding mod, and returns
// the plan as `terraform show -json` writes it, normalised (see Normalize).
func (m *Moto) Plan(t testing.TB, ctx context.Context, mod Module) ([]byte, error) {
	t.Helper()
	dir := m.Workdir(t, mod)
	if err := m.Init(ctx, dir); err != nil {
		return nil, err
	}
	args := append([]string{"plan", "-no-color", "-input=false", "-refresh=true", "-out=plan.out"}, varArgs(mod.Vars)...)
	if _, err := m.Terraform(ctx, dir, args...); err != nil {
		return nil, err
	}
	out, err := m.Terraform(ctx, dir, "show", "-json", "plan.out")
	if err != nil {
		return nil, err
	}
	return Normalize(out, m.Endpoint)
}

// Apply runs terraform init and apply -auto-approve in dir (a Workdir).
func (m *Moto) Apply(ctx context.Context, dir string, vars map[string]string) error {
	if err := m.Init(ctx, dir); err != nil {
		return err
	}
	args := append([]string{"apply", "-no-color", "-input=false", "-auto-approve"}, varArgs(vars)...)
	_, err := m.Terraform(ctx, dir, args...)
	return err
}

var portRE = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// Normalize makes a plan JSON byte-stable across runs: the emulator's address becomes
// NormalEndpoint, the plan's "timestamp" is dropped, "relevant_attributes" (whose order
// Terraform does not keep from one run to the next) is sorted, and the JSON is indented
// (two spaces, members in Terraform's order) with a final newline.
func Normalize(plan []byte, endpoint string) ([]byte, error) {
	if endpoint != "" {
		plan = bytes.ReplaceAll(plan, []byte(endpoint), []byte(NormalEndpoint))
	}
	plan = portRE.ReplaceAll(plan, []byte(NormalEndpoint))
	dec := json.NewDecoder(bytes.NewReader(plan))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("terraform show -json: not a JSON object")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("terraform show -json: %v", err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("terraform show -json: %v", err)
		}
		switch key {
		case "timestamp":
			continue
		case "relevant_attributes":
			var elems []json.RawMessage
			if err := json.Unmarshal(raw, &elems); err != nil {
				return nil, fmt.Errorf("terraform show -json: relevant_attributes: %v", err)
			}
			sorted := make([]string, len(elems))
			for i, e := range elems {
				var c bytes.Buffer
				if err := json.Compact(&c, e); err != nil {
					return nil, err
				}
				sorted[i] = c.String()
			}
			sort.Strings(sorted)
			raw = json.RawMessage("[" + strings.Join(sorted, ",") + "]")
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(raw)
	}
	b.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
