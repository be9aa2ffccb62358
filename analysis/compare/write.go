package compare

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/results"
)

// File names of the comparison tables.
const (
	StagesFile      = "stages.csv"
	PeersFile       = "peers.csv"
	GroupDiffFile   = "groupdiff.csv"
	ConfoundingFile = "confounding.csv"
	ClusteringFile  = "clustering.csv"
	MarkdownFile    = "comparison.md"
	TeXFile         = "comparison.tex"
	GridFile        = "grid.csv"
	GridMarkdown    = "grid.md"
	GridTeX         = "grid.tex"
)

// DefaultStageWindow is the window on which comparison.md names the first
// significant stage (stages.csv flags every window).
const DefaultStageWindow = "0,1"

// Tables are the comparison outputs of one study.
type Tables struct {
	Stages      []StageRow
	Peers       []PeerRow
	GroupDiff   []GroupDiffRow
	Confounding []ConfoundRow
	Clustering  []ClusterRow
	StageWindow string // window of the stage table in comparison.md
}

// stageCells are a stages.csv row's cells, in column order: the file has
// a row per stage and window (150k rows for 10,000 events), which the
// reflective cells write at a fifth of the speed
// (TestStageCellsMatchReflection).
func stageCells(r *StageRow, c *results.Cells, d []string) {
	d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8] = r.Incident, r.Firm, r.Stages, r.EventIDs, r.DateGiven, r.Day0, r.AnchorRule, r.Timeline, r.Window
	d[9], d[10], d[11], d[12], d[13] = c.Num(r.CAR), c.Num(r.T), c.OptInt(r.DF), c.Num(r.P), c.NumRepeating(r.SQP)
	d[14], d[15], d[16], d[17] = c.Bool(r.Significant), c.Bool(r.SQSignificant), c.Bool(r.FirstSignificant), c.Bool(r.FirstSQSignificant)
	d[18], d[19] = c.NumRepeating(r.PHolm), c.NumRepeating(r.PBH) // k/M, and 1 or an incident's shared value
}

// stageColumns are stages.csv's columns with the hand-written cells.
var stageColumns = results.ColumnsOf[StageRow]().WithCells(stageCells)

// ResultTables are the comparison tables as tables of the result set
// (results.Set.Extra): written as CSV files, and as keys of results.json
// and sheets of results.xlsx, after the study's own tables. peers.csv is
// left out when no event has peers.
func (t *Tables) ResultTables() []results.Table {
	out := []results.Table{results.NewTable(StagesFile, t.Stages, stageColumns)}
	if len(t.Peers) > 0 {
		out = append(out, results.NewTable(PeersFile, t.Peers, results.ColumnsOf[PeerRow]()))
	}
	return append(out,
		results.NewTable(GroupDiffFile, t.GroupDiff, results.ColumnsOf[GroupDiffRow]()),
		results.NewTable(ConfoundingFile, t.Confounding, results.ColumnsOf[ConfoundRow]()),
		results.NewTable(ClusteringFile, t.Clustering, results.ColumnsOf[ClusterRow]()))
}

// Files renders the publication tables as output files by name (Streams,
// in memory).
func (t *Tables) Files(formats []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, stream := range t.Streams(formats) {
		var b bytes.Buffer
		if err := stream(&b); err != nil {
			return nil, err
		}
		out[name] = b.Bytes()
	}
	return out, nil
}

// Streams are the publication tables' output files by name:
// comparison.md / comparison.tex when formats has "md" / "tex" (the CSV
// tables are ResultTables). They only read t, so results.WriteStreams
// writes them beside the tables, concurrently.
func (t *Tables) Streams(formats []string) map[string]results.Stream {
	out := map[string]results.Stream{}
	for _, f := range formats {
		switch f {
		case "md":
			out[MarkdownFile] = func(w io.Writer) error {
				_, err := w.Write(Markdown("Comparison of incidents", t.pubTables()))
				return err
			}
		case "tex":
			out[TeXFile] = func(w io.Writer) error {
				_, err := w.Write(TeX(t.pubTables()))
				return err
			}
		}
	}
	return out
}

// PubTable is a publication table: title, columns and formatted cells.
type PubTable struct {
	Title   string
	Label   string
	Note    string
	Columns []string
	Numeric []bool
	Rows    [][]string
}

// Printed precision and number format are tables.md's
// (results/tables.go), so both sets of tables round alike.
const (
	pctDecimals  = results.PctDecimals
	statDecimals = results.StatDecimals
	pDecimals    = results.PDecimals
)

var fixed = results.Fixed

