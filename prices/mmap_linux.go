package prices

import (
	"os"
	"syscall"
)

// mapFile maps a regular file read-only, so a large price file is read
// without a heap copy (Linux only, where madvise lets drop release pages;
// elsewhere mmap_other.go reads). The caller must call unmap when no slice of the
// data is referenced any more. Files that cannot be mapped (pipes, empty
// files, file systems without mmap) are read instead.
func mapFile(f *os.File) (fileData, error) {
	fi, err := f.Stat()
	if err != nil {
		return fileData{}, err
	}
	size := fi.Size()
	if !fi.Mode().IsRegular() || size <= 0 || size != int64(int(size)) {
		return readAll(f)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readAll(f)
	}
	return fileData{b: b, mapped: true}, nil
}

func (d fileData) unmap() {
	if d.mapped {
		syscall.Munmap(d.b)
	}
}

// drop releases the pages of d.b[lo:hi] that a parse has finished with:
// the kernel frees them from this process (they stay in the page cache and
// come back on a later access), so a file read once does not add its size
// to the peak memory.
func (d fileData) drop(lo, hi int) {
	if !d.mapped {
		return
	}
	page := os.Getpagesize()
	lo = (lo + page - 1) / page * page
	hi = hi / page * page
	if hi > lo {
		syscall.Madvise(d.b[lo:hi], syscall.MADV_DONTNEED)
	}
}
