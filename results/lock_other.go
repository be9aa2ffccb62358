//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package results

// lockDir is a no-op where flock is not available; Write then removes
// only temp dirs older than staleAge.
func lockDir(dir string) (unlock func(), locked bool) {
	return func() {}, false
}
