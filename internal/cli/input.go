package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// InputOptions say how to read an input whose kind needs more than its bytes: the Region
// and parameters of a CloudFormation template.
type InputOptions struct {
	Region string            // --region; "" means the input's own or us-east-1
	Params map[string]string // --param Key=Value (templates)
	// AccountID is --account: the account of an input that does not say it (AWS::AccountId
	// of templates, the account of a spec's ARNs). An input that names another account
	// (a snapshot's owner) is refused.
	AccountID string
	// Stdin is read for the input "-" (named StdinName in the report and in errors).
	Stdin io.Reader
	TF    TFOptions // --var, --var-file (a Terraform configuration directory)
	// MaxSize is the largest input file (or standard input) read, in bytes: --max-input-size.
	// 0 means inputfile.MaxDocument (256 MiB). It bounds each file of a snapshot directory too.
	MaxSize int64
}

func (o InputOptions) maxSize() int64 {
	if o.MaxSize > 0 {
		return o.MaxSize
	}
	return inputfile.MaxDocument
}

// StdinName names standard input (the input "-") in reports and errors.
const StdinName = "<stdin>"

// InputKind is what an input is.
type InputKind string

const (
	KindDefault  InputKind = "embedded default"
	KindSpec     InputKind = "spec"
	KindTemplate InputKind = "CloudFormation template"
	KindPlan     InputKind = "Terraform plan"
	KindSnapshot InputKind = "snapshot"
	// KindSnapshotAndTemplates is a snapshot directory with templates that add to it.
	KindSnapshotAndTemplates InputKind = "snapshot and templates"
)

// Input is a loaded input: its kind, what it was read from, the architecture, and for
// specs the spec itself.
type Input struct {
	Kind  InputKind
	Paths []string
	Arch  *model.Architecture
	Spec  *spec.Spec // for KindSpec and KindDefault
}

// Describe names the input for report headers: "template.yaml (CloudFormation template)".
func (in *Input) Describe() []string {
	if in.Kind == KindDefault {
		return []string{"embedded default (use case 3)"}
	}
	out := make([]string, len(in.Paths))
	for i, p := range in.Paths {
		k := in.Kind
		if k == KindSnapshotAndTemplates {
			k = KindTemplate
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				k = KindSnapshot
			}
		}
		out[i] = fmt.Sprintf("%s (%s)", p, k)
	}
	return out
}

// LoadArchitecture reads one input (see LoadInput) and returns its architecture.
func LoadArchitecture(path string, opts InputOptions) (*model.Architecture, error) {
	var paths []string
	if path != "" {
		paths = []string{path}
	}
	return LoadArchitectures(paths, opts)
}

// LoadArchitectures reads inputs as LoadInput does and returns their architecture.
func LoadArchitectures(paths []string, opts InputOptions) (*model.Architecture, error) {
	in, err := LoadInput(paths, opts)
	if err != nil {
		return nil, err
	}
	return in.Arch, nil
}

// LoadInput reads inputs into the model, recognising their kind: a snapshot directory
// (AWS CLI JSON files), a Terraform plan (JSON with "planned_values"), CloudFormation
// templates (YAML or JSON with "Resources"; several at once are stacks deployed together),
// or a mwaanet spec (anything else that is YAML). No path means the embedded default spec.
// A snapshot directory may come with templates that add to it (what `synth --existing`
// emits): they are read as one deployment (model.Merge). Specs and plans stand alone.
// Errors about the input are *model.InputError or model.InputErrors (exit 2).
func LoadInput(paths []string, opts InputOptions) (*Input, error) {
	if opts.AccountID != "" && !model.IsAccountID(opts.AccountID) {
		return nil, &model.InputError{Message: fmt.Sprintf("--account: expected a 12-digit AWS account ID, found %s", textsafe.Quote(opts.AccountID))}
	}
	in, err := loadInput(paths, opts)
	if err != nil || opts.AccountID == "" {
		return in, err
	}
	switch in.Arch.AccountID {
	case "":
		in.Arch.AccountID = opts.AccountID
	case opts.AccountID:
	default:
		return nil, &model.InputError{Message: fmt.Sprintf("the input is in account %s but --account says %s", in.Arch.AccountID, opts.AccountID)}
	}
	return in, nil
}

