package prices

import (
	"fmt"
	"sort"
	"strings"
)

// CRSP daily stock file (dsf) as WRDS exports it: PERMNO,date,...,PRC,
// ...,RET,... (upper or lower case), dates YYYYMMDD or ISO. RET is the
// holding-period return with dividends reinvested, so it wins over PRC,
// which is not adjusted. A negative PRC is not a price: CRSP writes the
// bid/ask average with a minus sign when there was no trade (CRSP Data
// Descriptions Guide, "Price or Bid/Ask Average"). CRSP's CIZ format
// (2024 on, WRDS dsf_v2) names them DlyCalDt, DlyPrc and DlyRet: read alike.

// crspMissing are CRSP's missing-return codes as a WRDS export writes them
// in RET: one letter (the SAS special missing value) or the numeric code
// itself (CRSP, "Missing Return Codes",
// crsp.com/documentation/product/stkind/data_coding_schemes/missing_return_codes.html).
var crspMissing = map[string]string{
	"A": "no portfolio assignment (-44)",
	"P": "missing delisting return (-55)",
	"B": "more than 10 trading days since the last price (-66)",
	"S": "not trading on an included exchange (-77)",
	"T": "outside the security's return range (-88)",
	"C": "no valid price on this or the previous day (-99)",
}

// crspNumeric maps the numeric codes to their letters.
var crspNumeric = map[float64]string{-44: "A", -55: "P", -66: "B", -77: "S", -88: "T", -99: "C"}

// crspPrices and crspReturns are the price and return columns, SIZ and
// CIZ names.
var (
	crspPrices  = []string{"prc", "dlyprc"}
	crspReturns = []string{"ret", "dlyret"}
)

// crspKeys are CRSP's identifiers, in the order they are taken as the
// symbol: PERMNO is permanent, tickers are reused.
var crspKeys = []string{"permno", "permco", "cusip"}

// isCRSP tells a CRSP daily file from its header: PERMNO, PERMCO or
// CUSIP, and PRC or RET.
func isCRSP(norm []string) bool {
	return findName(norm, crspKeys) >= 0 && (findName(norm, crspPrices) >= 0 || findName(norm, crspReturns) >= 0)
}

// crspCode reports whether a RET cell is a CRSP missing-return letter.
func crspCode(f []byte) (string, bool) {
	if len(f) == 1 || (len(f) == 2 && f[0] == '.') { // "B" or SAS's ".B"
		l := strings.ToUpper(string(f[len(f)-1:]))
		_, ok := crspMissing[l]
		return l, ok
	}
	return "", false
}

// crspCodesNote lists the missing-return codes met, by code.
func crspCodesNote(path, col string, codes map[string]int) string {
	ks := make([]string, 0, len(codes))
	n := 0
	for k, c := range codes {
		ks = append(ks, k)
		n += c
	}
	sort.Strings(ks)
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = fmt.Sprintf("%s %d (%s)", k, codes[k], crspMissing[k])
	}
	return fmt.Sprintf("%s: %d CRSP missing-return codes in %q treated as missing: %s", path, n, col, strings.Join(parts, ", "))
}
