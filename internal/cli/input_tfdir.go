package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/mwaanet/mwaanet/internal/ingest/tfconfig"
	"github.com/mwaanet/mwaanet/internal/model"
)

// KindTerraform is a directory of Terraform configuration (.tf files).
const KindTerraform InputKind = "Terraform configuration"

// TFOptions are the variable values of a Terraform configuration directory, spelled as
// terraform plan spells them.
type TFOptions struct {
	Vars     []string // --var NAME=VALUE
	VarFiles []string // --var-file FILE
	// Getenv reads TF_VAR_NAME (App.Getenv); nil reads none.
	Getenv func(string) string
}

// addTFFlags adds --var and --var-file to a command that reads inputs.
func addTFFlags(f *pflag.FlagSet, o *TFOptions) {
	f.StringArrayVar(&o.Vars, "var", nil, "Terraform variable `NAME=VALUE` of a configuration directory (repeatable)")
	f.StringArrayVar(&o.VarFiles, "var-file", nil, "Terraform variable definitions `FILE` (.tfvars) of a configuration directory (repeatable)")
}

// loadTFDir reads dir as a Terraform root module when it holds .tf files (ok is false
// otherwise: a snapshot directory). A configuration stands alone, as a plan does.
func loadTFDir(dir string, paths []string, opts InputOptions) (in *Input, ok bool, err error) {
	if !tfconfig.IsConfigDir(dir) {
		if len(opts.TF.Vars) > 0 || len(opts.TF.VarFiles) > 0 {
			return nil, true, &model.InputError{Source: model.Source{File: dir}, Message: "has no .tf files; --var and --var-file set the variables of a Terraform configuration directory"}
		}
		return nil, false, nil
	}
	if len(paths) > 1 {
		return nil, true, &model.InputError{Source: model.Source{File: dir}, Message: fmt.Sprintf("is a %s; a %s must be the only input", KindTerraform, KindTerraform)}
	}
	if len(opts.Params) > 0 {
		return nil, true, &model.InputError{Source: model.Source{File: dir}, Message: fmt.Sprintf("is a %s; --param sets CloudFormation template parameters (use --var NAME=VALUE)", KindTerraform)}
	}
	a, err := tfconfig.ReadDir(dir, tfconfig.Options{Vars: opts.TF.Vars, VarFiles: opts.TF.VarFiles, Getenv: opts.TF.Getenv, Region: opts.Region,
		AccountID: opts.AccountID, MaxFileSize: opts.maxSize()})
	if err != nil {
		return nil, true, err
	}
	if err := regionMatches(dir, KindTerraform, a, opts); err != nil {
		return nil, true, err
	}
	return &Input{Kind: KindTerraform, Paths: paths, Arch: a}, true, nil
}

// withEnv returns the command's --var and --var-file with the environment's TF_VAR_.
func (o TFOptions) withEnv(app *App) TFOptions {
	o.Getenv = app.Getenv
	return o
}
