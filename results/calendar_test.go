package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLongHorizonRoundTrip writes calendar.csv, bhar.csv and
// bhar_group.csv with missing cells and reads them back unchanged; the
// headers are the README's contract.
func TestLongHorizonRoundTrip(t *testing.T) {
	set := fixtureSet()
	set.Calendar = []CalendarRow{
		{Group: "breaches", Horizon: "1,250", Weighting: "ew", Model: "ff3", Alpha: -0.00028, SE: 0.00047, T: -0.597, DF: SomeInt(2048), P: 0.55, NPeriods: 2052, MeanNFirms: 1.41, R2: 0.31},
		{Group: "peers|x", Horizon: "1,250", Weighting: "vw", Model: "market", Alpha: NA, SE: NA, T: NA, DF: Int{}, P: NA, NPeriods: 2, MeanNFirms: 1, R2: NA},
	}
	set.BHAR = []BHARRow{
		{EventID: "A", Group: "breaches", Horizon: "1,250", Benchmark: "market", BHAR: -0.12, NDays: 250},
		{EventID: "B", Group: "breaches", Horizon: "1,250", Benchmark: "reference", BHAR: NA, NDays: 0},
	}
	set.BHARGroup = []BHARGroupRow{
		{Group: "breaches", Horizon: "1,250", Benchmark: "market", N: 12, Mean: -0.048, Median: 0.037, SD: 0.25, Skewness: -0.65, T: -0.66, DF: SomeInt(11), P: 0.52, TSA: -0.72, PSA: 0.48, PBoot: 0.39},
		{Group: "peers|x", Horizon: "1,250", Benchmark: "market", N: 2, Mean: NA, Median: NA, SD: NA, Skewness: NA, T: NA, DF: Int{}, P: NA, TSA: NA, PSA: NA, PBoot: NA},
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, set, nil, nil); err != nil {
		t.Fatal(err)
	}
	for file, header := range map[string]string{
		CalendarFile:  "group,horizon,weighting,model,alpha,se,t,df,p,n_periods,mean_n_firms,r2",
		BHARFile:      "event_id,group,horizon,benchmark,bhar,n_days",
		BHARGroupFile: "group,horizon,benchmark,n,mean,median,sd,skewness,t,df,p,t_sa,p_sa,p_boot",
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.SplitN(string(b), "\n", 2)[0]; got != header {
			t.Errorf("%s header %q, want %q", file, got, header)
		}
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	assertSetEqual(t, got, set)
}

// TestLongHorizonPubTables: tables.md and tables.tex carry calendar.csv
// and bhar_group.csv (alpha and mean BHAR in percent, stars from p and
// p_sa), and --outputs selects the publication tables as it selects the
// CSVs.
func TestLongHorizonPubTables(t *testing.T) {
	set := fixtureSet()
	set.Calendar = []CalendarRow{{Group: "breaches", Horizon: "1,250", Weighting: "ew", Model: "ff3", Alpha: -0.00028,
		SE: 0.00047, T: -2.597, DF: SomeInt(2048), P: 0.0095, NPeriods: 2052, MeanNFirms: 1.41, R2: 0.31}}
	set.BHARGroup = []BHARGroupRow{{Group: "breaches", Horizon: "1,250", Benchmark: "market", N: 12, Mean: -0.048,
		Median: 0.037, SD: 0.25, Skewness: -0.65, T: -0.66, DF: SomeInt(11), P: 0.52, TSA: -0.72, PSA: 0.048, PBoot: 0.39}}
	for _, tc := range []struct {
		name    string
		outputs []string
		want    []string
		not     []string
	}{
		{"all", nil,
			[]string{"## Calendar-time portfolio alphas", "| breaches | 1,250 | ew | ff3 | -0.0280\\*\\*\\* | -2.60 | 0.009 | 2052 | 1.41 | 0.310 |",
				"## Long-horizon buy-and-hold abnormal returns", "| breaches | 1,250 | market | 12 | -4.8000\\*\\* | 3.7000 | -0.66 | 0.520 | -0.72 | 0.048 | 0.390 |",
				"## Average and cumulative average abnormal returns"}, nil},
		{"outputs car,calendar", []string{"calendar", "car"},
			[]string{"## Cumulative abnormal returns by event", "## Calendar-time portfolio alphas"},
			[]string{"## Tests of mean", "## Average and cumulative", "## Long-horizon"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := *set
			s.Outputs = tc.outputs
			md := string(markdownTables(&s))
			for _, w := range tc.want {
				if !strings.Contains(md, w) {
					t.Errorf("tables.md lacks %q:\n%s", w, md)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(md, w) {
					t.Errorf("tables.md has %q, not in --outputs", w)
				}
			}
			tex := string(texTables(&s))
			if !strings.Contains(tex, `\caption{Calendar-time portfolio alphas}`) || !strings.Contains(tex, `R$^2$`) {
				t.Errorf("tables.tex lacks the calendar table or escapes R² badly")
			}
		})
	}
}

// TestRegressionPubTableClusters: a clustered regression row names its
// clusters in the SE column of tables.md.
func TestRegressionPubTableClusters(t *testing.T) {
	set := fixtureSet()
	set.Regression = []RegressionRow{{Group: "all", Window: "-1,1", Term: "type=insider", N: 12, Coef: -0.007891008556219012,
		SE: 0.029413396469652495, SEType: "cr1", T: -0.26827940677849366, DF: SomeInt(9), P: 0.7945320682238447,
		R2: 0.1997, Cluster: "firm", NClusters: SomeInt(10)}}
	set.Regression = append(set.Regression, RegressionRow{Group: "all", Window: "-1,1", Term: "records", N: 12,
		Coef: 8.1234e-10, SE: -1.5e-10, SEType: "hc1", T: 0.3, DF: SomeInt(9), P: 0.77, R2: 0.2})
	md := string(markdownTables(set))
	for _, want := range []string{"| all | -1,1 | type=insider | -0.7891 | 2.9413 | cr1, firm, G=10 | -0.27 | 0.795 | 12 | 0.200 |",
		"| all | -1,1 | records | 8.12e-08 | -1.5e-08 | hc1 | 0.30 | 0.770 | 12 | 0.200 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("tables.md lacks %q:\n%s", want, md)
		}
	}
}

// TestVolumePubTableModelNote: under --volume-model market the volume
// table's note does not describe the mean-adjusted model.
func TestVolumePubTableModelNote(t *testing.T) {
	set := fixtureSet()
	set.Volume = []VolumeRow{{EventID: "A", Window: "0,0", CAV: 0.6, SE: 0.4, T: 1.5, DF: SomeInt(200), P: 0.13, NDays: 1}}
	for model, want := range map[string]string{"mean": "less its estimation-window mean", "market": "less the market model's prediction"} {
		set.Manifest.Config = map[string]any{"volume_model": model}
		if md := string(markdownTables(set)); !strings.Contains(md, want) {
			t.Errorf("volume_model %s: tables.md lacks %q", model, want)
		}
	}
}

// TestDollarPubTable: car.csv's dollar columns reach tables.md in
// millions for the events that have them (dollar_car = car × mcap), and
// no dollar table is printed without shares.
func TestDollarPubTable(t *testing.T) {
	set := fixtureSet()
	for i := range set.CAR {
		set.CAR[i].MCap, set.CAR[i].DollarCAR, set.CAR[i].DollarSE = NA, NA, NA
	}
	if md := string(markdownTables(set)); strings.Contains(md, "Dollar value") {
		t.Error("a dollar table without any dollar CAR")
	}
	r := &set.CAR[0]
	mcap := 6.482099898e10
	r.MCap, r.DollarCAR, r.DollarSE = Num(mcap), Num(float64(r.CAR)*mcap), Num(float64(r.SE)*mcap)
	firm := ""
	for _, e := range set.Events {
		if e.EventID == r.EventID {
			firm = e.Firm
		}
	}
	md := string(markdownTables(set))
	want := fmt.Sprintf("| %s | %s | %s | 64821.0 | %.1f", r.EventID, firm, r.Window, float64(r.CAR)*mcap/1e6)
	if !strings.Contains(md, "## Dollar value of the CARs") || !strings.Contains(md, want) {
		t.Errorf("tables.md lacks the dollar row %q:\n%s", want, md)
	}
}
