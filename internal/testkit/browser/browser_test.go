package browser

import (
	"os/exec"
	"testing"
)

func TestCrashed(t *testing.T) {
	for _, c := range []struct {
		script string
		want   bool
	}{
		{"kill -SEGV $$", true},
		{"kill -BUS $$", true},
		{"exit 139", true},
		{"exit 1", false},
		{"kill -TERM $$", false},
	} {
		err := exec.Command("sh", "-c", c.script).Run()
		if got := crashed(err); got != c.want {
			t.Errorf("%s: crashed(%v) = %v, want %v", c.script, err, got, c.want)
		}
	}
	if crashed(nil) {
		t.Error("no error is not a crash")
	}
}
