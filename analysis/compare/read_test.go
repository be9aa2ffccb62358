package compare

import (
	"bytes"
	"errors"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// Rows as `eventstudy demo` writes them (T-Mobile 2021 with its VZ;T
// peers; docs/compare.md quotes these numbers: AR(0) = -3.17 %, t = -2.42,
// df 248, p = 0.016, SQ p = 0.040; peer CAR(0,1) +0.47 %, p = 0.69).
const (
	demoStages = `incident,firm,stages,event_ids,date_given,day0,anchor_rule,timeline,window,car,t,df,p,sq_p,significant,sq_significant,first_significant,first_sq_significant,p_holm,p_bh
tmobile-2021,TMUS,claim + media + confirmation,tmobile-2021-claim;tmobile-2021-media;tmobile-2021-confirmation,2021-08-15,2021-08-16,next,claim + media + confirmation → 2021-08-16 [next],"0,0",-0.03167118150141292,-2.419643632103103,248,0.01625567759599223,0.0398406374501992,true,true,true,true,0.5201816830717514,0.5201816830717514
tmobile-2021,TMUS,filing,tmobile-2021-filing,2021-08-16,2021-08-17,next,filing → 2021-08-17 [next],"0,0",0.005850578649202573,0.4466085146432758,248,0.6555474815309532,0.5258964143426295,false,false,false,false,1,0.8740633087079376
`
	demoPeers = `event_id,firm,peers,n_peers,window,firm_car,firm_t,firm_p,firm_sq_p,peer_car,peer_t,peer_df,peer_p,peer_sq_p,effect,peer_note
tmobile-2021-claim,TMUS,VZ;T,2,"0,1",-0.02581433934758387,-1.3911203763770106,0.1654356765413283,0.104,0.004712000456734238,0.39446392578665934,248,0.6935775603905713,0.608,,
`
	demoGroupDiff = `group_a,group_b,window,test,n_a,n_b,estimate,statistic,dist,df,p,p_lower,p_upper
breach,peers,"0,0",welch_t,12,2,-0.045327419407639555,-2.8883718666167097,t,11.068996946091882,0.014662885524706883,0.007331442762353441,0.9926685572376466
breach,peers,"0,0",mann_whitney,12,2,0.125,-1.6431676725154982,exact,,0.13186813186813187,0.06593406593406594,0.9560439560439561
`
	demoConfounding = `event_id,other_id,firm,where,lag,days,masked
tmobile-2021-claim,tmobile-2021-filing,TMUS,event_window,1,20,false
`
	demoClustering = `group,window,n,pairs,overlap_pairs,overlap_share,distinct_day0,largest_cluster,prefer_kp
breach,"0,1",12,66,0,0,12,1,false
`
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func demoFiles() map[string]string {
	return map[string]string{StagesFile: demoStages, PeersFile: demoPeers, GroupDiffFile: demoGroupDiff,
		ConfoundingFile: demoConfounding, ClusteringFile: demoClustering}
}

func TestReadDemo(t *testing.T) {
	tab, err := Read(writeFiles(t, demoFiles()))
	if err != nil {
		t.Fatal(err)
	}
	if tab == nil || len(tab.Stages) != 2 || len(tab.Peers) != 1 || len(tab.GroupDiff) != 2 ||
		len(tab.Confounding) != 1 || len(tab.Clustering) != 1 {
		t.Fatalf("rows: %+v", tab)
	}
	near := func(got results.Num, want, tol float64) bool { return math.Abs(float64(got)-want) <= tol }
	s := tab.Stages[0]
	if s.Stages != "claim + media + confirmation" || s.Day0 != "2021-08-16" || s.AnchorRule != "next" ||
		!s.DF.Valid || s.DF.V != 248 || !s.FirstSignificant || !s.FirstSQSignificant || tab.Stages[1].Significant {
		t.Errorf("stage row %+v", s)
	}
	// docs/compare.md: AR(0) = -3.17 %, t = -2.42, p = 0.016, SQ p = 0.040
	if !near(s.CAR, -0.0317, 5e-5) || !near(s.T, -2.42, 5e-3) || !near(s.P, 0.016, 5e-4) || !near(s.SQP, 0.040, 5e-4) {
		t.Errorf("T-Mobile day 0: car %v t %v p %v sq p %v", s.CAR, s.T, s.P, s.SQP)
	}
	// SQ p of a 249-day estimation window is a count over 251 values: 10/251.
	if float64(s.SQP) != 10.0/251 {
		t.Errorf("sq_p = %v, want 10/251", s.SQP)
	}
	p := tab.Peers[0]
	if p.Peers != "VZ;T" || p.NPeers != 2 || !near(p.PeerCAR, 0.0047, 5e-5) || !near(p.PeerP, 0.69, 5e-3) || p.Effect != "" || !p.PeerDF.Valid {
		t.Errorf("peer row %+v", p)
	}
	mw := tab.GroupDiff[1]
	// 0.125 = U/(n_A n_B) = 3/24; its df is empty (exact test).
	if mw.Test != TestMannWhitney || float64(mw.Estimate) != 3.0/24 || !mw.DF.IsNA() || mw.Dist != "exact" {
		t.Errorf("mann-whitney row %+v", mw)
	}
	if c := tab.Confounding[0]; c.Lag != 1 || c.Days != 20 || c.Masked || c.Where != InEvent {
		t.Errorf("confounding row %+v", c)
	}
	if c := tab.Clustering[0]; c.Pairs != 66 || c.N*(c.N-1)/2 != c.Pairs || c.PreferKP || c.OverlapShare != 0 {
		t.Errorf("clustering row %+v", c)
	}
	if tab.StageWindow != DefaultStageWindow {
		t.Errorf("StageWindow %q", tab.StageWindow)
	}
}

// Writing the read tables again gives the very bytes that were read.
func TestReadRoundTrip(t *testing.T) {
	in := demoFiles()
	tab, err := Read(writeFiles(t, in))
	if err != nil {
		t.Fatal(err)
	}
	out := csvFiles(t, tab)
	for name, want := range in {
		if got := string(out[name]); got != want {
			t.Errorf("%s: rewritten\n%s\nwant\n%s", name, got, want)
		}
	}
	// Columns in another order are accepted (the header names them).
	swapped := "firm,event_id,other_id,where,lag,days,masked\nTMUS,a,b,estimation_window,-30,5,true\n"
	tab, err = Read(writeFiles(t, map[string]string{ConfoundingFile: swapped}))
	if err != nil {
		t.Fatal(err)
	}
	want := ConfoundRow{EventID: "a", OtherID: "b", Firm: "TMUS", Where: InEstimation, Lag: -30, Days: 5, Masked: true}
	if len(tab.Confounding) != 1 || tab.Confounding[0] != want {
		t.Errorf("swapped columns: %+v", tab.Confounding)
	}
}

func TestReadMissing(t *testing.T) {
	// An older results directory: no comparison file at all.
	tab, err := Read(writeFiles(t, map[string]string{"car.csv": "x\n"}))
	if err != nil || tab != nil {
		t.Errorf("no comparison files: %v, %v; want nil, nil", tab, err)
	}
	tab, err = Read(filepath.Join(t.TempDir(), "does-not-exist"))
	if err != nil || tab != nil {
		t.Errorf("missing directory: %v, %v; want nil, nil", tab, err)
	}
	// peers.csv is only written when some event has peers.
	f := demoFiles()
	delete(f, PeersFile)
	tab, err = Read(writeFiles(t, f))
	if err != nil || tab == nil || len(tab.Peers) != 0 || len(tab.Stages) != 2 {
		t.Errorf("without peers.csv: %+v, %v", tab, err)
	}
	// A header-only file is an empty table.
	tab, err = Read(writeFiles(t, map[string]string{ClusteringFile: "group,window,n,pairs,overlap_pairs,overlap_share,distinct_day0,largest_cluster,prefer_kp\n"}))
	if err != nil || tab == nil || tab.Clustering == nil || len(tab.Clustering) != 0 {
		t.Errorf("header only: %+v, %v", tab, err)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		body  string
		wants []string // file:line:col prefixes (after the directory) and texts, all must appear
	}{
		{"renamed column", ConfoundingFile, "event_id,other,firm,where,lag,days,masked\na,b,F,event_window,0,1,false\n",
			[]string{"confounding.csv:1:2: unexpected column \"other\"", "confounding.csv:1: missing column other_id"}},
		{"duplicate column", ConfoundingFile, "event_id,other_id,firm,where,lag,days,masked,lag\n",
			[]string{"confounding.csv:1:8: column \"lag\" appears twice (also column 5)"}},
		{"bad cells, all reported", ConfoundingFile, "event_id,other_id,firm,where,lag,days,masked\na,b,F,event_window,x,1,yes\na,b,F,event_window,0,1.5,false\n",
			[]string{"confounding.csv:2:20: lag: \"x\" is not a whole number", "confounding.csv:2:24: masked: \"yes\" is not true or false",
				"confounding.csv:3:22: days: \"1.5\" is not a whole number"}},
		{"short row", ClusteringFile, "group,window,n,pairs,overlap_pairs,overlap_share,distinct_day0,largest_cluster,prefer_kp\nbreach,\"0,1\",12\n",
			[]string{"clustering.csv:2: 3 fields, the header has 9"}},
		{"bad number", GroupDiffFile, strings.Replace(demoGroupDiff, "0.125", "1/8", 1),
			[]string{"groupdiff.csv:3:38: estimate: \"1/8\" is not a number; write a number, or leave the cell empty"}},
		{"bad df", StagesFile, strings.Replace(demoStages, ",248,0.0162", ",2x8,0.0162", 1),
			[]string{"stages.csv:2:", "df: \"2x8\" is not a whole number"}},
		{"bad quote", PeersFile, "event_id,firm,peers,n_peers,window,firm_car,firm_t,firm_p,firm_sq_p,peer_car,peer_t,peer_df,peer_p,peer_sq_p,effect,peer_note\na,b\"c,,,,,,,,,,,,,,\n",
			[]string{"peers.csv:2:4: bare \" in non-quoted-field; fix the quoting"}},
		{"empty", StagesFile, "", []string{"stages.csv:1: empty file, no header"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Read(writeFiles(t, map[string]string{tc.file: tc.body}))
			if err == nil {
				t.Fatalf("no error, read %+v", tab)
			}
			var ie inputerr.InputErrors
			if !errors.As(err, &ie) {
				t.Fatalf("error %T, want inputerr.InputErrors", err)
			}
			msg := err.Error()
			for _, w := range tc.wants {
				if !strings.Contains(msg, string(filepath.Separator)+w) && !strings.Contains(msg, w) {
					t.Errorf("error\n%s\nlacks %q", msg, w)
				}
			}
			for _, e := range ie {
				if e.Line == 0 || !strings.HasSuffix(e.File, tc.file) {
					t.Errorf("problem without a line or in the wrong file: %v", e)
				}
			}
		})
	}
	// Problems in two files come in one error.
	f := demoFiles()
	f[StagesFile] = strings.Replace(demoStages, "true,true,true,true", "true,true,true,TRUE", 1)
	f[ClusteringFile] = strings.Replace(demoClustering, ",false", ",no", 1)
	_, err := Read(writeFiles(t, f))
	var ie inputerr.InputErrors
	if !errors.As(err, &ie) || len(ie) != 2 {
		t.Errorf("want two problems, got %v", err)
	}
}

// FuzzRead: arbitrary stages.csv / clustering.csv bytes never panic, a
// rejected file gives file:line problems and no rows, and what is
// accepted is written back and decoded again to the same bytes.
func FuzzRead(f *testing.F) {
	f.Add([]byte(demoStages), []byte(demoClustering))
	f.Add([]byte(""), []byte("group\n"))
	f.Add([]byte(strings.Replace(demoStages, "248", "", 1)), []byte("\ufeff"+demoClustering))
	f.Add([]byte("incident\n\"a\n"), []byte(demoClustering+"x,\"0,1\",1,0,0,NaN,1,1,true\n"))
	f.Fuzz(func(t *testing.T, stages, clustering []byte) {
		fuzzTable[StageRow](t, StagesFile, stages)
		fuzzTable[ClusterRow](t, ClusteringFile, clustering)
	})
}

func fuzzTable[T any](t *testing.T, file string, b []byte) {
	var errs inputerr.InputErrors
	rows := decodeRows[T](file, b, &errs)
	if len(errs) > 0 {
		if rows != nil {
			t.Fatalf("%s: rows returned with problems %v", file, errs)
		}
		for _, e := range errs {
			if e.File != file || e.Line < 1 || e.What == "" {
				t.Fatalf("problem without file:line: %#v", e)
			}
		}
		return
	}
	out, err := results.CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	again := decodeRows[T](file, out, &errs)
	if len(errs) > 0 {
		t.Fatalf("rewritten %s does not read: %v\n%s", file, errs, out)
	}
	if out2, _ := results.CSV(again); !bytes.Equal(out, out2) {
		t.Errorf("round trip changed the rows:\n%s\n%s", out, out2)
	}
}

// csvFiles are the CSV files of the tables' ResultTables, by name.
func csvFiles(t *testing.T, tab *Tables) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, rt := range tab.ResultTables() {
		var b bytes.Buffer
		if err := results.WriteCSV(&b, rt); err != nil {
			t.Fatal(err)
		}
		out[rt.File()] = b.Bytes()
	}
	return out
}
