//go:build linux

package deps

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// Hostile inputs, one row per way an input once hung deps check, grew its memory without
// end or leaked another file into an error (issue 11). Each row runs the whole check as
// the command does (files read from disk through ReadRequirementsFile) and asserts the
// error's excerpt, that the error stays short, and bounds on time and on bytes allocated
// that are generous for a loaded 2-core machine yet far below what the old quadratic or
// unbounded code needed (minutes, gigabytes). The sizes are those of the reports; the
// benchmarks in hostile_bench_test.go show the time is proportional to the size.

const (
	hostileTimeBound  = 30 * time.Second
	hostileAllocBound = 1 << 30 // bytes allocated in all by one row
)

func TestHostileInputs(t *testing.T) {
	type row struct {
		name string
		// setup writes the inputs into dir and returns the requirements path and the
		// plugins.zip bytes (nil for none).
		setup func(t *testing.T, dir string) (string, []byte)
		// want is a part of the error ("" when the input must be accepted).
		want string
		// forbidden must not be in the error.
		forbidden []string
	}
	reqHeader := "--no-index\n--find-links /usr/local/airflow/plugins\n"
	write := func(t *testing.T, dir, name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var environ []string
	for _, kv := range os.Environ() {
		if i := strings.IndexByte(kv, '='); i > 0 && len(kv)-i > 12 {
			environ = append(environ, kv[i+1:])
		}
	}
	rows := []row{
		{name: "wheel METADATA with 400,000 continuation lines",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+"bomb\n"), metadataContinuationZip(t, 400_000)
			}},
		{name: "wheel METADATA over 16 MiB",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+"bomb\n"), metadataContinuationZip(t, 6_000_000)
			},
			want: "METADATA: larger than the 16 MiB limit"},
		{name: "diamond of -r includes, 50 files × 10 levels",
			setup: func(t *testing.T, dir string) (string, []byte) {
				top := writeDiamond(t, dir, 50, 10)
				files := map[string][]byte{}
				for i := 0; i < 50; i++ {
					n := fmt.Sprintf("pkg%d-1.0-py3-none-any.whl", i)
					files[n] = wheelFileB(t, n, synthMetadata(fmt.Sprintf("pkg%d", i), "1.0"))
				}
				return top, zipBytes(t, files)
			}},
		{name: "15 MiB of backslash continuation lines",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+string(continuationLines(15<<20))), zipBytes(t, map[string][]byte{
					"six-1.16.0-py2.py3-none-any.whl": wheelFileB(t, "six-1.16.0-py2.py3-none-any.whl", synthMetadata("six", "1.16.0")),
				})
			}},
		{name: "20 MB of backslash continuation lines",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+string(continuationLines(20<<20))), nil
			},
			want: "requirements.txt: larger than the 16 MiB limit for this kind of input"},
		{name: "20 MB of backslash continuation lines in an included file",
			setup: func(t *testing.T, dir string) (string, []byte) {
				write(t, dir, "big.txt", string(continuationLines(20<<20)))
				return write(t, dir, "requirements.txt", reqHeader+"-r big.txt\n"), nil
			},
			want: `requirements.txt:3: cannot read "big.txt": larger than the 16 MiB limit for requirements files`},
		{name: "-r /dev/zero",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+"-r /dev/zero\n"), nil
			},
			want: `requirements.txt:3: cannot read "/dev/zero": it is a kernel pseudo-file, which is never read`},
		{name: "-c to a link to /dev/zero",
			setup: func(t *testing.T, dir string) (string, []byte) {
				if err := os.Symlink("/dev/zero", filepath.Join(dir, "constraints.txt")); err != nil {
					t.Fatal(err)
				}
				return write(t, dir, "requirements.txt", reqHeader+"-c constraints.txt\n"), nil
			},
			want: `requirements.txt:3: cannot read "constraints.txt": it links to "/dev/zero", a kernel pseudo-file, which is never read`},
		{name: "the requirements file itself is a link to /dev/zero",
			setup: func(t *testing.T, dir string) (string, []byte) {
				p := filepath.Join(dir, "requirements.txt")
				if err := os.Symlink("/dev/zero", p); err != nil {
					t.Fatal(err)
				}
				return p, nil
			},
			want: `links to /dev/zero, a kernel pseudo-file`},
		{name: "-r /proc/self/environ",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+"-r /proc/self/environ\n"), nil
			},
			want:      `requirements.txt:3: cannot read "/proc/self/environ": it is a kernel pseudo-file, which is never read`,
			forbidden: environ},
		{name: "-r a copy of an environment (NUL-separated)",
			setup: func(t *testing.T, dir string) (string, []byte) {
				write(t, dir, "env.txt", "AWS_ACCESS_KEY_ID=AKIAEXAMPLEEXAMPLE\x00AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\x00")
				return write(t, dir, "requirements.txt", reqHeader+"-r env.txt\n"), nil
			},
			want:      "env.txt:1: a NUL byte: this is not a text file, so not a requirements file",
			forbidden: []string{"AKIA", "wJalr"}},
		{name: "-r a FIFO",
			setup: func(t *testing.T, dir string) (string, []byte) {
				if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
					t.Skipf("cannot make a FIFO here: %v", err)
				}
				return write(t, dir, "requirements.txt", reqHeader+"-r fifo\n"), nil
			},
			want: `requirements.txt:3: cannot read "fifo": it is a named pipe (FIFO), not a regular file`},
		{name: "-r a directory",
			setup: func(t *testing.T, dir string) (string, []byte) {
				os.Mkdir(filepath.Join(dir, "sub"), 0o755)
				return write(t, dir, "requirements.txt", reqHeader+"-r sub\n"), nil
			},
			want: `cannot read "sub": it is a directory, not a regular file`},
		{name: "a 1 MB requirement line is quoted as an excerpt",
			setup: func(t *testing.T, dir string) (string, []byte) {
				return write(t, dir, "requirements.txt", reqHeader+"requests==SECRET"+strings.Repeat("x", 1<<20)+"\n"), nil
			},
			want:      `requirements.txt:3: "requests==SECRETxxxx`,
			forbidden: []string{strings.Repeat("x", 100)}},
		{name: "an error in an included file names that file, quoting only its line",
			setup: func(t *testing.T, dir string) (string, []byte) {
				write(t, dir, "inc.txt", "six\n--frobnicate "+strings.Repeat("y", 5000)+"\n")
				return write(t, dir, "requirements.txt", reqHeader+"-r inc.txt\n"), nil
			},
			want:      `inc.txt:2: unknown pip option "--frobnicate`,
			forbidden: []string{reqHeader, strings.Repeat("y", 100)}},
		{name: "a cycle of includes",
			setup: func(t *testing.T, dir string) (string, []byte) {
				write(t, dir, "a.txt", "-r b.txt\n")
				write(t, dir, "b.txt", "-r a.txt\n")
				return write(t, dir, "requirements.txt", reqHeader+"-r a.txt\n"), nil
			},
			want: `b.txt:1: "a.txt" includes a file that includes it`},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			reqPath, zipData := tc.setup(t, dir)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			err := runHostile(reqPath, zipData)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if elapsed > hostileTimeBound {
				t.Errorf("took %v, more than %v", elapsed, hostileTimeBound)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > hostileAllocBound {
				t.Errorf("allocated %d MiB, more than %d MiB", alloc>>20, hostileAllocBound>>20)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error containing %q, got none", tc.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			if n := utf8.RuneCountInString(msg); n > 400 {
				t.Errorf("error is %d characters long: %.200s…", n, msg)
			}
			for _, f := range tc.forbidden {
				if strings.Contains(msg, f) {
					t.Errorf("error %.300q quotes %.40q", msg, f)
				}
			}
		})
	}
}

// runHostile does what deps check does with the files: read them through the guards,
// read plugins.zip, check. A finding is no error here: only input errors are.
func runHostile(reqPath string, zipData []byte) error {
	data, err := ReadRequirementsFile(reqPath)
	if err != nil {
		return err
	}
	o := Options{RequirementsName: reqPath, RequirementsData: data, ReadLocal: ReadRequirementsFile}
	if zipData != nil {
		p, err := ReadPlugins("plugins.zip", bytes.NewReader(zipData), int64(len(zipData)))
		if err != nil {
			return err
		}
		o.Plugins = p
	}
	_, err = Check(o)
	return err
}
