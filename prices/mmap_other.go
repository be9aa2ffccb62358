//go:build !linux

package prices

import "os"

// mapFile reads the file (no mmap on this platform).
func mapFile(f *os.File) (fileData, error) { return readAll(f) }

func (d fileData) unmap()          {}
func (d fileData) drop(lo, hi int) {}
