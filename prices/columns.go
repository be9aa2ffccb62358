package prices

import "fmt"

// Column-name vocabularies, compared after normName. Each source's names
// come from its documentation or its export as saved:
//   - Yahoo download: Date,Open,High,Low,Close,Adj Close,Volume; Yahoo's web
//     table: "Close*" (adjusted for splits) and "Adj Close**" (adjusted for
//     splits and dividends), per the table's own footnote.
//   - R tidyquant tq_get: symbol,date,open,high,low,close,volume,adjusted.
//   - Alpha Vantage TIME_SERIES_DAILY_ADJUSTED: adjusted_close.
//   - Refinitiv Eikon: Instrument,Date,Price Close; Bloomberg: PX_LAST
//     (unadjusted unless the export was set to adjust).
//   - CRSP daily stock file (dsf): PERMNO,date,PRC,RET; its CIZ form (dsf_v2,
//     2024 on): PERMNO,DlyCalDt,DlyPrc,DlyRet,DlyVol (crsp.go).
//   - Compustat daily securities (secd): gvkey,iid,datadate,tic,prccd,
//     ajexdi,trfd (compustat.go).
var (
	dateNames   = []string{"date", "datadate", "caldt", "dlycaldt", "day", "timestamp", "tradedate", "tradingday", "time"}
	symbolNames = []string{"symbol", "ticker", "tic", "sym", "permno", "permco", "cusip", "isin", "ric", "instrument", "secid", "firm", "company", "gvkey"}
	adjNames    = []string{"adjclose", "adjustedclose", "adjprc", "adjprice", "adjclosingprice", "adjusted", "adjclose**", "adjclose*", "adjustedprice"}
	// closeNames are closing prices not adjusted for dividends ("close*",
	// Yahoo web's, is adjusted for splits: splitAdjNames).
	closeNames    = []string{"close", "price", "prc", "dlyprc", "closeprice", "closingprice", "last", "priceclose", "pxlast", "close*", "close/last"}
	splitAdjNames = []string{"close*"}
	returnNames   = []string{"ret", "dlyret", "return", "returns"}
	// percentNames say percent, or may: pandas' pct_change gives decimals
	// under a percent-like name, so a name alone never settles the unit
	// (--returns-unit does).
	percentNames = []string{"change%", "chg%", "%chg", "%change", "pct", "retpct", "pctret", "pctchange", "changepct",
		"percentchange", "return(%)", "returns(%)", "ret(%)", "ret%", "return%", "returnpct", "change(%)", "chg(%)", "dailyreturn(%)"}
	logNames   = []string{"logret", "logreturn", "logreturns", "lret", "logrtn", "lnret", "logr"}
	yahooNames = []string{"open", "high", "low", "volume"}
)

// repeatedColumn returns the first pair of columns whose names are equal
// after normName (i < j), or -1, -1. A per-ticker file's
// Date,Close,Close,Close (a trimmed yfinance multi-ticker download) would
// otherwise be read from its first Close: another firm's prices.
func repeatedColumn(norm []string) (int, int) {
	seen := make(map[string]int, len(norm))
	for j, n := range norm {
		if n == "" {
			continue
		}
		if i, ok := seen[n]; ok {
			return i, j
		}
		seen[n] = j
	}
	return -1, -1
}

// priceAdjustment says how the prices of a column named norm are adjusted:
// adjusted (splits, and for the adjusted names dividends too) and the
// words for the detection line.
func priceAdjustment(norm string) (adjusted bool, words string) {
	switch {
	case findName([]string{norm}, adjNames) == 0:
		return true, "adjusted for splits and dividends"
	case findName([]string{norm}, splitAdjNames) == 0:
		return true, "adjusted for splits only (Yahoo web's Close*), not dividends"
	case norm == "pxlast":
		return false, "Bloomberg PX_LAST, unadjusted unless the export said otherwise"
	case findName([]string{norm}, closeNames) == 0:
		return false, "unadjusted"
	}
	return false, "adjustment not stated"
}

// unadjustedNote is the warning for a file whose only price is an
// unadjusted close.
func unadjustedNote(path, col string) string {
	return fmt.Sprintf("%s: column %q holds prices not adjusted for dividends and splits: returns are wrong across ex-dividend dates and splits; export adjusted prices (Adj Close, adjusted) or returns if you can", path, col)
}

// unadjustedDirNote is unadjustedNote once for the files of a directory.
func unadjustedDirNote(dir string, files []string) string {
	return fmt.Sprintf("%s: %d files hold only closing prices not adjusted for dividends and splits (%s): returns are wrong across ex-dividend dates and splits; export adjusted prices (Adj Close, adjusted) or returns if you can", dir, len(files), listSyms(files))
}

// yfinanceAdjustedWords describe a yfinance Close written with
// auto_adjust=True (the default of history() and, since 0.2.51, of
// download()): adjusted for splits and dividends. With auto_adjust=False
// yfinance writes an Adj Close column beside Close, so a yfinance file
// without one proves the adjustment.
const yfinanceAdjustedWords = "adjusted for splits and dividends (yfinance auto_adjust=True)"

// yfinanceHistoryAdjusted says whether a header is yfinance history()'s
// with auto_adjust=True: Dividends and Stock Splits columns and no
// adjusted close.
func yfinanceHistoryAdjusted(norm []string) bool {
	return findName(norm, []string{"dividends"}) >= 0 && findName(norm, []string{"stocksplits"}) >= 0 && findName(norm, adjNames) < 0
}
