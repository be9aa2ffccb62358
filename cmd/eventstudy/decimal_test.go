package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDecimalFlag: prices written with a decimal comma and exactly three
// decimals ("45,028") read both ways, so the run stops naming --decimal;
// with --decimal comma it gives the results of the same prices written
// with points, and the detection line says so.
func TestDecimalFlag(t *testing.T) {
	dir := initStudy(t)
	sf := filepath.Join(dir, "study.yaml")
	pointDir, commaDir := filepath.Join(dir, "point"), filepath.Join(dir, "comma")
	for _, d := range []string{pointDir, commaDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range initPrices {
		lines := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(dir, "prices", tk+".csv")))), "\n")
		var pt, cm strings.Builder
		pt.WriteString(lines[0] + "\n")
		cm.WriteString(strings.ReplaceAll(lines[0], ",", ";") + "\n")
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			for j := 1; j < len(f)-1; j++ {
				v, err := strconv.ParseFloat(f[j], 64)
				if err != nil {
					t.Fatal(err)
				}
				f[j] = fmt.Sprintf("%.3f", v)
			}
			pt.WriteString(strings.Join(f, ",") + "\n")
			for j := 1; j < len(f)-1; j++ {
				f[j] = strings.Replace(f[j], ".", ",", 1)
			}
			cm.WriteString(strings.Join(f, ";") + "\n")
		}
		writeFile(t, filepath.Join(pointDir, tk+".csv"), pt.String())
		writeFile(t, filepath.Join(commaDir, tk+".csv"), cm.String())
	}
	pointOut, commaOut := filepath.Join(t.TempDir(), "point"), filepath.Join(t.TempDir(), "comma")
	if code, _, stderr := runCLI(t, "run", sf, "--prices", pointDir, "-o", pointOut, "--quiet"); code != exitOK {
		t.Fatalf("point run: exit %d %s", code, stderr)
	}
	code, _, stderr := runCLI(t, "run", sf, "--prices", commaDir, "-o", commaOut, "--quiet")
	if code != exitBadInput || !strings.Contains(stderr, "could have a thousands comma or a decimal comma") || !strings.Contains(stderr, "--decimal") {
		t.Fatalf("ambiguous numbers without --decimal: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "run", sf, "--prices", commaDir, "--decimal", "comma", "-o", commaOut)
	if code != exitOK {
		t.Fatalf("--decimal comma: exit %d, %s", code, stderr)
	}
	if !strings.Contains(stderr, "decimal comma (as told)") {
		t.Errorf("detection line does not report the decimal comma:\n%s", stderr)
	}
	for _, f := range []string{"ar.csv", "car.csv", "tests.csv", "aar.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(pointOut, f)), readFile(t, filepath.Join(commaOut, f))) {
			t.Errorf("%s differs between decimal-point and decimal-comma prices", f)
		}
	}
	if !strings.Contains(string(readFile(t, filepath.Join(commaOut, "manifest.json"))), `"decimal": "comma"`) {
		t.Error("manifest does not record decimal: comma")
	}
	if code, _, stderr := runCLI(t, "run", sf, "--decimal", "pointy", "-o", filepath.Join(t.TempDir(), "x")); code == exitOK || !strings.Contains(stderr, "point (1,234.56) or comma (1.234,56)") {
		t.Errorf("--decimal pointy: exit %d, %s", code, stderr)
	}
}
