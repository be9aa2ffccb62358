package compare

import (
	"math"
	"strings"

	"github.com/breachlab/eventstudy/results"
)

// PeerSuffix names the pseudo-event of an event's peer portfolio:
// "<event_id>:peers".
const PeerSuffix = ":peers"

// EqualWeighted is the equally weighted portfolio of peers' simple
// returns: on every day the mean over the peers with a valid (finite)
// return that day, NaN when none has one. All series must have the same
// length (one entry per calendar day). Rebalancing daily to equal weights
// is the usual rival-portfolio convention of contagion studies (e.g.
// Lang & Stulz 1992); averaging over the peers present keeps a day when
// one rival did not trade rather than losing it.
func EqualWeighted(peers [][]float64) []float64 {
	if len(peers) == 0 {
		return nil
	}
	out := make([]float64, len(peers[0]))
	for t := range out {
		var s float64
		n := 0
		for _, p := range peers {
			if t < len(p) && !math.IsNaN(p[t]) && !math.IsInf(p[t], 0) {
				s += p[t]
				n++
			}
		}
		if n == 0 {
			out[t] = math.NaN()
		} else {
			out[t] = s / float64(n)
		}
	}
	return out
}

// PeerRow is one row of peers.csv: an event's CAR and single-event tests
// beside those of its peer portfolio for one window. Opposite signs point
// to a competitive effect (rivals gain), the same sign to contagion.
type PeerRow struct {
	EventID  string      `csv:"event_id" json:"event_id"`
	Firm     string      `csv:"firm" json:"firm"`
	Peers    string      `csv:"peers" json:"peers"` // ';'-separated tickers
	NPeers   int         `csv:"n_peers" json:"n_peers"`
	Window   string      `csv:"window" json:"window"`
	FirmCAR  results.Num `csv:"firm_car" json:"firm_car"`
	FirmT    results.Num `csv:"firm_t" json:"firm_t"`
	FirmP    results.Num `csv:"firm_p" json:"firm_p"`
	FirmSQP  results.Num `csv:"firm_sq_p" json:"firm_sq_p"`
	PeerCAR  results.Num `csv:"peer_car" json:"peer_car"`
	PeerT    results.Num `csv:"peer_t" json:"peer_t"`
	PeerDF   results.Int `csv:"peer_df" json:"peer_df"`
	PeerP    results.Num `csv:"peer_p" json:"peer_p"`
	PeerSQP  results.Num `csv:"peer_sq_p" json:"peer_sq_p"`
	Effect   string      `csv:"effect" json:"effect"` // contagion, competitive or "" (see Effect)
	PeerNote string      `csv:"peer_note" json:"peer_note"`
}

// Effect classifies a firm/peer CAR pair: "contagion" when the peer CAR
// is significant (p < Alpha) with the firm's sign, "competitive" when
// significant with the opposite sign, "" otherwise.
func Effect(firmCAR, peerCAR, peerP results.Num) string {
	if firmCAR.IsNA() || peerCAR.IsNA() || peerP.IsNA() || float64(peerP) >= Alpha {
		return ""
	}
	if (firmCAR < 0) == (peerCAR < 0) {
		return "contagion"
	}
	return "competitive"
}

// PeerRows pairs the firm rows of car.csv with the rows of the events'
// peer pseudo-events (car rows whose event id is id+PeerSuffix).
// peers maps an event id to its peer tickers; note maps it to a reason
// when its portfolio could not be estimated. Rows follow car order.
func PeerRows(firmCAR []results.CARRow, peerCAR []results.CARRow, firmOf map[string]string, peers map[string][]string, note map[string]string) []PeerRow {
	type key struct{ id, w string }
	pc := map[key]results.CARRow{}
	for _, r := range peerCAR {
		pc[key{strings.TrimSuffix(r.EventID, PeerSuffix), r.Window}] = r
	}
	var out []PeerRow
	for _, r := range firmCAR {
		ps, ok := peers[r.EventID]
		if !ok || len(ps) == 0 {
			continue
		}
		row := PeerRow{EventID: r.EventID, Firm: firmOf[r.EventID], Peers: strings.Join(ps, ";"), NPeers: len(ps),
			Window: r.Window, FirmCAR: r.CAR, FirmT: r.T, FirmP: r.P, FirmSQP: r.SQP,
			PeerCAR: results.NA, PeerT: results.NA, PeerP: results.NA, PeerSQP: results.NA,
			PeerNote: note[r.EventID]}
		if p, ok := pc[key{r.EventID, r.Window}]; ok {
			row.PeerCAR, row.PeerT, row.PeerDF, row.PeerP, row.PeerSQP = p.CAR, p.T, p.DF, p.P, p.SQP
		}
		row.Effect = Effect(row.FirmCAR, row.PeerCAR, row.PeerP)
		out = append(out, row)
	}
	return out
}
