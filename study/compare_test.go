package study

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/results"
)

// adjClose reads Date and Adj Close of a Yahoo file with plain string
// handling (independent of package prices).
func adjClose(t *testing.T, path string) (dates []string, px map[string]float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	px = map[string]float64{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header: Date,Open,High,Low,Close,Adj Close,Volume
	for sc.Scan() {
		c := strings.Split(sc.Text(), ",")
		v, err := strconv.ParseFloat(c[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		dates = append(dates, c[0])
		px[c[0]] = v
	}
	return dates, px
}

func peerStudy(dir string) Study {
	s := Default()
	s.Events = filepath.Join(dir, "events.csv")
	s.Prices = filepath.Join(dir, "prices")
	s.Market = "GSPC"
	return s
}

// TestPeerPortfolioCAR recomputes the peer portfolio's CAR(0,1) and its t
// of T-Mobile's 2021-08-16 confirmation by hand: simple returns of VZ and
// T from adjusted closes, their daily mean, the market model by the OLS
// closed form β = Sxy/Sxx, α = ȳ - βx̄ over relative days -260..-11,
// AR = y - α - βx on days 0 and 1, and the exact CAR variance
// σ²[L + L²/M + (Σ_τ(x_τ - x̄))²/Sxx] (docs/methodology.md 4.2, market model).
func TestPeerPortfolioCAR(t *testing.T) {
	dir := "testdata/peers"
	out, err := Run(peerStudy(dir))
	if err != nil {
		t.Fatal(err)
	}
	dates, gspc := adjClose(t, filepath.Join(dir, "prices/GSPC.csv"))
	_, vz := adjClose(t, filepath.Join(dir, "prices/VZ.csv"))
	_, att := adjClose(t, filepath.Join(dir, "prices/T.csv"))
	ret := func(p map[string]float64, i int) float64 { return p[dates[i]]/p[dates[i-1]] - 1 }
	day0 := -1
	for i, d := range dates {
		if d == "2021-08-16" {
			day0 = i
		}
	}
	if day0 < 261 {
		t.Fatalf("day 0 at %d: fixture too short", day0)
	}
	var xs, ys []float64
	for k := day0 - 260; k <= day0-11; k++ {
		xs = append(xs, ret(gspc, k))
		ys = append(ys, (ret(vz, k)+ret(att, k))/2)
	}
	m := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= m
	my /= m
	var sxx, sxy float64
	for i := range xs {
		sxx += (xs[i] - mx) * (xs[i] - mx)
		sxy += (xs[i] - mx) * (ys[i] - my)
	}
	beta := sxy / sxx
	alpha := my - beta*mx
	var sse float64
	for i := range xs {
		e := ys[i] - alpha - beta*xs[i]
		sse += e * e
	}
	sigma2 := sse / (m - 2)
	var car, dx float64
	for k := day0; k <= day0+1; k++ {
		x := ret(gspc, k)
		car += (ret(vz, k)+ret(att, k))/2 - alpha - beta*x
		dx += x - mx
	}
	const L = 2.0
	tStat := car / math.Sqrt(sigma2*(L+L*L/m+dx*dx/sxx))

	var row *compare.PeerRow
	for i, r := range out.Compare.Peers {
		if r.EventID == "tmobile-2021-confirmation" && r.Window == "0,1" {
			row = &out.Compare.Peers[i]
		}
	}
	if row == nil {
		t.Fatalf("no peers.csv row for the confirmation, window 0,1: %+v", out.Compare.Peers)
	}
	if row.Peers != "VZ;T" || row.NPeers != 2 || row.Firm != "TMUS" {
		t.Errorf("row %+v", row)
	}
	if !relClose(float64(row.PeerCAR), car, 1e-8) || !relClose(float64(row.PeerT), tStat, 1e-8) || row.PeerDF.V != 248 {
		t.Errorf("peer CAR %v t %v df %v; hand %v %v 248", row.PeerCAR, row.PeerT, row.PeerDF, car, tStat)
	}
	// The firm columns are the firm's own car.csv row.
	for _, c := range out.Set.CAR {
		if c.EventID == row.EventID && c.Window == "0,1" && (c.CAR != row.FirmCAR || c.P != row.FirmP) {
			t.Errorf("firm columns %v %v, car.csv %v %v", row.FirmCAR, row.FirmP, c.CAR, c.P)
		}
	}
	// The pseudo-events stay out of the results tables.
	for _, c := range out.Set.CAR {
		if strings.HasSuffix(c.EventID, compare.PeerSuffix) {
			t.Errorf("car.csv holds %s", c.EventID)
		}
	}
}

func relClose(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

// TestMaskConfounding: the update (day 0 2021-08-20) has the
// confirmation's event window (08-16 ± 10 trading days) reaching into its
// estimation window (-260..-11 → up to 08-05): 08-02..08-05 are 4 days.
// Flagged always; with --mask-confounding those 4 returns leave the
// update's estimation (n_est 250 → 246) and the confirmation is untouched.
func TestMaskConfounding(t *testing.T) {
	for _, mask := range []bool{false, true} {
		s := peerStudy("testdata/peers")
		s.MaskConfounding = mask
		out, err := Run(s)
		if err != nil {
			t.Fatal(err)
		}
		var flagged *compare.ConfoundRow
		for i, r := range out.Compare.Confounding {
			if r.EventID == "tmobile-2021-update" && r.OtherID == "tmobile-2021-confirmation" && r.Where == compare.InEstimation {
				flagged = &out.Compare.Confounding[i]
			}
			if r.EventID == "tmobile-2021-confirmation" && r.Where == compare.InEstimation {
				t.Errorf("confirmation's estimation window holds no other event: %+v", r)
			}
		}
		if flagged == nil || flagged.Days != 4 || flagged.Lag != -4 || flagged.Masked != mask {
			t.Errorf("mask %v: flag %+v", mask, flagged)
		}
		nest := map[string]int{}
		for _, e := range out.Set.Events {
			nest[e.EventID] = e.NEst.V
		}
		want := 250
		if mask {
			want = 246
		}
		if nest["tmobile-2021-update"] != want || nest["tmobile-2021-confirmation"] != 250 {
			t.Errorf("mask %v: n_est %v", mask, nest)
		}
		if got := out.Set.Manifest.Config["mask_confounding"]; got != mask {
			t.Errorf("manifest mask_confounding = %v", got)
		}
	}
}

func TestPeersFile(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/peers/events.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Drop the peers column; the --peers file supplies them.
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		lines = append(lines, l[:strings.LastIndex(l, ",")])
	}
	ev := filepath.Join(dir, "events.csv")
	peers := filepath.Join(dir, "peers.csv")
	os.WriteFile(ev, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	os.WriteFile(peers, []byte("firm;peer\nTMUS;VZ\nTMUS;T\nTMUS;VZ\n"), 0o644)
	s := peerStudy("testdata/peers")
	s.Events, s.PeersFile = ev, peers
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Run(peerStudy("testdata/peers"))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Compare.Peers) == 0 || len(out.Compare.Peers) != len(ref.Compare.Peers) {
		t.Fatalf("%d peer rows, want %d", len(out.Compare.Peers), len(ref.Compare.Peers))
	}
	for i := range out.Compare.Peers {
		a, b := out.Compare.Peers[i], ref.Compare.Peers[i]
		if a.Peers != "VZ;T" || a.PeerCAR != b.PeerCAR || a.PeerP != b.PeerP {
			t.Errorf("--peers row %+v, events column row %+v", a, b)
		}
	}
}

func TestParsePeersErrors(t *testing.T) {
	cases := []struct {
		name, data string
		want       []string
	}{
		{"header", "ticker,rivalx\nA,B\n", []string{"p.csv:1:1: header"}},
		{"all rows", "firm,peer\nA,\n,B\nC,C\nD,E\n", []string{
			"p.csv:2:3: empty peer", "p.csv:3:1: empty firm", "p.csv:4:3: C is listed as its own peer"}},
		{"empty", "", []string{"p.csv:1: empty peers file"}},
		{"quote", "firm,peer\nA,\"B\n", []string{"p.csv:2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParsePeers("p.csv", []byte(c.data))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	m, err := ParsePeers("p.csv", []byte("\ufeffFirm\tPeer\tnote\nA\tB\tx\nA\tC\t\n\nB\tA\t\n"))
	if err != nil || strings.Join(m["A"], ",") != "B,C" || strings.Join(m["B"], ",") != "A" {
		t.Errorf("got %v, %v", m, err)
	}
}

func FuzzParsePeers(f *testing.F) {
	for _, s := range []string{"firm,peer\nTMUS,VZ\nTMUS,T\n", "firm;peer\nA;B\n", "peer,firm\n\"x\ny\",z\n", "", "firm,peer\nA,A\n,\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParsePeers("f.csv", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv:") {
				t.Fatalf("error without file position: %v", err)
			}
			return
		}
		for firm, ps := range m {
			seen := map[string]bool{}
			for _, p := range ps {
				if p == "" || p == firm || seen[p] {
					t.Fatalf("firm %q peers %q", firm, ps)
				}
				seen[p] = true
			}
		}
	})
}

// TestTablesMarkdownMatchCSV parses tables.md and comparison.md of a run
// back and checks every printed CAR, t and p equals car.csv (and
// stages.csv) at the printed precision.
func TestTablesMarkdownMatchCSV(t *testing.T) {
	out, err := Run(peerStudy("testdata/peers"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "res")
	extra, err := out.Compare.Files([]string{"csv", "md"})
	if err != nil {
		t.Fatal(err)
	}
	if err := results.Write(dir, out.Set, []string{"csv", "md"}, extra); err != nil {
		t.Fatal(err)
	}
	carOf := map[string]results.CARRow{}
	for _, c := range out.Set.CAR {
		carOf[c.EventID+"/"+c.Window] = c
	}
	md, err := os.ReadFile(filepath.Join(dir, results.MarkdownFile))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(md), "\n") {
		cells := mdCells(line)
		// | Event | Firm | Stage | Window | CAR (%) | t | p |
		if len(cells) != 7 {
			continue
		}
		c, ok := carOf[cells[0]+"/"+cells[3]]
		if !ok {
			continue
		}
		n++
		wantCAR := strconv.FormatFloat(100*float64(c.CAR), 'f', 4, 64) + results.Stars(c.P)
		if cells[4] != wantCAR || cells[5] != strconv.FormatFloat(float64(c.T), 'f', 2, 64) || cells[6] != strconv.FormatFloat(float64(c.P), 'f', 3, 64) {
			t.Errorf("tables.md %v; car.csv %v %v %v", cells, c.CAR, c.T, c.P)
		}
	}
	if n != len(out.Set.CAR) {
		t.Errorf("tables.md has %d CAR rows, car.csv %d", n, len(out.Set.CAR))
	}
	cmp, err := os.ReadFile(filepath.Join(dir, compare.MarkdownFile))
	if err != nil {
		t.Fatal(err)
	}
	n = 0
	for _, line := range strings.Split(string(cmp), "\n") {
		cells := mdCells(line)
		// | Incident | Firm | Stages | Day 0 | Rule | CAR (%) | t | p | sq p | Holm p | BH p | First (t) | First (sq) |
		if len(cells) != 13 || cells[0] != "tmobile-2021" {
			continue
		}
		n++
		id := map[string]string{"confirmation": "tmobile-2021-confirmation", "update": "tmobile-2021-update"}[cells[2]]
		c := carOf[id+"/"+compare.DefaultStageWindow]
		if cells[5] != strconv.FormatFloat(100*float64(c.CAR), 'f', 4, 64)+results.Stars(c.P) ||
			cells[8] != strconv.FormatFloat(float64(c.SQP), 'f', 3, 64) {
			t.Errorf("comparison.md %v; car.csv %v %v", cells, c.CAR, c.SQP)
		}
	}
	if n != 2 {
		t.Errorf("%d stage rows in comparison.md, want 2", n)
	}
}

// mdCells splits a pipe-table row and unescapes the cells.
func mdCells(line string) []string {
	if !strings.HasPrefix(line, "|") {
		return nil
	}
	parts := strings.Split(strings.Trim(line, "|"), " | ")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(p), `\*`, "*"), `\_`, "_")
	}
	return parts
}

