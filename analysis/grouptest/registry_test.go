package grouptest

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// readmeTestTable returns the rows of README.md's test-id table (section
// "### Test ids (`--tests`)") that name test ids: each id with the row's
// name and source columns, in the table's order. Rows of the single-event tests
// (car.csv columns, no id) are left out.
func readmeTestTable(t *testing.T) (ids, names, sources []string) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "\n### Test ids (`--tests`)\n")
	if !ok {
		t.Fatal("README.md has no section \"### Test ids (`--tests`)\"")
	}
	table, _, _ = strings.Cut(table, "\n#")
	id := regexp.MustCompile("`([a-z_]+)`")
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		for _, m := range id.FindAllStringSubmatch(cells[1], -1) {
			ids = append(ids, m[1])
			names = append(names, strings.TrimSpace(cells[2]))
			sources = append(sources, strings.TrimSpace(cells[3]))
		}
	}
	return ids, names, sources
}

// TestReadmeTestTable: README.md's test table lists the ids of Registry,
// in its order, each with the name and source Registry gives.
func TestReadmeTestTable(t *testing.T) {
	ids, names, sources := readmeTestTable(t)
	if !slices.Equal(ids, All) {
		t.Fatalf("README.md test ids %v, Registry %v", ids, All)
	}
	for i, id := range ids {
		t.Run(id, func(t *testing.T) {
			if got, want := sources[i], Registry[i].Source; got != want {
				t.Errorf("README.md source %q, Registry %q", got, want)
			}
			if got, want := names[i], Registry[i].Name; got != want {
				t.Errorf("README.md name %q, Registry %q", got, want)
			}
		})
	}
}

// TestMethodologyTestTable: the test-id table of docs/methodology.md 6.0
// lists the ids of Registry, in its order, each with the section Registry
// gives.
func TestMethodologyTestTable(t *testing.T) {
	b, err := os.ReadFile("../../docs/methodology.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| (6\\.[0-9]+) \\|")
	var ids []string
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		ids = append(ids, m[1])
		if tc := lookup(m[1]); tc != nil && tc.Section != m[2] {
			t.Errorf("%s: docs/methodology.md section %s, Registry %s", m[1], m[2], tc.Section)
		}
	}
	if !slices.Equal(ids, All) {
		t.Errorf("docs/methodology.md test ids %v, Registry %v", ids, All)
	}
}

// TestRegistry: ids are unique, every entry has a source, a section of
// docs/methodology.md 6 and a run function, and Valid, Default and
// needsOf follow Registry.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range Registry {
		t.Run(tc.ID, func(t *testing.T) {
			if seen[tc.ID] {
				t.Errorf("id %s twice", tc.ID)
			}
			seen[tc.ID] = true
			if tc.Name == "" || tc.Source == "" || !strings.HasPrefix(tc.Section, "6.") || tc.run == nil {
				t.Errorf("incomplete entry %+v", tc)
			}
			if !Valid(tc.ID) || lookup(tc.ID) == nil || lookup(tc.ID).ID != tc.ID {
				t.Errorf("lookup(%s) fails", tc.ID)
			}
		})
	}
	// Default is every test but the three resampling ones, which need
	// --bootstrap B, and savickas, which joins for garch and egarch.
	if !slices.Equal(Default(), All[:18]) || len(All) != 22 || !slices.Equal(All[18:21], analysis.ResamplingTests) || All[21] != "savickas" {
		t.Errorf("Default %v, All %v", Default(), All)
	}
	boot := analysis.DefaultConfig()
	boot.Bootstrap = 99
	garch := analysis.DefaultConfig()
	garch.Model = analysis.ModelGARCH
	both := boot
	both.Model = analysis.ModelEGARCH
	if !slices.Equal(DefaultFor(both), All) || !slices.Equal(DefaultFor(analysis.DefaultConfig()), Default()) ||
		!slices.Equal(DefaultFor(boot), All[:21]) || !slices.Equal(DefaultFor(garch), append(Default(), "savickas")) {
		t.Errorf("DefaultFor: boot %v, garch %v", DefaultFor(boot), DefaultFor(garch))
	}
	for _, tc := range []struct {
		ids  []string
		want need
	}{
		{nil, 0},
		{[]string{"cs_t", "bw_cda", "patell", "bmp", "sign", "wilcoxon", "skew_t"}, 0},
		{[]string{"gen_sign"}, needShares},
		{[]string{"kp_bmp"}, needKP},
		{[]string{"grank_z", "corrado_zivney"}, needOrder},
		{[]string{"corrado"}, needOrder | needCorrado},
		{[]string{"nope", "kp_patell", "gen_sign"}, needKP | needShares},
		{[]string{"avol_rank", "avol_u"}, needOrder | needAbsRank},
		{[]string{"vw_caar", "dollar"}, needMCap},
		{All, needShares | needKP | needOrder | needCorrado | needMCap | needAbsRank},
	} {
		t.Run(strings.Join(tc.ids, ","), func(t *testing.T) {
			if got := needsOf(tc.ids); got != tc.want {
				t.Errorf("needsOf = %b, want %b", got, tc.want)
			}
		})
	}
}
