package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/docverify/docverify/mrz"
)

// runMRZ checks MRZs given as arguments or, with --jsonl, read from stdin, and prints one JSON
// object per MRZ. Exit status: 0 valid, 1 invalid, 2 unreadable or a usage error; with --jsonl
// the worst status over all blocks.
func runMRZ(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "read" {
		return runMRZRead(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	repair := fs.Bool("repair", false, "repair OCR output (case, spaces, length, confusable characters) before checking")
	jsonl := fs.Bool("jsonl", false, "read MRZ blocks from stdin, one line per MRZ line, a blank line after each block; print one JSON object per block")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docverify mrz [--repair] LINE...\n       docverify mrz --jsonl [--repair] < blocks")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	check := mrz.Parse
	if *repair {
		check = mrz.Repair
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false) // keep the filler < readable
	emit := func(lines []string) (int, error) {
		d := check(lines)
		if err := enc.Encode(d); err != nil {
			return exitUnusable, err
		}
		return status(d), nil
	}

	if !*jsonl {
		if fs.NArg() == 0 {
			fs.Usage()
			return exitUnusable
		}
		code, err := emit(fs.Args())
		if err != nil {
			fmt.Fprintln(stderr, "docverify mrz:", err)
		}
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "docverify mrz: --jsonl reads stdin and takes no arguments")
		return exitUnusable
	}
	worst := exitOK
	var block []string
	flush := func() error {
		if len(block) == 0 {
			return nil
		}
		code, err := emit(block)
		block = block[:0]
		worst = max(worst, code)
		return err
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if err := flush(); err != nil {
				fmt.Fprintln(stderr, "docverify mrz:", err)
				return exitUnusable
			}
			continue
		}
		block = append(block, line)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "docverify mrz: reading stdin:", err)
		return exitUnusable
	}
	if err := flush(); err != nil {
		fmt.Fprintln(stderr, "docverify mrz:", err)
		return exitUnusable
	}
	return worst
}

// status maps a document to the exit status of the mrz command.
func status(d *mrz.Document) int {
	switch {
	case d.Format == mrz.FormatUnknown:
		return exitUnusable
	case d.Valid:
		return exitOK
	}
	return exitInvalid
}
