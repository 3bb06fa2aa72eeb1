package cfn

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/model"
)

// ReadPaths reads the template files at paths (see Read), each a regular file of at most
// inputfile.MaxDocument bytes (a FIFO or a device is refused before it is opened). A file
// that cannot be read is a *model.InputError naming it.
func ReadPaths(paths []string, opts Options) (*model.Architecture, error) {
	files := make([]File, 0, len(paths))
	for _, p := range paths {
		data, err := inputfile.Read(p, inputfile.MaxDocument)
		if err != nil {
			if conv := inputfile.AsInputError(p, err); conv != err {
				return nil, conv
			}
			return nil, &model.InputError{Source: model.Source{File: p}, Message: fmt.Sprintf("cannot read template: %v", err)}
		}
		files = append(files, File{Name: p, Data: data})
	}
	return Read(files, opts)
}

// LooksLikeTemplate reports whether data is a CloudFormation template: a YAML or JSON
// mapping with a top-level Resources or AWSTemplateFormatVersion key. It lets a caller pick
// the reader for an input of unknown kind; it does not validate the template.
func LooksLikeTemplate(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return false
	}
	root, err := parseDocument("", data)
	if err != nil {
		// Unreadable: decide on the top-level keys as written, so that a broken template
		// still reaches this reader and gets its positioned error.
		for _, line := range bytes.Split(data, []byte("\n")) {
			for _, key := range []string{"Resources:", "AWSTemplateFormatVersion:", `"Resources"`, `"AWSTemplateFormatVersion"`} {
				if bytes.HasPrefix(bytes.TrimLeft(line, " \t{"), []byte(key)) {
					return true
				}
			}
		}
		return false
	}
	if root.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i].Value; k == "Resources" || k == "AWSTemplateFormatVersion" {
			return true
		}
	}
	return false
}
