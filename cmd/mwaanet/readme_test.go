package main

import (
	"os"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/live"
)

// The README's copy of the snapshot script and IAM policy must be what the tool prints
// (mwaanet snapshot --print-script / --print-policy), so they never drift apart.
func TestREADMEShowsTheSnapshotScriptAndPolicy(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	if !strings.Contains(readme, strings.TrimSpace(live.Script)) {
		t.Error("README.md does not contain the current snapshot script (mwaanet snapshot --print-script)")
	}
	if !strings.Contains(readme, strings.TrimSpace(live.IAMPolicy("us-east-1"))) {
		t.Error("README.md does not contain the current IAM policy (mwaanet snapshot --print-policy)")
	}
}
