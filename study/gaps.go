package study

// Gaps is the missing-price policy (--gaps, docs/methodology.md 1.3).
type Gaps string

// GapsDrop drops the returns across a gap (the default).
const GapsDrop Gaps = "drop"

// GapPolicies are the values --gaps accepts.
var GapPolicies = []Gaps{GapsDrop, GapsTradeToTrade}

func (g Gaps) String() string { return string(g) }
