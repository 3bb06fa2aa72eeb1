//go:build !unix

package tfconfig

import "time"

func usage() (time.Duration, float64) { return 0, 0 }
