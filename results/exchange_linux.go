package results

import "golang.org/x/sys/unix"

// renameExchange swaps two directories in one step (Linux 3.15+,
// renameat2 RENAME_EXCHANGE); file systems without it return an error and
// Write falls back to two renames.
func renameExchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
