package inputfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadRegular(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.yaml")
	os.WriteFile(p, []byte("hello"), 0o644)
	b, err := Read(p, 10)
	if err != nil || string(b) != "hello" {
		t.Fatalf("Read = %q, %v", b, err)
	}
	if _, err := Read(p, 4); err == nil || !strings.Contains(err.Error(), "larger than the 4 bytes limit") {
		t.Fatalf("over the limit: %v", err)
	}
	if b, err := Read(p, 5); err != nil || len(b) != 5 {
		t.Fatalf("exactly the limit: %q %v", b, err)
	}
}

// A link to /dev/zero would grow memory without end; a FIFO would block forever.
func TestRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct{ path, want string }{
		{zero, "is a device, not a regular file"},
		{dir, "is a directory, not a regular file"},
	} {
		_, err := Read(tc.path, MaxDocument)
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	// Opening a FIFO for reading blocks until a writer comes: Check must say no first.
	done := make(chan error, 1)
	go func() { _, err := Check(fifo); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("Check(fifo) = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Check(fifo) hung")
	}
	if ie := AsInputError(zero, &NotRegularError{Path: zero, What: "a device"}); !strings.Contains(ie.Error(), zero+": is a device") {
		t.Errorf("AsInputError = %v", ie)
	}
}

func TestReadFromStopsAtLimit(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if _, err := ReadFrom(f, "standard input", 1<<20); err == nil || !strings.Contains(err.Error(), "standard input: larger than the 1 MiB limit") {
		t.Fatalf("ReadFrom(/dev/zero) = %v", err)
	}
}

func TestReadFIFODoesNotHang(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "plan.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Read(fifo, MaxDocument); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe (FIFO), not a regular file") {
			t.Errorf("Read(fifo) = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Read(fifo) hung")
	}
}
