// Package browser runs headless Chromium for tests that look at what we draw (diagram
// SVGs, draw.io files, the HTML report). One place sets the flags every run needs and
// survives what a busy CI machine does to a browser.
//
// Debian's /usr/bin/chromium is a shell wrapper whose /dev/shm test breaks when findmnt
// prints more than one line (it does in containers), so it never adds
// --disable-dev-shm-usage; under load the renderer then crashes (SIGSEGV/SIGBUS) while
// the SVG is fine. Run passes that flag itself, and when the browser dies from a signal
// (a crash, not an answer about the page) it tries again, at most Attempts times, and
// logs each crash so a flaky machine stays visible.
package browser

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Attempts is how many times Run starts the browser when it crashes.
const Attempts = 3

// Path finds a Chromium or Chrome binary, or "" (Debian: apt-get install chromium).
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Flags are the flags of every run: headless, no sandbox (containers have no user
// namespaces), no GPU, shared memory in /tmp, and no network of its own.
func Flags(profile string) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-quic", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile}
}

// Run starts bin with Flags and args, within timeout per attempt, and returns its stdout
// and stderr. A crash is retried; any other failure ends the test.
func Run(t testing.TB, bin string, timeout time.Duration, args ...string) (stdout, stderr []byte) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		cmd := exec.CommandContext(ctx, bin, append(Flags(t.TempDir()), args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		timedOut := ctx.Err() != nil
		cancel()
		if err == nil {
			return out.Bytes(), errb.Bytes()
		}
		if crashed(err) && !timedOut && attempt < Attempts {
			t.Logf("chromium crashed (%v) on attempt %d of %d; starting it again", err, attempt, Attempts)
			continue
		}
		t.Fatalf("chromium: %v (attempt %d of %d)\n%s", err, attempt, Attempts, tail(errb.Bytes(), 4000))
		return nil, nil
	}
}

// crashed reports whether the browser died from a signal it did not ask for.
func crashed(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok {
		return false
	}
	if ws.Signaled() {
		switch ws.Signal() {
		case syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGABRT, syscall.SIGTRAP, syscall.SIGILL:
			return true
		}
	}
	// The wrapper script reports the browser's signal as 128+n.
	switch ws.ExitStatus() {
	case 128 + int(syscall.SIGSEGV), 128 + int(syscall.SIGBUS), 128 + int(syscall.SIGABRT), 128 + int(syscall.SIGTRAP):
		return true
	}
	return false
}

// tail keeps the end of a long stderr: the cause is at the end.
func tail(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return append([]byte("…"), b[len(b)-n:]...)
}
