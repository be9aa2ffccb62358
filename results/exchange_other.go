//go:build !linux

package results

import "errors"

// renameExchange is Linux-only; elsewhere Write uses two renames.
func renameExchange(a, b string) error {
	return errors.New("atomic directory exchange not supported")
}
