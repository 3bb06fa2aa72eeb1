package cli

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/mwaanet/mwaanet/internal/ingest/live"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// collectTemp collects a live snapshot (lo names the environment or VPC) into a new
// temporary directory, with a progress line on a terminal, and returns the directory and
// the function that removes it. what names the snapshot in errors.
func collectTemp(ctx context.Context, app *App, loadConfig func(context.Context, string, string) (aws.Config, error),
	region, profile string, lo live.Options, what string) (string, func(), error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := loadConfig(ctx, region, profile)
	if err != nil {
		return "", nil, &ExitError{Code: ExitInput, Err: err}
	}
	dir, err := os.MkdirTemp("", "mwaanet-snapshot-*")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	lo.Dir, lo.Log = dir, app.Err
	if app.IsTerminal != nil && app.IsTerminal(app.Err) {
		lo.Progress = app.Err
	}
	if err := live.Collect(ctx, cfg, lo); err != nil {
		cleanup()
		return "", nil, &ExitError{Code: ExitInput, Err: safeError{textsafe.EscapeMultiline(what + ": " + err.Error()), err}}
	}
	return dir, cleanup, nil
}
