package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/breachlab/eventstudy/study"
)

// stdin is what "-" reads (tests replace it).
var stdin io.Reader = os.Stdin

// spoolPipes copies every input that is not a regular file or a directory
// (standard input as "-", /dev/stdin, a shell's <(zcat prices.csv.gz), a
// named pipe) into a private temporary directory before the study reads
// it, and points the study at the copy. The readers open a file more than
// once (the format sniff, the parallel chunk reads, the SHA-256 for the
// manifest), and a pipe gives its bytes only once: read in place, the
// sniff's bytes went missing from the header and the manifest hashed an
// empty stream. The copy keeps the pipe's base name (a per-ticker file's
// symbol comes from it), and DisplayName gives back the name the user
// typed, so the manifest, the warnings and the errors say "-" or
// "/dev/fd/63" (errors through spooledNames.rename). cleanup removes the
// copies.
func spoolPipes(st *study.Study) (names spooledNames, cleanup func(), err error) {
	paths := append([]*string{&st.Events, &st.Prices, &st.Market, &st.PeersFile, &st.SharesFile, &st.Volume, &st.BHARReference}, ptrs(st.Factors)...)
	var tmp string
	cleanup = func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	names = spooledNames{} // copy → the name given
	stdinUsed := false
	for _, p := range paths {
		if !isPipe(*p) {
			continue
		}
		if *p == study.StdinPath {
			if stdinUsed {
				cleanup()
				return nil, nil, usageError{"two inputs read standard input (-), which can be read once; give one of them as a file"}
			}
			stdinUsed = true
		} else if copied, ok := spooledAs(names, *p); ok {
			*p = copied // a named pipe given twice (--market as --prices): read once
			continue
		}
		if tmp == "" {
			if tmp, err = os.MkdirTemp("", "eventstudy-input-"); err != nil {
				return nil, nil, fmt.Errorf("reading %s: %w", *p, err)
			}
		}
		copied, err := spool(*p, filepath.Join(tmp, fmt.Sprint(len(names))))
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		names[copied] = *p
		*p = copied
	}
	if len(names) == 0 {
		return nil, cleanup, nil
	}
	st.DisplayName = chainNames(names.given, st.DisplayName)
	return names, cleanup, nil
}

// spooledNames maps the copies spoolPipes made to the names given.
type spooledNames map[string]string

// given is the name given for p if p is a copy, else p.
func (n spooledNames) given(p string) string {
	if g, ok := n[p]; ok {
		return g
	}
	return p
}

// renamedError is an error whose text names the inputs as given.
type renamedError struct {
	msg string
	err error
}

func (e renamedError) Error() string { return e.msg }
func (e renamedError) Unwrap() error { return e.err }

// rename returns err with every copy's path replaced by the name given
// (the loaders' file:line errors name the file they read).
func (n spooledNames) rename(err error) error {
	if err == nil || len(n) == 0 {
		return err
	}
	msg := err.Error()
	for copied, given := range n {
		msg = strings.ReplaceAll(msg, copied, given)
	}
	return renamedError{msg, err}
}

// isPipe reports whether p names standard input or a file that is neither
// regular nor a directory (a pipe, a character device); a name that is not
// a file (a ticker, "auto") is not.
func isPipe(p string) bool {
	if p == study.StdinPath {
		return true
	}
	if p == "" {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && !fi.Mode().IsRegular() && !fi.IsDir()
}

// spooledAs is the copy already made of the pipe p.
func spooledAs(names spooledNames, p string) (string, bool) {
	for copied, given := range names {
		if given == p {
			return copied, true
		}
	}
	return "", false
}

// spool copies the pipe p into a new file in dir (a directory of its own,
// so the copy keeps p's base name) and returns the copy's path.
func spool(p, dir string) (string, error) {
	base := filepath.Base(p)
	src := stdin
	if p == study.StdinPath {
		base = "stdin"
	} else {
		f, err := os.Open(p)
		if err != nil {
			return "", err
		}
		defer f.Close()
		src = f
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return "", fmt.Errorf("reading %s: %w", p, err)
	}
	dst := filepath.Join(dir, base)
	out, err := os.Create(dst)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", p, err)
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return "", fmt.Errorf("reading %s: %w; give the data as a file", p, err)
	}
	if err := out.Close(); err != nil {
		return "", fmt.Errorf("reading %s: copying to %s: %w; free space there or set TMPDIR", p, dst, err)
	}
	return dst, nil
}
