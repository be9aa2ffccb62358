package results

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVolumeCellsMatchReflection: the hand-written cells of volume.csv
// and volatility.csv are the reflective ones, cell for cell, over three
// blocks of streamTable with missing numbers, odd strings and ints.
func TestVolumeCellsMatchReflection(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 19))
	num := func() Num {
		if rng.IntN(5) == 0 {
			return NA
		}
		return Num(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10)))
	}
	strs := []string{"", "E1", "a,b", `say "hi"`, "0,5", "-1,1", " lead"}
	str := func() string { return strs[rng.IntN(len(strs))] }
	in := func() int { return rng.IntN(2100) - 50 }
	var vol []VolumeRow
	var vty []VolatilityRow
	for range 2*streamBlockRows + 77 {
		vol = append(vol, VolumeRow{str(), str(), in(), in(), num(), num(), num(), Int{in(), rng.IntN(2) == 0}, num(), in()})
		vty = append(vty, VolatilityRow{str(), str(), in(), in(), num(), num(), Int{in(), rng.IntN(2) == 0}, num(), num(), in()})
		if rng.IntN(2) == 0 {
			vty[len(vty)-1].Stat = vty[len(vty)-1].U // as Beaver's U is its own statistic (numLike)
		}
	}
	t.Run("volume", func(t *testing.T) { checkFastCells(t, vol, volumeColumns) })
	t.Run("volatility", func(t *testing.T) { checkFastCells(t, vty, volatilityColumns) })
}
