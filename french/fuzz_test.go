package french

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"testing"
)

func FuzzUnzipCSV(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("../../F-F_Research_Data_Factors_daily.CSV")
	w.Write([]byte(",Mkt-RF,SMB,HML,RF\r\n20240315,   -0.66,    0.28,    0.14,   0.022\r\n"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		name, _, err := unzipCSV("u", b)
		if err != nil {
			return
		}
		// The entry's name never leads out of the output directory.
		if name != filepath.Base(name) || name == ".." || name == "." {
			t.Fatalf("name %q", name)
		}
	})
}