func loadInput(paths []string, opts InputOptions) (*Input, error) {
	if len(paths) == 0 {
		if len(opts.Params) > 0 {
			return nil, &model.InputError{Message: "--param sets CloudFormation template parameters; there is no template here (the input is the embedded default spec)"}
		}
		s := spec.Default()
		a, err := design.Build(s)
		if err != nil {
			return nil, err
		}
		return &Input{Kind: KindDefault, Arch: a, Spec: s}, nil
	}
	var files []cfn.File
	snapshotDir := ""
	stdin := 0
	for _, p := range paths {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return nil, &model.InputError{Message: "standard input (-) can be given once"}
	}
	paths = append([]string(nil), paths...)
	var (
		seen      []os.FileInfo
		seenNames []string
	)
	for i, p := range paths {
		var data []byte
		if p == "-" {
			if opts.Stdin == nil {
				return nil, &model.InputError{Message: "cannot read standard input (-) here"}
			}
			d, err := readInputStdin(opts.Stdin, opts.maxSize())
			if err != nil {
				return nil, err
			}
			p, data = StdinName, d
			paths[i] = p
		} else {
			fi, err := os.Stat(p)
			if err != nil {
				return nil, &model.InputError{Message: fmt.Sprintf("cannot read input %s: %v", p, errText(err))}
			}
			for j, o := range seen {
				if os.SameFile(fi, o) {
					return nil, &model.InputError{Message: fmt.Sprintf("%s and %s are the same input; give each input once", seenNames[j], p)}
				}
			}
			seen, seenNames = append(seen, fi), append(seenNames, p)
			if fi.IsDir() {
				if in, ok, err := loadTFDir(p, paths, opts); ok {
					return in, err
				}
				if snapshotDir != "" {
					return nil, &model.InputError{Message: fmt.Sprintf("%s and %s are both snapshot directories; check one snapshot at a time", snapshotDir, p)}
				}
				snapshotDir = p
				continue
			}
			if data, err = readInputFile(p, opts.maxSize(), "input"); err != nil {
				return nil, err
			}
		}
		if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))) == 0 {
			// Most often a template that a failed "mwaanet synth > t.yaml" left empty;
			// checking the all-defaults spec instead would pass it.
			return nil, &model.InputError{Source: model.Source{File: p}, Message: "the file is empty; expected a spec, a CloudFormation template or a Terraform plan (without INPUT the embedded default spec is used)"}
		}
		k := sniff(data)
		if k == KindSpec && strings.EqualFold(filepath.Ext(p), ".json") {
			// A .json file that is not JSON would otherwise get the spec's YAML error
			// ("invalid YAML") for what is most often a truncated plan or template.
			if _, err := jsonpos.Parse(data); err != nil {
				var se *jsonpos.SyntaxError
				if errors.As(err, &se) {
					return nil, model.Errorf(model.Source{File: p, Line: se.Line, Column: se.Column}, "invalid JSON: %s", se.Msg)
				}
				return nil, model.Errorf(model.Source{File: p}, "invalid JSON: %v", err)
			}
		}
		if len(opts.Params) > 0 && k != KindTemplate {
			return nil, &model.InputError{Source: model.Source{File: p}, Message: fmt.Sprintf("is a %s; --param sets CloudFormation template parameters", k)}
		}
		if len(paths) > 1 && k != KindTemplate {
			return nil, &model.InputError{Source: model.Source{File: p}, Message: fmt.Sprintf("is a %s; a %s must be the only input (several inputs are templates, optionally with one snapshot directory)", k, k)}
		}
		switch k {
		case KindPlan:
			a, err := readPlan(p, data)
			if err != nil {
				return nil, err
			}
			if err := regionMatches(p, KindPlan, a, opts); err != nil {
				return nil, err
			}
			return &Input{Kind: KindPlan, Paths: paths, Arch: a}, nil
		case KindSpec:
			s, err := spec.Parse(p, data)
			if err != nil {
				return nil, err
			}
			if opts.Region != "" && opts.Region != s.Region {
				return nil, &model.InputError{Source: s.Source("region"), Message: fmt.Sprintf("region: the spec says %s but --region says %s", s.Region, opts.Region)}
			}
			a, err := design.Build(s)
			if err != nil {
				return nil, err
			}
			a.IngestFindings = append(a.IngestFindings, s.Placeholders()...)
			return &Input{Kind: KindSpec, Paths: paths, Arch: a, Spec: s}, nil
		}
		files = append(files, cfn.File{Name: p, Data: data})
	}
	var snap *model.Architecture
	if snapshotDir != "" {
		a, err := awscli.ReadDirLimit(snapshotDir, opts.maxSize())
		if err != nil {
			return nil, err
		}
		if len(a.VPCs) == 0 && len(a.Subnets) == 0 && len(a.Environments) == 0 {
			return nil, &model.InputError{Source: model.Source{File: snapshotDir}, Message: "no VPC, subnet or MWAA environment in this directory; expected a snapshot (the AWS CLI JSON files mwaanet snapshot writes: describe-vpcs.json, describe-subnets.json, ...; mwaanet snapshot --print-script prints the commands)"}
		}
		if len(files) == 0 {
			if len(opts.Params) > 0 {
				return nil, &model.InputError{Source: model.Source{File: snapshotDir}, Message: "is a snapshot; --param sets CloudFormation template parameters"}
			}
			if err := regionMatches(snapshotDir, KindSnapshot, a, opts); err != nil {
				return nil, err
			}
			return &Input{Kind: KindSnapshot, Paths: paths, Arch: a}, nil
		}
		snap = a
	}
	region := opts.Region
	if region == "" && snap != nil {
		region = snap.Region
	}
	a, err := cfn.Read(files, cfn.Options{Region: region, Params: opts.Params, AccountID: opts.AccountID})
	if err != nil {
		return nil, err
	}
	if snap == nil {
		return &Input{Kind: KindTemplate, Paths: paths, Arch: a}, nil
	}
	// The templates come first: their environment (the one being added) is the one checked.
	merged, err := model.Merge(a, snap)
	if err != nil {
		return nil, &model.InputError{Message: err.Error()}
	}
	return &Input{Kind: KindSnapshotAndTemplates, Paths: paths, Arch: merged}, nil
}

