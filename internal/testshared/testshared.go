// Package testshared finds the project's shared folder (requirements, corpus) for tests:
// it stands beside the repository (../shared from the repository root), in a developer's
// checkout and in CI's clone alike. Only tests import it.
package testshared

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the shared folder, or "" when it is not there.
func Dir() string {
	if d := os.Getenv("MWAANET_SHARED"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <repo>/internal/testshared/testshared.go.
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return filepath.Clean(d)
}

// Path returns the path of rel inside the shared folder, skipping t when the folder is
// not there.
func Path(t testing.TB, rel string) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skip("the shared folder (../shared beside the repository, or $MWAANET_SHARED) is not there")
	}
	return filepath.Join(d, rel)
}