// TestStageEventsSkipsExcluded: stageEvents pairs every analysed event with
// its own rows of car.csv, skipping excluded events (no rows) and leaving
// out events without a day 0.
func TestStageEventsSkipsExcluded(t *testing.T) {
	days := []dates.Day{dates.DayOf(2021, 8, 16), dates.DayOf(2021, 8, 17)}
	cal, err := dates.NewCalendar(days)
	if err != nil {
		t.Fatal(err)
	}
	state := func(id, status string, day0 int) *eventState {
		return &eventState{ev: &events.Event{ID: id, Firm: "F", Date: days[0]}, status: status,
			anchor: events.Anchor{Day0: day0, Rule: events.RuleNext}}
	}
	states := []*eventState{state("a", StatusOK, 0), state("x", "excluded", 0), state("b", StatusOK, 1)}
	car := []results.CARRow{{EventID: "a", Window: "0,0"}, {EventID: "a", Window: "0,1"}, {EventID: "b", Window: "0,0"}, {EventID: "b", Window: "0,1"}}
	got := stageEvents(states, car, 2, cal)
	if len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" || got[1].Day0 != days[1] {
		t.Fatalf("stage events %+v", got)
	}
	for _, e := range got {
		if len(e.Tests) != 2 || e.Tests[0].EventID != e.ID || e.Tests[1].Window != "0,1" {
			t.Errorf("%s: tests %+v", e.ID, e.Tests)
		}
	}
}

