// Command mwaanet makes Amazon MWAA networking impossible to get wrong: it synthesizes the
// architecture, checks networks against the requirements and traces traffic hop by hop.
package main

import (
	"os"

	"github.com/mwaanet/mwaanet/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
