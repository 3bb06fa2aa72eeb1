package deps

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// pseudoRoots are the directories of kernel pseudo-files: /proc/self/environ is a
// "regular" file there whose contents are the process's secrets, and /dev and /sys hold
// devices and endless files. No requirements file lives there, so they are refused by
// name before anything is read.
var pseudoRoots = []string{"/proc", "/sys", "/dev"}

// PseudoFileError says that a path (or the file a link points to) is a kernel
// pseudo-file, which is never read.
type PseudoFileError struct{ Path, Target string }

func (e *PseudoFileError) Error() string {
	if e.Target != "" && e.Target != e.Path {
		return fmt.Sprintf("%s: links to %s, a kernel pseudo-file, not a requirements file", e.Path, e.Target)
	}
	return fmt.Sprintf("%s: is a kernel pseudo-file, not a requirements file", e.Path)
}

// ReadRequirementsFile reads a requirements, constraints or pip freeze file on this
// machine as mwaanet reads every input: a regular file only (a FIFO, a device, a
// directory is refused by name without being opened for reading), at most
// inputfile.MaxRequirements bytes, and never a file under /proc, /sys or /dev, even
// through a symbolic link.
func ReadRequirementsFile(path string) ([]byte, error) {
	if err := checkNotPseudo(path); err != nil {
		return nil, err
	}
	return inputfile.Read(path, inputfile.MaxRequirements)
}

func checkNotPseudo(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	for _, p := range []string{abs, resolved(abs)} {
		if p == "" {
			continue
		}
		for _, root := range pseudoRoots {
			if p == root || strings.HasPrefix(p, root+"/") {
				return &PseudoFileError{Path: path, Target: p}
			}
		}
	}
	return nil
}

// resolved is abs with its symbolic links followed ("" when that fails: the read that
// follows then reports the error).
func resolved(abs string) string {
	r, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return ""
	}
	return r
}

// readErrText is the reason a file could not be read, in words, without its path (the
// message names it already) and never with any of its contents.
// ReadErrorText is readErrText for callers outside the package.
func ReadErrorText(err error) string { return readErrText(err) }

func readErrText(err error) string {
	var tl *inputfile.TooLargeError
	var nr *inputfile.NotRegularError
	var pf *PseudoFileError
	switch {
	case errors.As(err, &tl):
		return fmt.Sprintf("larger than the %s limit for requirements files", inputfile.FormatSize(tl.Limit))
	case errors.As(err, &nr):
		return fmt.Sprintf("it is %s, not a regular file", nr.What)
	case errors.As(err, &pf):
		if pf.Target != "" && pf.Target != pf.Path {
			return fmt.Sprintf("it links to %s, a kernel pseudo-file, which is never read", quote(pf.Target))
		}
		return "it is a kernel pseudo-file, which is never read"
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// readZipEntry reads one file of a zip archive, refusing it when it is (or inflates to)
// more than limit bytes.
func readZipEntry(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("larger than the %s limit", inputfile.FormatSize(limit))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than the %s limit", inputfile.FormatSize(limit))
	}
	return data, nil
}