// starred is a CAR in percent with the stars of its p-value.
func starred(v, p results.Num) string {
	s := fixed(v, 100, pctDecimals)
	if s == "" {
		return ""
	}
	return s + results.Stars(p)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

const starsNote = results.StarsNote

func (t *Tables) pubTables() []PubTable {
	w := t.StageWindow
	if w == "" {
		w = DefaultStageWindow
	}
	st := PubTable{
		Title: "Stage timeline, CAR(" + w + ")", Label: "tab:stages",
		Note: "Stages anchoring to the same trading day are merged. CAR in percent; t, p: single-event t test; sq p: sample-quantile test. " +
			"Holm p, BH p: p adjusted over the incident's stages and windows (Holm: family-wise error; BH: false discovery rate). " +
			"First: the earliest stage with p < 0.05 (t test; sq: by sq p). " + starsNote,
		Columns: []string{"Incident", "Firm", "Stages", "Day 0", "Rule", "CAR (%)", "t", "p", "sq p", "Holm p", "BH p", "First (t)", "First (sq)"},
		Numeric: []bool{false, false, false, false, false, true, true, true, true, true, true, false, false},
	}
	for _, r := range t.Stages {
		if r.Window != w {
			continue
		}
		st.Rows = append(st.Rows, []string{r.Incident, r.Firm, r.Stages, r.Day0, r.AnchorRule, starred(r.CAR, r.P),
			fixed(r.T, 1, statDecimals), fixed(r.P, 1, pDecimals), fixed(r.SQP, 1, pDecimals),
			fixed(r.PHolm, 1, pDecimals), fixed(r.PBH, 1, pDecimals),
			yes(r.FirstSignificant), yes(r.FirstSQSignificant)})
	}
	out := []PubTable{st}
	if len(t.Peers) > 0 {
		pt := PubTable{
			Title: "Firm and peer-portfolio CARs", Label: "tab:peers",
			Note:    "Peer portfolio: equally weighted rivals, estimated like the firm. Effect: contagion (peer CAR significant, same sign) or competitive (opposite sign). " + starsNote,
			Columns: []string{"Event", "Peers", "Window", "Firm CAR (%)", "Firm p", "Peer CAR (%)", "Peer t", "Peer p", "Effect"},
			Numeric: []bool{false, false, false, true, true, true, true, true, false},
		}
		for _, r := range t.Peers {
			pt.Rows = append(pt.Rows, []string{r.EventID, r.Peers, r.Window, starred(r.FirmCAR, r.FirmP),
				fixed(r.FirmP, 1, pDecimals), starred(r.PeerCAR, r.PeerP), fixed(r.PeerT, 1, statDecimals),
				fixed(r.PeerP, 1, pDecimals), r.Effect})
		}
		out = append(out, pt)
	}
	if len(t.GroupDiff) > 0 {
		gt := PubTable{
			Title: "Differences between groups", Label: "tab:groupdiff",
			Note:    "welch_t: difference of mean CARs (percent); mann_whitney: P(CAR_A > CAR_B), statistic Z (tie-corrected), exact p for n_A + n_B <= 50. " + starsNote,
			Columns: []string{"Group A", "Group B", "Window", "Test", "n A", "n B", "Estimate", "Statistic", "p"},
			Numeric: []bool{false, false, false, false, true, true, true, true, true},
		}
		for _, r := range t.GroupDiff {
			est := fixed(r.Estimate, 100, pctDecimals)
			if r.Test == TestMannWhitney {
				est = fixed(r.Estimate, 1, pDecimals)
			}
			stat := fixed(r.Statistic, 1, statDecimals)
			if stat != "" {
				stat += results.Stars(r.P)
			}
			gt.Rows = append(gt.Rows, []string{r.GroupA, r.GroupB, r.Window, r.Test, strconv.Itoa(r.NA), strconv.Itoa(r.NB),
				est, stat, fixed(r.P, 1, pDecimals)})
		}
		out = append(out, gt)
	}
	if len(t.Clustering) > 0 {
		ct := PubTable{
			Title: "Calendar clustering of event windows", Label: "tab:clustering",
			Note:    fmt.Sprintf("Share of event pairs whose CAR windows overlap in calendar time; above %.0f %% prefer kp_bmp, kp_patell or grank.", KPShareThreshold*100),
			Columns: []string{"Group", "Window", "N", "Overlapping pairs", "Share", "Distinct day 0", "Largest cluster", "Prefer KP"},
			Numeric: []bool{false, false, true, true, true, true, true, false},
		}
		for _, r := range t.Clustering {
			ct.Rows = append(ct.Rows, []string{r.Group, r.Window, strconv.Itoa(r.N),
				fmt.Sprintf("%d/%d", r.OverlapPairs, r.Pairs), strconv.FormatFloat(r.OverlapShare, 'f', 3, 64),
				strconv.Itoa(r.DistinctDay0), strconv.Itoa(r.LargestCluster), yes(r.PreferKP)})
		}
		out = append(out, ct)
	}
	return out
}

// Markdown renders the tables as pipe tables under a level-1 heading,
// as tables.md is (results.Markdown).
func Markdown(heading string, tables []PubTable) []byte {
	return results.Markdown(heading, pubCells(tables))
}

// TeX renders the tables as booktabs tables, as tables.tex is
// (results.TeX).
func TeX(tables []PubTable) []byte { return results.TeX("Comparison tables", pubCells(tables)) }

// pubCells turns rows of text into cells: in a numeric column a cell
// other than a count ("3/40") or a phrase is a number, and its trailing
// stars are its significance.
func pubCells(tables []PubTable) []results.PubTable {
	out := make([]results.PubTable, len(tables))
	for k, t := range tables {
		r := results.PubTable{Title: t.Title, Label: t.Label, Note: t.Note, Columns: t.Columns, Numeric: t.Numeric,
			Rows: make([][]results.PubCell, len(t.Rows))}
		for i, row := range t.Rows {
			r.Rows[i] = make([]results.PubCell, len(row))
			for j, c := range row {
				if j < len(t.Numeric) && t.Numeric[j] && c != "" && !strings.ContainsAny(c, "/ ") {
					num := strings.TrimRight(c, "*")
					r.Rows[i][j] = results.PubCell{Text: num, Num: true, Stars: c[len(num):]}
					continue
				}
				r.Rows[i][j] = results.TextCell(c)
			}
		}
		out[k] = r
	}
	return out
}
