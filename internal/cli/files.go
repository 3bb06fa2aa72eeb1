package cli

import (
	"io/fs"
	"os"
	"sort"

	"github.com/mwaanet/mwaanet/internal/outfile"
)

// writeOutput writes one output file the way every command does (internal/outfile):
// through a temporary file and a rename, never over an existing file without force, and
// never onto one of inputs (the files this run read), even with force. Errors are exit 2
// and name path as the user gave it.
func writeOutput(path string, data []byte, perm os.FileMode, force bool, inputs []string, stdin ...fs.FileInfo) error {
	if err := outfile.Write(path, data, outfile.Options{Force: force, Inputs: inputs, InputInfos: stdin, Perm: perm}); err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	return nil
}

// writeOutputs writes files (name -> contents) into dir with writeOutput's rules: every
// target is checked before anything is written, and the files are moved into place only
// when all are written. It returns the paths written, sorted.
func writeOutputs(dir string, files map[string][]byte, perm os.FileMode, force bool, inputs []string, stdin ...fs.FileInfo) ([]string, error) {
	list := make([]outfile.File, 0, len(files))
	for n, d := range files {
		list = append(list, outfile.File{Name: n, Data: d})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	paths, err := outfile.WriteFiles(dir, list, outfile.Options{Force: force, Inputs: inputs, InputInfos: stdin, Perm: perm})
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	return paths, nil
}

// checkOutput says, before any slow work, whether writeOutput(path) would be refused.
func checkOutput(path string, force bool, inputs []string, stdin ...fs.FileInfo) error {
	if err := outfile.Check(path, outfile.Options{Force: force, Inputs: inputs, InputInfos: stdin}); err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	return nil
}

// inputFiles lists the files a run reads from its inputs: a file itself, and under a
// directory the files its readers take: JSON (a snapshot, as awscli.ReadDir reads it;
// .tf.json) and Terraform configuration (.tf, .tfvars) of a root module directory.
// Standard input and missing paths are left out.
func inputFiles(paths ...string) []string {
	var out []string
	for _, p := range paths {
		if p == "" || p == "-" {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			out = append(out, outfile.InputFilesUnder(p, ".json", ".tf", ".tfvars")...)
			continue
		}
		out = append(out, p)
	}
	return out
}

// stdinInput is the file behind standard input when a run reads it (one of paths is "-")
// and it is redirected from a regular file, so that the output is never that file.
func stdinInput(app *App, paths ...string) []fs.FileInfo {
	for _, p := range paths {
		if p != "-" {
			continue
		}
		if f, ok := app.In.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				return []fs.FileInfo{fi}
			}
		}
	}
	return nil
}
