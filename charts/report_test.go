package charts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func renderFixture(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, fixtureSet(t), Options{Title: "T-Mobile 2021 " + payloadScript}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderSmoke(t *testing.T) {
	page := renderFixture(t)
	if out := os.Getenv("EVENTSTUDY_REPORT"); out != "" {
		if err := os.WriteFile(out, page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_ = filepath.Join
	t.Logf("report: %d bytes", len(page))
	if len(page) > 1_500_000 {
		t.Errorf("page is %d bytes, want < 1.5 MB", len(page))
	}
}