// regionMatches refuses a --region that contradicts the Region a plan or snapshot is in
// (it sets the Region of templates only; ignoring it silently would check the input in
// a Region the user did not ask for).
func regionMatches(path string, k InputKind, a *model.Architecture, opts InputOptions) error {
	if opts.Region == "" || a.Region == "" || opts.Region == a.Region {
		return nil
	}
	return &model.InputError{Source: model.Source{File: path}, Message: fmt.Sprintf("the %s is in %s but --region says %s (--region sets the Region of CloudFormation templates)", k, a.Region, opts.Region)}
}

// sniff tells a Terraform plan, a CloudFormation template and a spec apart by their
// top-level keys, without parsing the whole document (a second full parse of a large
// template would cost as much as reading it). JSON is decoded only to its top-level keys;
// YAML is recognised by a top-level "Resources:" or "AWSTemplateFormatVersion:" line, which
// also catches templates with syntax errors, so their errors come from the template reader.
// Anything else is handed to the spec parser, whose error names the line.
func sniff(data []byte) InputKind {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var top map[string]json.RawMessage
		if json.Unmarshal(trimmed, &top) == nil {
			if _, ok := top["planned_values"]; ok {
				return KindPlan
			}
			if _, ok := top["terraform_version"]; ok {
				return KindPlan
			}
			for _, k := range []string{"Resources", "AWSTemplateFormatVersion"} {
				if _, ok := top[k]; ok {
					return KindTemplate
				}
			}
			return KindSpec
		}
	}
	if templateKeyRE.Match(data) || cfn.LooksLikeTemplate(data) {
		return KindTemplate
	}
	return KindSpec
}

