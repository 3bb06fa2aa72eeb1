// Package inputfile opens what a user gives mwaanet to read (a template, a plan, a spec, a
// snapshot file, a requirements file, an icon) so that no input can hang it or exhaust its
// memory: the path must name a regular file (a link to one is fine; a FIFO, a device such
// as /dev/zero, a socket or a directory is refused by name), and reading stops at a size
// limit for that kind of input with an error naming the file and the limit. It never
// returns the contents of a refused file in an error.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Limits per kind of input. A command's --max-input-size flag may raise them.
const (
	// MaxDocument bounds templates, plans, specs and snapshot files.
	MaxDocument int64 = 256 << 20
	// MaxRequirements bounds requirements/constraints files and wheel METADATA.
	MaxRequirements int64 = 16 << 20
	// MaxIcon bounds one icon file of diagram --icons.
	MaxIcon int64 = 16 << 20
)

// TooLargeError says that an input is over its limit.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than the %s limit for this kind of input; raise it with --max-input-size if the file is really this large", e.Path, FormatSize(e.Limit))
}

// NotRegularError says that a path names something other than a regular file.
type NotRegularError struct {
	Path string
	What string // "a directory", "a named pipe (FIFO)", "a device", ...
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: is %s, not a regular file", e.Path, e.What)
}

// Check reports an error unless path names a regular file (following symbolic links).
func Check(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if w := kind(fi.Mode()); w != "" {
		return nil, &NotRegularError{Path: path, What: w}
	}
	return fi, nil
}

// Read reads the regular file at path, refusing it if it is larger than limit bytes.
// The check happens before reading, and reading stops at limit+1 bytes in any case (a
// file that grows while it is read, or a /proc file whose size reads as 0).
func Read(path string, limit int64) ([]byte, error) {
	// Stat before opening: opening a FIFO for reading blocks until a writer comes.
	if _, err := Check(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat() // the file opened, not whatever the path names by now
	if err != nil {
		return nil, err
	}
	if w := kind(fi.Mode()); w != "" {
		return nil, &NotRegularError{Path: path, What: w}
	}
	if fi.Size() > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return readLimited(f, path, limit, fi.Size())
}

// ReadFrom reads r (standard input) up to limit bytes; name is what errors call it.
func ReadFrom(r io.Reader, name string, limit int64) ([]byte, error) {
	return readLimited(r, name, limit, 0)
}

func readLimited(r io.Reader, name string, limit, hint int64) ([]byte, error) {
	// A regular file's size (hint, already checked against limit) sizes the buffer
	// exactly, so a 200 MB template is one 200 MB allocation rather than a doubling
	// series ending at 256 MB; without a size (standard input, /proc) it grows from 64 KiB.
	size := hint + 1
	if hint <= 0 {
		size = 64 << 10
	}
	buf := make([]byte, 0, min(size, limit+1))
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(buf)) > limit {
		return nil, &TooLargeError{Path: name, Limit: limit}
	}
	noteRead(int64(len(buf)))
	return buf, nil
}

// AsInputError turns the errors of this package and of the file system into a
// *model.InputError on file path (exit 2); other errors are returned as they are.
func AsInputError(path string, err error) error {
	var tl *TooLargeError
	var nr *NotRegularError
	switch {
	case errors.As(err, &tl):
		return &model.InputError{Source: model.Source{File: path}, Message: fmt.Sprintf("larger than the %s limit for this kind of input; raise it with --max-input-size if the file is really this large", FormatSize(tl.Limit))}
	case errors.As(err, &nr):
		return &model.InputError{Source: model.Source{File: path}, Message: fmt.Sprintf("is %s, not a regular file", nr.What)}
	case errors.Is(err, fs.ErrNotExist):
		return &model.InputError{Source: model.Source{File: path}, Message: "no such file"}
	case errors.Is(err, fs.ErrPermission):
		return &model.InputError{Source: model.Source{File: path}, Message: "permission denied"}
	}
	return err
}

// FormatSize renders a byte count the way limits are spoken of: "256 MiB".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// readHook is told the size of each input read (see OnRead).
var readHook struct {
	sync.Mutex
	f func(n int64)
}

// OnRead sets f to be called after each successful Read or ReadFrom with the number of
// bytes read (nil: no one). The command line uses it to size the process's memory budget
// to its inputs (cli.installMemoryBudget).
func OnRead(f func(n int64)) {
	readHook.Lock()
	defer readHook.Unlock()
	readHook.f = f
}

func noteRead(n int64) {
	readHook.Lock()
	defer readHook.Unlock()
	if readHook.f != nil {
		readHook.f(n)
	}
}
