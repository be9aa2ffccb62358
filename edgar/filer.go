package edgar

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/breachlab/eventstudy/fetch"
	"github.com/breachlab/eventstudy/inputerr"
)

// pick is a filing selected for a row.
type pick struct {
	f       Filing
	item    string
	keyword string   // the keyword an Item 8.01 filing matched
	refs    []string // accession numbers its text cites (amendments)
}

// filer reads one filer and adds its rows.
func (b *builder) filer(sel selected) error {
	s, err := b.submissions(sel.cik)
	if err != nil {
		var ie *inputerr.InputError
		bad := errors.Is(err, errNoFiler) || errors.As(err, &ie)
		switch {
		case bad && !sel.explicit:
			b.note(fmt.Sprintf("CIK %d skipped: %v", sel.cik, err))
			return nil
		case errors.Is(err, errNoFiler):
			return fmt.Errorf("no EDGAR filer with CIK %d (%v); check the CIK (or the ticker's entry in the tickers file)", sel.cik, err)
		}
		return err
	}
	b.res.Filers++
	firm := b.firm(sel, s)
	var picks []pick
	eligible := map[string]bool{} // Item 8.01 originals that passed the keyword filter
	for _, f := range s.Filings {
		p, ok, err := b.choose(s, f)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if p.item == ItemOther && f.Form == "8-K" {
			eligible[f.Accession] = true
		}
		picks = append(picks, p)
	}
	if len(picks) == 0 {
		b.res.Empty++
		if !sel.explicit {
			return nil
		}
		b.note(fmt.Sprintf("%s (CIK %d, %s): no 8-K or 8-K/A with Item %s filed %s to %s",
			firm, s.CIK, s.Name, strings.Join(b.cfg.Items, " or "), b.cfg.From, b.cfg.To))
		return nil
	}
	ok := func(f Filing) bool {
		return !HasItem(f.Items, ItemOther) || HasItem(f.Items, ItemIncident) || eligible[f.Accession]
	}
	// Originals first, so that an amendment's incident takes its
	// original's acceptance date from the original's row.
	sort.SliceStable(picks, func(i, j int) bool { return picks[i].f.Form == "8-K" && picks[j].f.Form != "8-K" })
	dateOf := map[string]string{}
	for _, p := range picks {
		r, err := b.row(s, firm, p, ok, dateOf)
		if err != nil {
			return err
		}
		dateOf[r.Accession] = r.Date
		b.res.Rows = append(b.res.Rows, r)
	}
	return nil
}

// choose decides whether f becomes a row: form 8-K or 8-K/A, filed in the
// range, with a selected item; an Item 8.01 filing only when its text
// holds a keyword. Amendments' texts are read for the accession numbers
// they cite.
func (b *builder) choose(s *Submissions, f Filing) (pick, bool, error) {
	if f.Form != "8-K" && f.Form != "8-K/A" {
		return pick{}, false, nil
	}
	if f.FilingDate < b.cfg.From.String() || f.FilingDate > b.cfg.To.String() {
		return pick{}, false, nil
	}
	p := pick{f: f, item: b.item(f.Items)}
	if p.item == "" {
		return pick{}, false, nil
	}
	if p.item != ItemOther && f.Form != "8-K/A" {
		return p, true, nil
	}
	text, have, err := b.document(s.CIK, f)
	if err != nil {
		return pick{}, false, err
	}
	if p.item == ItemOther {
		if !have {
			b.res.Skipped++
			b.note(fmt.Sprintf("%s %s (Item 8.01): its document is not available, so the keyword filter cannot run; left out", f.Form, f.Accession))
			return pick{}, false, nil
		}
		if p.keyword = matchKeyword(text, b.cfg.Keywords); p.keyword == "" {
			b.res.Skipped++
			return pick{}, false, nil
		}
	}
	p.refs = accessionRefs(text)
	return p, true, nil
}

// item is the selected item of an items list: Item 1.05 wins over 8.01.
func (b *builder) item(items string) string {
	for _, it := range []string{ItemIncident, ItemOther} {
		if HasItem(items, it) && b.selects(it) {
			return it
		}
	}
	return ""
}

func (b *builder) selects(item string) bool {
	for _, it := range b.cfg.Items {
		if it == item {
			return true
		}
	}
	return false
}

// document is the filing's primary document as plain text; have is false
// when it is absent (404, or offline and not cached).
func (b *builder) document(cik int, f Filing) (text string, have bool, err error) {
	if f.PrimaryDoc == "" {
		return "", false, nil
	}
	data, err := b.cfg.Client.Get(b.archive(cik, f.Accession, f.PrimaryDoc), false)
	switch {
	case fetch.NotFound(err) || errors.Is(err, fetch.ErrNotCached):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return plainText(data), true, nil
}

// firm is the ticker written in the firm column: the one the user gave,
// else the filer's first ticker, else its CIK (no listed stock: the user
// must name the price series).
func (b *builder) firm(sel selected, s *Submissions) string {
	switch {
	case sel.ticker != "":
		return sel.ticker
	case len(s.Tickers) > 0 && s.Tickers[0] != "":
		return s.Tickers[0]
	}
	if b.tickers != nil {
		if t, ok := b.tickers.Ticker(s.CIK); ok {
			return t
		}
	}
	id := fmt.Sprintf("CIK%010d", s.CIK)
	b.note(fmt.Sprintf("%s (%s) has no ticker: its rows name the firm %s; replace it with the price file's name", id, s.Name, id))
	return id
}
