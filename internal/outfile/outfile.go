// Package outfile writes what a command produces (a template, a diagram, a spec, a
// snapshot, certificates) without ever losing the user's data:
//
//   - an existing file is replaced only when the caller says so (Options.Force, a
//     command's --force);
//   - a file the command reads (Options.Inputs) is never written, even with Force: the
//     two are compared with os.SameFile, so another spelling of the path, a symbolic link
//     or a hard link to an input is refused too;
//   - every file goes to a temporary file in its own directory first and is then moved
//     into place, so that a reader never sees a half-written file and a failure leaves the
//     old file whole; without Force the move is a hard link, which fails if the name was
//     taken in the meantime, so that no race replaces a file that appeared after the check;
//   - a directory that a failed write created is removed again.
//
// It must never delete or truncate a file that it did not create in this call.
package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrExists is wrapped by the error for a file that exists and Force is not set.
var ErrExists = errors.New("already exists")

// existsError is the sentence said of an existing file; it is ErrExists for errors.Is
// (wrapping ErrExists with %w would end the sentence with "already exists" a second time).
type existsError string

func (e existsError) Error() string        { return string(e) }
func (e existsError) Is(target error) bool { return target == ErrExists }

// ErrInput is wrapped by the error for a file that is one of the command's inputs.
var ErrInput = errors.New("is one of this command's inputs")

// Options say how to write.
type Options struct {
	// Force replaces existing files (never inputs).
	Force bool
	// Inputs are the files the command reads; "" and "-" (standard input) are ignored, and
	// so are paths that do not exist. A directory here stands for itself only: pass the
	// files read from it (InputFilesUnder lists them).
	Inputs []string
	// InputInfos are inputs known by their FileInfo only (standard input redirected
	// from a file: mwaanet synth --spec - --out s.yaml < s.yaml).
	InputInfos []fs.FileInfo
	// Perm is the mode of new files; 0 means 0644.
	Perm fs.FileMode
}

// File is one file of WriteFiles.
type File struct {
	Name string // relative to the directory; no separators
	Data []byte
	Mode fs.FileMode // 0: Options.Perm
}

// Write writes data to path (see the package comment). Errors name path as the caller
// gave it, never the temporary file.
func Write(path string, data []byte, o Options) error {
	if err := Check(path, o); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: directory %s does not exist", path, dir)
		}
		return fmt.Errorf("%s: %v", path, pathErrText(err))
	} else if !fi.IsDir() {
		return fmt.Errorf("%s: %s is not a directory", path, dir)
	}
	tmp, err := writeTemp(dir, filepath.Base(path), data, perm(o, 0))
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, pathErrText(err))
	}
	defer os.Remove(tmp) // no-op after a successful rename
	return place(tmp, path, o)
}

