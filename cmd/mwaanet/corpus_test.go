package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// corpusDir is the shared corpus of real inputs written outside this project
// (/work/shared/corpus, see its README), relative to this package.
const corpusDir = "../../../shared/corpus"

// TestCorpusScripts runs the scenarios of testdata/corpus, which read the shared corpus in
// place through $CORPUS (its absolute path). They are skipped where the corpus is not there.
func TestCorpusScripts(t *testing.T) {
	corpus, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("the shared corpus is not here: %v", err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/corpus",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("CORPUS", corpus)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": exitsCmd,
		},
	})
}
