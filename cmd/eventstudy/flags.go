package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/study"
)

var errHelp = errors.New("help shown")

// listFlag is a repeatable list flag (--car, --factors, --covariates):
// the first use replaces the default, later uses add to it.
type listFlag struct {
	sep   string
	text  string // shown as the default in --help
	items []string
	set   bool
}

func (l *listFlag) String() string { return l.text }

func (l *listFlag) Set(v string) error {
	if !l.set {
		l.items, l.set = nil, true
	}
	// Accept "-1,1" and also "-1,1 0,1" in one value.
	if l.sep == " " {
		l.items = append(l.items, strings.Fields(v)...)
	} else {
		for _, f := range strings.Split(v, l.sep) {
			if f = strings.TrimSpace(f); f != "" {
				l.items = append(l.items, f)
			}
		}
	}
	l.text = strings.Join(l.items, l.sep)
	return nil
}

// textFlag is a flag whose text a setting parses after flag parsing
// (--estimation, --window).
type textFlag struct{ t *string }

func (v textFlag) String() string {
	if v.t == nil {
		return ""
	}
	return *v.t
}
func (v textFlag) Set(s string) error { *v.t = s; return nil }

// studyFlags binds the study settings (study.Settings, docs/design.md "CLI",
// docs/methodology.md section 12) to flags; resolve applies the flags given.
type studyFlags struct {
	st    study.Study
	fs    *flag.FlagSet
	quiet bool
	// read returns each setting's flag value as text (or list items);
	// by flag name, the short names included.
	read map[string]func() (string, []string)
	// spooled names the copies of the inputs read from pipes.
	spooled spooledNames
}

func newStudyFlags(fs *flag.FlagSet, withOut bool) *studyFlags {
	return newStudyFlagsFrom(fs, withOut, study.Default())
}

// newStudyFlagsFrom registers a flag for every setting with base's values
// as defaults (the study file's), so that only the flags given override it.
func newStudyFlagsFrom(fs *flag.FlagSet, withOut bool, base study.Study) *studyFlags {
	f := &studyFlags{st: base, fs: fs, read: map[string]func() (string, []string){}}
	for _, st := range study.Settings {
		if st.Output && !withOut {
			continue
		}
		f.bind(st, st.FlagName(), st.Help)
		if st.Short != "" {
			f.bind(st, st.Short, "shorthand for --"+st.FlagName())
		}
	}
	if withOut && f.st.Out == "" {
		f.st.Out = study.DefaultOut
	}
	fs.BoolVar(&f.quiet, "quiet", false, "print nothing but errors")
	return f
}

// bind registers setting st as flag name.
func (f *studyFlags) bind(st *study.Setting, name, help string) {
	def := st.Text(&f.st)
	switch st.Flag {
	case study.FlagInt:
		n, _ := strconv.Atoi(def)
		p := f.fs.Int(name, n, help)
		f.read[name] = func() (string, []string) { return strconv.Itoa(*p), nil }
	case study.FlagBool:
		b, _ := strconv.ParseBool(def)
		p := f.fs.Bool(name, b, help)
		f.read[name] = func() (string, []string) { return strconv.FormatBool(*p), nil }
	case study.FlagValue:
		if st.Repeat {
			l := &listFlag{sep: st.List, text: def}
			f.fs.Var(l, name, help)
			f.read[name] = func() (string, []string) { return l.text, l.items }
			return
		}
		p := &def
		f.fs.Var(textFlag{p}, name, help)
		f.read[name] = func() (string, []string) { return *p, nil }
	default:
		p := f.fs.String(name, def, help)
		f.read[name] = func() (string, []string) { return *p, nil }
	}
}

// resolve applies the flags given on the command line, in the order of
// study.Settings, and reports every bad value.
func (f *studyFlags) resolve() error {
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	var msgs []string
	for _, st := range study.Settings {
		for _, name := range []string{st.FlagName(), st.Short} {
			if !given[name] {
				continue
			}
			t, items := f.read[name]()
			var err error
			if st.Repeat {
				err = st.SetList(&f.st, items)
			} else {
				err = st.Set(&f.st, t)
			}
			if err != nil {
				msgs = append(msgs, study.FlagError(name, t, err))
			}
		}
	}
	if len(msgs) > 0 {
		return usageError{strings.Join(msgs, "\n")}
	}
	return nil
}

// parse parses flags that may be interleaved with positional arguments
// (`eventstudy run study.yaml --model ff3`).
// parseNoArgs parses the flags of a command that takes no positional
// argument.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	return nil
}

func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, usage, example string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: eventstudy %s\n\n", usage)
		if example != "" {
			fmt.Fprintf(out, "example:\n  %s\n\n", example)
		}
		fmt.Fprintln(out, "flags:")
		fs.PrintDefaults()
	}
	return fs
}

// studyArgs parses a study command line (flags, and at most one study file,
// study.yaml or a manifest.json, whose settings the given flags override)
// and makes demo: paths and pipes readable (spoolPipes); the caller defers
// the returned cleanup.
func studyArgs(name, usage, example string, withOut bool, args []string, stderr io.Writer) (*studyFlags, func(), error) {
	f, err := parseStudyArgs(name, usage, example, withOut, args, stderr)
	if err != nil {
		return nil, nil, err
	}
	cleanup, err := resolveDemoPaths(&f.st)
	if err != nil {
		return nil, nil, err
	}
	spooled, unspool, err := spoolPipes(&f.st)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	f.spooled = spooled
	return f, func() { unspool(); cleanup() }, nil
}

func parseStudyArgs(name, usage, example string, withOut bool, args []string, stderr io.Writer) (*studyFlags, error) {
	fs := newFlagSet(name, usage, example, stderr)
	f := newStudyFlags(fs, withOut)
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case len(pos) > 1:
		return nil, usageError{fmt.Sprintf("unexpected argument %q; give one study file", pos[1])}
	case len(pos) == 1:
		base, err := study.LoadFile(pos[0])
		if err != nil {
			return nil, err
		}
		// Parse again onto the file's settings: exactly the flags the user
		// gave override it, the rest keep the file's values.
		fs = newFlagSet(name, usage, example, stderr)
		f = newStudyFlagsFrom(fs, withOut, base)
		if _, err := parse(fs, args); err != nil {
			return nil, err
		}
	}
	if err := f.resolve(); err != nil {
		return nil, err
	}
	if f.st.Events == "" {
		return nil, usageError{"no events; pass --events FILE or a study file"}
	}
	return f, nil
}
