package fetch

import (
	"sync"
	"time"
)

// Limiter is a token bucket: tokens accrue at Rate per second up to
// Burst, and each request takes one, waiting when none is left. The SEC's
// fair-access rule is at most 10 requests per second; with Burst 1 and
// Rate 10 the requests are spaced at least 100 ms apart, so no one-second
// window holds more than 10 (a larger burst would allow Burst+Rate in the
// first second).
type Limiter struct {
	Rate  float64 // tokens per second
	Burst float64 // bucket size (at least 1)

	// now and sleep are the clock; tests replace them with a fake one.
	now   func() time.Time
	sleep func(time.Duration)

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// NewLimiter returns a bucket of burst tokens filled at rate per second,
// on the real clock.
func NewLimiter(rate, burst float64) *Limiter {
	return &Limiter{Rate: rate, Burst: max(burst, 1), now: time.Now, sleep: time.Sleep}
}

// Wait blocks until a token is available and takes it. Requests wait in
// turn: the lock is held while sleeping, which is what a polite client
// wants (one request at a time).
func (l *Limiter) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.last.IsZero() {
		l.tokens = l.Burst
	} else {
		l.tokens = min(l.Burst, l.tokens+now.Sub(l.last).Seconds()*l.Rate)
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return
	}
	d := time.Duration((1 - l.tokens) / l.Rate * float64(time.Second))
	l.sleep(d)
	// The token accrued during the wait is taken at once.
	l.last = now.Add(d)
	l.tokens = 0
}
