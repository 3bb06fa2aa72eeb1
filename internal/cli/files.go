package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// writeFileAtomic writes data to path through a temporary file in the same directory and
// a rename, so that a reader never sees a half-written file. Without overwrite an existing
// file is an error. Errors name path as the user gave it, never the temporary file.
func writeFileAtomic(path string, data []byte, perm os.FileMode, overwrite bool) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("%s is a directory; expected a file", path)
		}
		if !overwrite {
			return fmt.Errorf("%s already exists; not overwriting it", path)
		}
	} else if _, lerr := os.Lstat(path); lerr == nil && !overwrite {
		return fmt.Errorf("%s already exists; not overwriting it", path) // a dangling symlink
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: directory %s does not exist", path, dir)
		}
		return fmt.Errorf("%s: %v", path, errText(err))
	} else if !fi.IsDir() {
		return fmt.Errorf("%s: %s is not a directory", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, errText(err))
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	fail := func(err error) error {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, errText(err))
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, errText(err))
	}
	if err := os.Rename(name, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return nil
}

// writeFilesAtomic writes files (name -> contents) into dir: every file goes to a
// temporary file first, and only when all are written are they renamed into place, so
// that a failure (disk full, a name that is a directory) leaves the old set of files
// whole rather than half old and half new. It returns the paths written, sorted.
func writeFilesAtomic(dir string, files map[string][]byte, perm os.FileMode) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t) // no-op for the ones renamed
		}
	}()
	paths := make([]string, len(names))
	for i, n := range names {
		p := filepath.Join(dir, n)
		paths[i] = p
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory; expected a file", p)
		}
		tmp, err := os.CreateTemp(dir, "."+n+".tmp-*")
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %v", p, errText(err))
		}
		temps = append(temps, tmp.Name())
		_, err = tmp.Write(files[n])
		if err == nil {
			err = tmp.Chmod(perm)
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %v", p, errText(err))
		}
	}
	for i, p := range paths {
		if err := os.Rename(temps[i], p); err != nil {
			var le *os.LinkError
			if errors.As(err, &le) {
				err = le.Err
			}
			return nil, fmt.Errorf("cannot write %s: %v", p, err)
		}
	}
	return paths, nil
}
