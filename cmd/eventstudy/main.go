// Command eventstudy runs event studies of security-breach disclosures:
// abnormal returns around each disclosure, the standard significance tests,
// tidy tables and an offline HTML report.
//
// This package is the command line only (flags, subcommands, exit codes);
// the statistics live in package analysis and its sub-packages.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// Exit codes (docs/design.md "CLI").
const (
	exitOK       = 0 // success
	exitExcluded = 1 // analysis ran, some events were excluded (results written)
	exitBadInput = 2 // bad input or usage; nothing written
)

func main() {
	stop := startProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError marks a mistake in the command line (exit 2, with usage hint).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

var commands = []struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) (int, error)
}{
	{"demo", "run the bundled T-Mobile 2021 study and comparison incidents", cmdDemo},
	{"run", "run a study from a study file, a manifest.json and/or flags", cmdRun},
	{"validate", "read and anchor everything, print the anchoring log and problems; write nothing", cmdValidate},
	{"report", "re-render report.html from a results directory", cmdReport},
	{"figures", "static figures (SVG, PDF, PNG at journal widths) of a results directory → DIR/figures", cmdFigures},
	{"grid", "robustness grid: models × anchoring rules × CAR windows → grid.csv, grid.md", cmdGrid},
	{"simulate", "Brown–Warner size and power table of every test (random pseudo-events)", cmdSimulate},
	{"init", "scaffold a study: commented study.yaml, events template, sample prices", cmdInit},
	{"version", "print the version", cmdVersion},
	{"events", "build an events file from SEC EDGAR 8-K cybersecurity filings (events edgar)", cmdEvents},
	{"fetch", "download and check Kenneth French's daily factor files (fetch factors)", cmdFetch},
}

func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// No panic reaches the user: report it as an internal error.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "eventstudy: internal error: %v\nplease report this with the command line and inputs\n%s", r, debug.Stack())
			code = exitBadInput
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
		if len(args) == 0 {
			return exitBadInput
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			code, err := c.run(args[1:], stdout, stderr)
			if err != nil {
				if errors.Is(err, errHelp) {
					return exitOK
				}
				fmt.Fprintf(stderr, "eventstudy %s: %v\n", c.name, err)
				var ue usageError
				if errors.As(err, &ue) {
					fmt.Fprintf(stderr, "run 'eventstudy %s --help' for usage\n", c.name)
				}
				return exitBadInput
			}
			return code
		}
	}
	fmt.Fprintf(stderr, "eventstudy: unknown command %q\n", args[0])
	printUsage(stderr)
	return exitBadInput
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: eventstudy <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "run 'eventstudy <command> --help' for the flags of a command")
}

func cmdVersion(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("version", "version", "eventstudy version", stderr)
	if err := parseNoArgs(fs, args); err != nil {
		return exitBadInput, err
	}
	fmt.Fprintln(stdout, versionString())
	return exitOK, nil
}

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version and VCS revision from the build info are used.
var version = ""

func versionString() string {
	v, rev, dirty := version, "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	out := "eventstudy " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		out += " (commit " + rev
		if dirty {
			out += ", modified"
		}
		out += ")"
	}
	return out
}
