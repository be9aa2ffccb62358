package analysis

import (
	"math"
	"math/rand/v2"
)

// garchTruth is the data-generating process of the recovery tests.
type garchTruth struct {
	kind               string
	alpha, beta        float64
	omega, a, b, gamma float64
	nu                 float64 // +Inf: normal innovations
}

// simGarch draws n days of (firm, market) returns from g after a burn-in
// of 500 days: market iid N(0.0003, 0.01²), z normal or unit-variance t.
func simGarch(rng *rand.Rand, g garchTruth, n int) (r, m []float64) {
	const burn = 500
	draw := func() float64 {
		if math.IsInf(g.nu, 1) {
			return rng.NormFloat64()
		}
		// t(ν) = N / sqrt(χ²_ν/ν), χ²_ν as a sum of squares needs integer ν:
		// use the gamma form via the Marsaglia–Tsang-free route of ν
		// integer here (the tests use ν = 6).
		var c float64
		for k := 0; k < int(g.nu); k++ {
			z := rng.NormFloat64()
			c += z * z
		}
		return rng.NormFloat64() / math.Sqrt(c/g.nu) * math.Sqrt((g.nu-2)/g.nu)
	}
	ez := math.Sqrt(2 / math.Pi)
	if !math.IsInf(g.nu, 1) {
		ez = absZMean(g.nu)
	}
	var s2 float64
	if g.kind == varEGARCH {
		s2 = math.Exp(g.omega / (1 - g.b))
	} else {
		s2 = g.omega / (1 - g.a - g.b)
	}
	r, m = make([]float64, n), make([]float64, n)
	for t := -burn; t < n; t++ {
		z := draw()
		eps := math.Sqrt(s2) * z
		if t >= 0 {
			m[t] = 0.0003 + 0.01*rng.NormFloat64()
			r[t] = g.alpha + g.beta*m[t] + eps
		}
		if g.kind == varEGARCH {
			s2 = math.Exp(g.omega + g.a*(math.Abs(z)-ez) + g.gamma*z + g.b*math.Log(s2))
		} else {
			s2 = g.omega + g.a*eps*eps + g.b*s2
		}
	}
	return r, m
}

// garchEvent is an event whose estimation window holds the first nEst
// simulated days and whose event window (-10..10) the next 21.
func garchEvent(r, m []float64, nEst int) (*EventInput, Config) {
	cfg := DefaultConfig()
	cfg.Model = ModelGARCH
	cfg.Estimation = Window{-10 - nEst, -11}
	cfg.EventWindow = Window{-10, 10}
	cfg.CARWindows = []Window{{0, 0}, {-1, 1}}
	cfg.MinEst = 50
	n := nEst + 21
	in := &EventInput{ID: "e", Firm: "F", R: r[:n], X: [][]float64{m[:n]}, Cal: make([]int, n)}
	for i := range in.Cal {
		in.Cal[i] = i
	}
	return in, cfg
}
