package dates

import (
	"fmt"
	"sort"
)

// Calendar is the ordered set of trading days: the dates on which the market
// series has a valid close (docs/methodology.md 1.2). Relative event days are
// positions in it.
type Calendar struct {
	Days []Day
}

// NewCalendar checks that days ascend strictly.
func NewCalendar(days []Day) (*Calendar, error) {
	for i := 1; i < len(days); i++ {
		if days[i] <= days[i-1] {
			return nil, fmt.Errorf("calendar dates not strictly ascending at %s", days[i])
		}
	}
	return &Calendar{Days: days}, nil
}

// Len is the number of trading days.
func (c *Calendar) Len() int { return len(c.Days) }

// Index returns the position of d, if d is a trading day.
func (c *Calendar) Index(d Day) (int, bool) {
	i := c.Next(d)
	return i, i < len(c.Days) && c.Days[i] == d
}

// Next returns the position of the first trading day on or after d
// (Len() if there is none).
func (c *Calendar) Next(d Day) int {
	return sort.Search(len(c.Days), func(i int) bool { return c.Days[i] >= d })
}

// Prev returns the position of the last trading day on or before d
// (-1 if there is none).
func (c *Calendar) Prev(d Day) int {
	return sort.Search(len(c.Days), func(i int) bool { return c.Days[i] > d }) - 1
}
