package cli

import (
	"runtime/debug"
	"testing"
)

func TestReadVersion(t *testing.T) {
	checkout := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.modified", Value: "true"}}}
	installed := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}
	for _, tc := range []struct {
		name            string
		bi              *debug.BuildInfo
		version, commit string
		want            versionInfo
	}{
		{"checkout", checkout, "", "", versionInfo{Version: "(devel)", Commit: "0123456789abcdef0123456789abcdef01234567", Modified: true}},
		{"go install @version", installed, "", "", versionInfo{Version: "v1.4.0"}},
		{"release build", checkout, "v2.0.0", "fedcba", versionInfo{Version: "v2.0.0", Commit: "fedcba"}},
		{"no build info", nil, "", "", versionInfo{Version: "(unknown)"}},
	} {
		if got := readVersion(tc.bi, tc.version, tc.commit); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
