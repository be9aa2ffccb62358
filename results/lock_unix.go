//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package results

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes an exclusive advisory lock (flock) on dir for the duration
// of a Write into it. Every writer holds it, and the kernel releases it when
// its process dies, so a temp dir found while holding the lock belongs to a
// killed run. locked is false when the file system does not support flock.
func lockDir(dir string) (unlock func(), locked bool) {
	f, err := os.Open(dir)
	if err != nil {
		return func() {}, false
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return func() {}, false
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, true
}