// TestPeerWarningsInFileOrder: the "peers" warnings (a peer missing from
// the price data) follow the events file, run after run; they came from a
// map and their order changed between runs.
func TestPeerWarningsInFileOrder(t *testing.T) {
	dir := t.TempDir()
	lines := []string{"event_id,firm,date,session,peers"}
	var want []string
	for i, d := range []string{"2021-08-16", "2021-03-01", "2021-06-01", "2021-01-04", "2021-05-03", "2021-02-01", "2021-04-01", "2021-07-01"} {
		id := fmt.Sprintf("e%d", 8-i) // ids against file order: sorting would show
		lines = append(lines, fmt.Sprintf("%s,TMUS,%s,pre,VZ;NOPE%d", id, d, i))
		want = append(want, fmt.Sprintf("%s: not in the price data: NOPE%d", id, i))
	}
	ev := filepath.Join(dir, "events.csv")
	writeLines(t, ev, lines)
	for run := range 3 {
		s := peerStudy("testdata/peers")
		s.Events = ev
		var got []string
		for _, w := range warningsOf(runStudy(t, s), "peers") {
			got = append(got, w.EventID+": "+w.Message)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("run %d: peers warnings\n%s\nwant\n%s", run, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestPeersHeader: the delimiter is the header's most frequent of , ; tab,
// and the firm and peer columns are found under each accepted name.
func TestPeersHeader(t *testing.T) {
	for _, c := range []struct {
		name         string
		line         string
		delim        rune
		firm, peer   int
		headerFields []string
	}{
		{"comma", "firm,peer", ',', 0, 1, []string{"firm", "peer"}},
		{"semicolon, BOM, other names", "\ufeffTicker;note;Rival", ';', 0, 2, []string{"\ufeffTicker", "note", "Rival"}},
		{"tab, peer first", "competitor\tsymbol", '\t', 1, 0, []string{"competitor", "symbol"}},
		{"no peer column", "firm,date", ',', 0, -1, []string{"firm", "date"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if d := sniffDelimiter(c.line); d != c.delim {
				t.Errorf("delimiter %q, want %q", d, c.delim)
			}
			if f, p := peerColumns(c.headerFields); f != c.firm || p != c.peer {
				t.Errorf("columns firm %d peer %d, want %d %d", f, p, c.firm, c.peer)
			}
		})
	}
}

// TestGroupCARsFromCARRows: the group differences read each event's CARs
// from its car.csv rows; they equal those of the CARs summed by their
// definition (e.CAR over a complete window) from the groups' estimates.
func TestGroupCARsFromCARRows(t *testing.T) {
	dir := t.TempDir()
	events := "event_id,firm,date,group\n" +
		"a1,TMUS,2021-08-16,a\na2,VZ,2021-06-01,a\na3,T,2021-03-01,a\n" +
		"b1,TMUS,2020-11-02,b\nb2,VZ,2020-09-01,b\nb3,T,2021-05-03,b\nb4,VZ,2021-07-01,b\n"
	if err := os.WriteFile(filepath.Join(dir, "events.csv"), []byte(events), 0o644); err != nil {
		t.Fatal(err)
	}
	s := peerStudy("testdata/peers")
	s.Events = filepath.Join(dir, "events.csv")
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	windows := make([]string, len(s.Analysis.CARWindows))
	for j, w := range s.Analysis.CARWindows {
		windows[j] = w.String()
	}
	var gc []compare.GroupCARs
	for _, g := range []string{"a", "b"} {
		c := compare.GroupCARs{Group: g, CAR: map[string][]float64{}}
		for j, w := range s.Analysis.CARWindows {
			for _, e := range out.Groups[g] {
				if car, n := e.CAR(w); n == w.Len() && !math.IsNaN(car) {
					c.CAR[windows[j]] = append(c.CAR[windows[j]], car)
				}
			}
		}
		gc = append(gc, c)
	}
	want, err := results.CSV(compare.GroupDiffs(gc, windows))
	if err != nil {
		t.Fatal(err)
	}
	got, err := results.CSV(out.Compare.GroupDiff)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Compare.GroupDiff) == 0 || !bytes.Equal(got, want) {
		t.Errorf("groupdiff.csv (%d rows):\n%s\nfrom the estimates:\n%s", len(out.Compare.GroupDiff), got, want)
	}
}
