package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// subcommand splits the arguments of `newswire group` into its subcommand
// and the rest. Help (-h, --help, help) prints usage and returns ok false
// with no error; no subcommand prints usage and returns an error.
func subcommand(group, usage string, args []string, stderr io.Writer) (cmd string, rest []string, ok bool, err error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return "", nil, false, errors.New(group + ": no command")
		}
		return "", nil, false, nil
	}
	return args[0], args[1:], true, nil
}

// natsFlags adds to fs the flags of every command that talks to the bus:
// -nats (default $NATS_URL, or the local server) and -nats-creds (default
// $NATS_CREDS).
func natsFlags(fs *flag.FlagSet) (url, creds *string) {
	url = fs.String("nats", envOr("NATS_URL", "nats://127.0.0.1:4222"), "NATS server URL")
	creds = fs.String("nats-creds", os.Getenv("NATS_CREDS"), "NATS .creds file")
	return url, creds
}