// templateKeyRE finds a top-level key only CloudFormation templates have.
var templateKeyRE = regexp.MustCompile(`(?m)^(Resources|AWSTemplateFormatVersion|"Resources"|"AWSTemplateFormatVersion"|'Resources'|'AWSTemplateFormatVersion')[ \t]*:`)

// readInputFile reads the input file at path: a regular file (a FIFO or a device such as
// /dev/zero is refused by name before it is opened) of at most limit bytes. what names
// the input in errors ("input", "spec"). Errors are *model.InputError naming the file
// (exit 2).
func readInputFile(path string, limit int64, what string) ([]byte, error) {
	data, err := inputfile.Read(path, limit)
	if err != nil {
		return nil, readError(path, what, err)
	}
	return data, nil
}

// readInputStdin reads standard input as an input: at most limit bytes.
func readInputStdin(r io.Reader, limit int64) ([]byte, error) {
	data, err := inputfile.ReadFrom(r, StdinName, limit)
	if err != nil {
		if errors.As(err, new(*inputfile.TooLargeError)) {
			return nil, inputfile.AsInputError(StdinName, err)
		}
		return nil, &model.InputError{Message: fmt.Sprintf("cannot read standard input: %v", err)}
	}
	return data, nil
}

func readError(path, what string, err error) error {
	if errors.As(err, new(*inputfile.TooLargeError)) || errors.As(err, new(*inputfile.NotRegularError)) {
		return inputfile.AsInputError(path, err)
	}
	return &model.InputError{Message: fmt.Sprintf("cannot read %s %s: %v", what, path, errText(err))}
}

// errText drops the "stat PATH:" prefix Go puts on file errors (we name the path ourselves).
func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// readPlan reads a Terraform plan (JSON from terraform show -json).
func readPlan(path string, data []byte) (*model.Architecture, error) {
	return tfplan.Read(path, data)
}

// sizeFlag is a byte count flag (--max-input-size): a number of bytes, or a number with a
// unit: KiB, MiB, GiB (powers of 1024; also K, M, G) or kB, MB, GB (powers of 1000).
type sizeFlag struct{ n *int64 }

func (f sizeFlag) String() string {
	if f.n == nil || *f.n == 0 {
		return inputfile.FormatSize(inputfile.MaxDocument)
	}
	return inputfile.FormatSize(*f.n)
}

func (f sizeFlag) Type() string { return "size" }

func (f sizeFlag) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*f.n = n
	return nil
}

// parseSize reads "512MiB", "1 GiB", "300MB" or "1048576".
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 || i > 15 {
		return 0, fmt.Errorf("%s is not a size: expected a number of bytes such as 512MiB or 1GiB", textsafe.Quote(s))
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is not a size: %v", textsafe.Quote(s), err)
	}
	units := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "kb": 1000, "m": 1 << 20, "mib": 1 << 20, "mb": 1000000,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1000000000}
	mult, ok := units[strings.ToLower(strings.TrimSpace(t[i:]))]
	if !ok {
		return 0, fmt.Errorf("%s is not a size: expected a unit of KiB, MiB, GiB, kB, MB or GB", textsafe.Quote(s))
	}
	if n <= 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%s is not a size: expected a positive size of at most 1024 TiB", textsafe.Quote(s))
	}
	return n * mult, nil
}
