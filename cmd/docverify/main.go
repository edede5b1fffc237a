// Command docverify checks travel documents for forgery.
//
// What it does: reads and validates machine readable zones (ICAO Doc 9303), and reports the
// versions of the native libraries it runs on. Further subcommands (check, serve, bench, …)
// join as the engine grows.
//
// How to run:
//
//	docverify mrz 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'
//	docverify mrz --repair 'p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<' 'L898902C36UT07408122F12O4159ZE184226B<<<<<10'
//	printf '%s\n%s\n\n' LINE1 LINE2 | docverify mrz --jsonl
//	docverify version
package main

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// Exit statuses shared by the subcommands.
const (
	exitOK       = 0 // done; for mrz: the MRZ is valid
	exitInvalid  = 1 // for mrz: the MRZ was read but is invalid
	exitUnusable = 2 // unreadable input or a usage error
)

const usage = `docverify: travel-document forgery detection

usage:
  docverify mrz [--repair] LINE...        check one MRZ given as its lines
  docverify mrz --jsonl [--repair]        check MRZ blocks read from stdin (a blank line ends a block)
  docverify mrz read [--ir FILE] IMAGE... read the MRZ of document images, one JSON object per image
  docverify check [--ir F] [--uv F] [--overlay OUT.png] IMAGE
                                          check a document for forgery, print a JSON report
  docverify check --jsonl --samples DIR   check every sample of a manifest, one report per line
  docverify calibrate --samples DIR        fit the risk model on a labelled sample set
  docverify specimen list|show ID          the specimen library
  docverify specimen add --image F --spec F --specimens DIR
                                          add a model from a scan of a genuine document
  docverify samples generate --out DIR --seed N --count N [--captures ...] [--attacks ...] [--genuine-share 0.4]
                                          write a labelled sample set of genuine and forged documents
  docverify samples sheet --samples DIR --out sheet.png
                                          a contact sheet of a sample set
  docverify bench [--samples DIR | --generate N --seed S] [--workers N] [--url URL --api-key KEY]
                  --out DIR [--compare OLD/metrics.json]
                                          benchmark a labelled set: metrics.json, samples.csv, report.html
  docverify serve [--addr 127.0.0.1:8080] [--data DIR] [--workers N] [--require-keys] ...
                                          the service: kiosk API, officers' web page, audit log
  docverify keys create --name NAME --role kiosk|officer|trainer | list | revoke ID
                                          API keys (the key is printed once; the store keeps its hash)
  docverify version                       versions of docverify's native libraries

Run "docverify COMMAND --help" for a command's flags.
`

func main() {
	ensureThreadLimit()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUnusable
	}
	switch args[0] {
	case "mrz":
		return runMRZ(args[1:], stdin, stdout, stderr)
	case "version":
		return runVersion(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "calibrate":
		return runCalibrate(args[1:], stdout, stderr)
	case "specimen":
		return runSpecimen(args[1:], stdout, stderr)
	case "samples":
		return runSamples(args[1:], stdout, stderr)
	case "bench":
		return runBench(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "keys":
		return runKeys(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "docverify: unknown command %q\n\n%s", args[0], usage)
	return exitUnusable
}

// ensureThreadLimit re-executes the program once with OMP_THREAD_LIMIT=1 when the variable is
// not set. Tesseract's OpenMP threads make each OCR call about 6× slower on this workload, and
// the limit is read when the library loads: setting it from Go at run time is too late.
func ensureThreadLimit() {
	if os.Getenv("OMP_THREAD_LIMIT") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return // run on, slower, rather than not at all
	}
	env := append(os.Environ(), "OMP_THREAD_LIMIT=1")
	_ = syscall.Exec(exe, os.Args, env) // returns only on failure
}
