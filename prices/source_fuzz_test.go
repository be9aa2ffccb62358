package prices

import (
	"bytes"
	"compress/gzip"
	"github.com/breachlab/eventstudy/inputerr"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// FuzzFrontDoor feeds arbitrary bytes through the front door, as they are
// and wrapped the ways the pre-pass unwraps them (gzip, UTF-16, title
// lines, vendor headers): no panic, every problem names the file and a
// line within it, and the text steps keep the line count.
func FuzzFrontDoor(f *testing.F) {
	for _, s := range []string{
		"Date,Close\n2021-08-13,143.7\n2021-08-16,139.5\n",
		"2021-08-16,0.35 Dividend\n*Close price adjusted for splits.\n",
		"Ticker,TMUS,GSPC\nDate,,\n2021-08-16,1,2\n",
		"TMUS.US,D,20210816,000000,1,2,0.5,1.5,100,0\n",
		"Security,TMUS US Equity\n\nDate,PX_LAST\n8/16/2021,139.5\n",
	} {
		for k := range 8 {
			f.Add([]byte(s), uint8(k))
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		text := data
		switch kind % 8 {
		case 1:
			text = append([]byte("Title line\n\nStart Date,2021\n"), data...)
		case 2:
			text = append([]byte("Price,Adj Close,Close\nTicker,TMUS,TMUS\nDate,,\n"), data...)
		case 3:
			text = append([]byte("<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\n"), data...)
		}
		content := text
		switch kind % 8 {
		case 4:
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			w.Write(text)
			w.Close()
			content = b.Bytes()
		case 5, 6:
			u := utf16.Encode([]rune(string(text)))
			content = nil
			if kind%8 == 5 {
				content = []byte{0xff, 0xfe}
			}
			for _, x := range u {
				content = append(content, byte(x), byte(x>>8))
			}
			text = []byte(string(text)) // as decoded
		}
		if kind%8 == 7 {
			// An .xlsx whose cells are the lines' comma fields: cells
			// may hold quotes, line breaks, numbers that look like
			// serials.
			x := excelize.NewFile()
			for i, l := range bytes.Split(text, []byte{'\n'}) {
				for j, c := range bytes.Split(l, []byte{','}) {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if v, err := strconv.ParseFloat(string(c), 64); err == nil {
						x.SetCellValue("Sheet1", cell, v)
					} else {
						x.SetCellValue("Sheet1", cell, strings.ToValidUTF8(string(c), "?"))
					}
				}
			}
			var b bytes.Buffer
			x.Write(&b)
			x.Close()
			content = b.Bytes()
		}
		maxLine := bytes.Count(text, []byte{'\n'}) + 1
		// Undetected UTF-16 is read as bytes: its 0x0A bytes are lines.
		rawLines := bytes.Count(content, []byte{'\n'}) + 1

		s := &source{}
		out, _ := s.tidy(bytes.Clone(text))
		if n := bytes.Count(out, []byte{'\n'}); n != maxLine-1 {
			t.Fatalf("tidy changed the line count: %d lines, want %d", n+1, maxLine)
		}
		for _, e := range s.errs {
			if e.Line < 1 || e.Line > maxLine {
				t.Fatalf("pre-pass problem on line %d of %d: %v", e.Line, maxLine, e)
			}
		}

		path := filepath.Join(dir, "F.csv")
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Load(path, LoadOptions{})
		// The file's hash from every front door's reads.
		hashed, err2 := Load(path, LoadOptions{SHA256: true})
		if got, want := panelText(hashed, err2), panelText(p, err); got != want {
			t.Fatalf("with SHA256:\n%s\nwithout:\n%s", got, want)
		}
		checkSHA256(t, hashed, true)
		if err == nil {
			return
		}
		es, ok := err.(inputerr.InputErrors)
		if !ok || len(es) == 0 {
			t.Fatalf("error %T: %v", err, err)
		}
		for _, e := range es {
			if e.File != path || e.What == "" || e.Line < 0 || e.Line > max(maxLine, rawLines) {
				t.Fatalf("bad problem (file has %d lines): %+v", maxLine, e)
			}
		}
	})
}