// WriteFiles writes files into dir, creating dir if needed: every target is checked first
// (so a refused run writes nothing), every file goes to a temporary file, and only when
// all are written are they moved into place. It returns the paths written, sorted by name.
func WriteFiles(dir string, files []File, o Options) ([]string, error) {
	files = append([]File(nil), files...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	paths := make([]string, len(files))
	for i, f := range files {
		if f.Name == "" || strings.ContainsAny(f.Name, `/\`) || f.Name == "." || f.Name == ".." {
			return nil, fmt.Errorf("cannot write %q into %s: not a plain file name", f.Name, dir)
		}
		paths[i] = filepath.Join(dir, f.Name)
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s is a file; expected a directory", dir)
	}
	for _, p := range paths {
		if err := Check(p, o); err != nil {
			return nil, err
		}
	}
	created, err := MkdirAll(dir)
	if err != nil {
		return nil, err
	}
	var temps, placed []string
	ok := false
	defer func() {
		for _, t := range temps {
			os.Remove(t) // no-op for the ones moved into place
		}
		if !ok {
			// A failure halfway removes the new files this call placed (never one it
			// replaced: that one is gone either way) and the directories it created.
			for _, p := range placed {
				os.Remove(p)
			}
			RemoveCreated(created)
		}
	}()
	for i, f := range files {
		t, err := writeTemp(dir, f.Name, f.Data, perm(o, f.Mode))
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %v", paths[i], pathErrText(err))
		}
		temps = append(temps, t)
	}
	for i, p := range paths {
		_, lerr := os.Lstat(p)
		if err := place(temps[i], p, o); err != nil {
			return nil, err
		}
		if errors.Is(lerr, fs.ErrNotExist) {
			placed = append(placed, p)
		}
	}
	ok = true
	return paths, nil
}

// Check says whether path may be written under o: not a directory, not an input, and
// not existing unless Force. Commands call it before slow work (AWS calls) so that a
// refusal comes first.
func Check(path string, o Options) error {
	fi, err := os.Lstat(path)
	if err != nil {
		// Nothing there (or a parent that is not a directory, which the write reports).
		return nil
	}
	target, err := os.Stat(path)
	if err == nil && target.IsDir() {
		return fmt.Errorf("%s is a directory; expected a file", path)
	}
	if err == nil {
		in := sameAsInput(target, o.Inputs)
		for _, fi := range o.InputInfos {
			if in == "" && fi != nil && os.SameFile(fi, target) {
				in = "standard input"
			}
		}
		if in != "" {
			how := ""
			if in == "standard input" {
				how = " (it is standard input)"
			} else if filepath.Clean(in) != filepath.Clean(path) {
				how = " (" + in + ")"
			}
			return fmt.Errorf("%s %w%s; not writing onto it, even with --force", path, ErrInput, how)
		}
	}
	if !o.Force {
		what := "already exists"
		if fi.Mode()&fs.ModeSymlink != 0 && err != nil {
			what = "already exists (a dangling symbolic link)"
		}
		return existsError(fmt.Sprintf("%s %s; not overwriting it (give --force to replace it)", path, what))
	}
	return nil
}

// sameAsInput returns the input that is the same file as target, or "".
func sameAsInput(target fs.FileInfo, inputs []string) string {
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		fi, err := os.Stat(in)
		if err == nil && os.SameFile(fi, target) {
			return in
		}
	}
	return ""
}

// InputFilesUnder lists the regular files under dir (recursively) whose names end in one
// of exts (any file when none): the files a reader of that directory may have read.
func InputFilesUnder(dir string, exts ...string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if len(exts) == 0 {
			out = append(out, p)
			return nil
		}
		for _, e := range exts {
			if strings.EqualFold(filepath.Ext(p), e) {
				out = append(out, p)
				break
			}
		}
		return nil
	})
	return out
}

// MkdirAll creates dir and any missing parents, and returns the directories it created,
// deepest first (for RemoveCreated).
func MkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create directory %s: %v", dir, pathErrText(err))
	}
	return missing, nil
}

// RemoveCreated removes the directories MkdirAll created, if they are still empty.
func RemoveCreated(dirs []string) {
	for _, d := range dirs {
		os.Remove(d) // fails, harmlessly, on a directory that is not empty
	}
}

func perm(o Options, m fs.FileMode) fs.FileMode {
	if m != 0 {
		return m
	}
	if o.Perm != 0 {
		return o.Perm
	}
	return 0o644
}

// writeTemp writes data to a new temporary file in dir and returns its name.
func writeTemp(dir, base string, data []byte, mode fs.FileMode) (string, error) {
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	err = tmp.Chmod(mode)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// place moves the temporary file tmp to path: with Force a rename (which replaces an
// existing file atomically); without, a hard link, which fails if path exists, then the
// removal of tmp. Where hard links are not supported it checks and renames.
func place(tmp, path string, o Options) error {
	if !o.Force {
		err := os.Link(tmp, path)
		if err == nil {
			os.Remove(tmp)
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return existsError(path + " already exists; not overwriting it (give --force to replace it)")
		}
		if _, lerr := os.Lstat(path); lerr == nil {
			return existsError(path + " already exists; not overwriting it (give --force to replace it)")
		}
	} else if err := Check(path, o); err != nil {
		return err // an input that appeared since the first check
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, pathErrText(err))
	}
	return nil
}

// pathErrText is the reason of a *PathError or *LinkError without the path it repeats.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}
