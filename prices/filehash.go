package prices

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sync/atomic"
)

// fileHash is the SHA-256 of a price file computed from the loader's own
// reads (LoadOptions.SHA256), so that the manifest does not read a large
// file a second time. It is fed the file's bytes in file order; bytes that
// come out of order (a read error cut a chunk short) leave it without a
// sum, and the caller hashes the file itself. Once every byte is in, later
// reads of the file (a second pass) are not fed.
type fileHash struct {
	h      hash.Hash
	size   int64
	pos    int64 // bytes fed so far
	broken bool
}

func newFileHash(size int64) *fileHash { return &fileHash{h: sha256.New(), size: size} }

// complete reports whether every byte of the file has been fed.
func (f *fileHash) complete() bool { return !f.broken && f.pos == f.size }

// feed adds b, the file's bytes from off.
func (f *fileHash) feed(off int64, b []byte) {
	if f == nil || f.broken || f.pos == f.size {
		return
	}
	if off != f.pos || int64(len(b)) > f.size-f.pos {
		f.broken = true
		return
	}
	f.h.Write(b)
	f.pos += int64(len(b))
}

// feedFrom reads src[off:end] and feeds it (a file's header, which the
// loader reads before its data rows).
func (f *fileHash) feedFrom(src io.ReaderAt, off, end int64) {
	if f == nil || off >= end {
		return
	}
	buf := make([]byte, min(end-off, 1<<20))
	for off < end {
		n, err := src.ReadAt(buf[:min(int64(len(buf)), end-off)], off)
		f.feed(off, buf[:n])
		off += int64(n)
		if n == 0 || err != nil && off < end {
			f.broken = true
			return
		}
	}
}

// skip marks bytes that were read but not kept: no sum unless it was
// complete before.
func (f *fileHash) skip() {
	if f != nil && !f.complete() {
		f.broken = true
	}
}

// sum is the hex SHA-256, or "" unless every byte was fed in order.
func (f *fileHash) sum() string {
	if f == nil || !f.complete() {
		return ""
	}
	return hex.EncodeToString(f.h.Sum(nil))
}

// loadParquetHashed loads a Parquet panel. With LoadOptions.SHA256 a
// panel's files are hashed meanwhile, in the background: the loader reads
// only the columns and row groups it needs, so the hash reads the files
// itself. A per-ticker directory's files are not: the study reads few of
// them, which the caller hashes (Panel.Files).
func loadParquetHashed(path string, files []pqFile, skipped int, opt LoadOptions) (*Panel, error) {
	sha := opt.SHA256
	opt.SHA256 = false
	if perTickerDir(path, files, opt) { // parquet_dir.go
		return loadParquetDir(path, files, skipped, opt)
	}
	if !sha {
		return loadParquet(path, files, skipped, opt)
	}
	sums := map[string]string{}
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1<<20)
		for _, f := range files {
			if sum, err := hashFile(f.path, buf, &stop); err == nil {
				sums[f.path] = sum
			}
		}
	}()
	p, err := loadParquet(path, files, skipped, opt)
	if err != nil {
		stop.Store(true)
	}
	<-done
	if p != nil {
		for _, f := range p.Files {
			p.addSHA256(f, sums[f])
		}
	}
	return p, err
}

// SHA256File is the hex SHA-256 of the file at path, for the files the
// loader does not hash from its own reads (1 MiB reads: io.Copy would use
// the file's 32 KiB WriteTo, 8,000 system calls for a 273 MB panel).
func SHA256File(path string) (string, error) {
	return hashFile(path, make([]byte, 1<<20), nil)
}

// errStopped: the hash was abandoned (hashFile's stop).
var errStopped = errors.New("hash stopped")

// hashFile is the hex SHA-256 of the file at path, read through buf; a
// non-nil stop, once set, abandons it.
func hashFile(path string, buf []byte, stop *atomic.Bool) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	for stop == nil || !stop.Load() {
		n, err := f.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			return hex.EncodeToString(h.Sum(nil)), nil
		}
		if err != nil {
			return "", fmt.Errorf("hashing %s: %w", path, err)
		}
	}
	return "", errStopped
}
