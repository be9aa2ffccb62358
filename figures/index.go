package figures

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/breachlab/eventstudy/results"
)

// index is the results set looked up by event, group and window. Its
// slices are copies in file order (sorted where a figure needs it), so
// the set itself is never reordered.
type index struct {
	set    *results.Set
	level  float64
	window string // the CAR window of the ranked CARs, histogram, timeline

	ar     map[string][]results.ARRow // by event, by rel_day
	prices map[string][]results.PriceRow
	car    map[[2]string]results.CARRow // event, window
	df     map[string]int               // the event's t df (0: normal)
	groups []string                     // aar.csv's groups in file order
	aar    map[string][]results.AARRow  // by group, by rel_day
}

func newIndex(set *results.Set, opt Options) (*index, error) {
	level, err := studyLevel(set, opt.Level)
	if err != nil {
		return nil, err
	}
	ix := &index{set: set, level: level,
		ar: map[string][]results.ARRow{}, prices: map[string][]results.PriceRow{},
		car: map[[2]string]results.CARRow{}, df: map[string]int{}, aar: map[string][]results.AARRow{}}
	for _, r := range set.AR {
		ix.ar[r.EventID] = append(ix.ar[r.EventID], r)
	}
	for _, rows := range ix.ar {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay })
	}
	for _, r := range set.Prices {
		ix.prices[r.EventID] = append(ix.prices[r.EventID], r)
	}
	for _, rows := range ix.prices {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay })
	}
	var first string
	for _, r := range set.CAR {
		if first == "" {
			first = r.Window
		}
		ix.car[[2]string{r.EventID, r.Window}] = r
		if _, ok := ix.df[r.EventID]; !ok && r.DF.Valid {
			ix.df[r.EventID] = r.DF.V
		}
	}
	for _, r := range set.AAR {
		if _, ok := ix.aar[r.Group]; !ok {
			ix.groups = append(ix.groups, r.Group)
		}
		ix.aar[r.Group] = append(ix.aar[r.Group], r)
	}
	for _, rows := range ix.aar {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay })
	}
	ix.window = opt.Window
	if ix.window == "" {
		ix.window = first
		for _, r := range set.CAR {
			if r.Window == DefaultWindow {
				ix.window = DefaultWindow
				break
			}
		}
	}
	return ix, nil
}

// studyLevel is the coverage of the bands: given, else the manifest's
// config "level" (a number, or a number as text), else DefaultLevel. A
// level outside (0, 1) is an error, never a silently different band.
func studyLevel(set *results.Set, given float64) (float64, error) {
	level := given
	if level == 0 {
		level = DefaultLevel
		switch v := set.Manifest.Config["level"].(type) {
		case float64:
			level = v
		case string:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, fmt.Errorf("manifest.json: config level %q is not a number; rerun the study with --level 0.95 or the like", v)
			}
			level = f
		}
	}
	if math.IsNaN(level) || level <= 0 || level >= 1 {
		return 0, fmt.Errorf("band level %v is not between 0 and 1; use a coverage such as 0.95", level)
	}
	return level, nil
}

// members are the events of a group: those whose group is g, or every
// event for a group no event names (such as "all").
func (ix *index) members(g string) []results.EventRow {
	var in, all []results.EventRow
	for _, e := range ix.set.Events {
		all = append(all, e)
		if e.Group == g {
			in = append(in, e)
		}
	}
	if len(in) == 0 {
		return all
	}
	return in
}

// incidentKey is the incident of an event, its id when it has none.
func incidentKey(e results.EventRow) string {
	if e.Incident != "" {
		return e.Incident
	}
	return e.EventID
}

// stageName is what a figure calls an event's stage.
func stageName(e results.EventRow) string {
	if e.Stage != "" {
		return e.Stage
	}
	return e.EventID
}

// levelText is the coverage as a percentage ("95%").
func levelText(level float64) string {
	return strconv.FormatFloat(math.Round(1e6*100*level)/1e6, 'f', -1, 64) + "%"
}

// values converts table numbers (NaN for missing) to float64.
func f64(n results.Num) float64 { return float64(n) }
