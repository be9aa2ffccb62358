// Package fetch downloads files politely and keeps them: a User-Agent
// naming the user, a token-bucket rate limit, retries with backoff on
// 429 and 5xx, and a local cache so that a rerun touches no network and
// gives the same bytes. Each file used is recorded with its SHA-256 for
// the caller's manifest. EDGAR (package edgar) and Kenneth French's data
// library (package french) use it.
package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Client gets URLs through a cache directory.
type Client struct {
	UserAgent string
	Cache     string // cache directory; "" = no cache
	Offline   bool   // read the cache only, never the network
	HTTP      *http.Client
	Limiter   *Limiter
	Retries   int           // further attempts after a 429 or 5xx
	Backoff   time.Duration // first wait; doubled on each retry
	// OfflineHint ends the message of a network failure ("or use --offline").
	OfflineHint string

	sleep func(time.Duration)

	mu      sync.Mutex
	sources []Source
	seen    map[string]bool
}

// Source is one file used: where it came from, where it is kept, and its
// hash, for a manifest.
type Source struct {
	URL       string `json:"url"`
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	Bytes     int    `json:"bytes"`
	FromCache bool   `json:"from_cache"`
}

// New returns a client with the SEC's limits: 10 requests per second,
// 4 retries starting at 1 s, a 60 s timeout per request.
func New(userAgent, cache string) *Client {
	return &Client{
		UserAgent: userAgent,
		Cache:     cache,
		HTTP:      &http.Client{Timeout: 60 * time.Second},
		Limiter:   NewLimiter(10, 1),
		Retries:   4,
		Backoff:   time.Second,
		sleep:     time.Sleep,
	}
}

// SetClock replaces the clock of the client and its limiter (tests).
func (c *Client) SetClock(now func() time.Time, sleep func(time.Duration)) {
	c.sleep = sleep
	if c.Limiter != nil {
		c.Limiter.now, c.Limiter.sleep = now, sleep
	}
}

// Sources are the files used so far, in the order first used.
func (c *Client) Sources() []Source {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Source(nil), c.sources...)
}

// HTTPError is a response other than 200 after the retries.
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// NotFound reports whether err is an HTTP 404.
func NotFound(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Status == http.StatusNotFound
}

// notFoundSuffix marks a URL that answered 404 in the cache.
const notFoundSuffix = ".404"

// ErrNotCached is returned offline for a file the cache does not hold.
var ErrNotCached = errors.New("not in the cache")

// Get returns the body of u: from the cache when it holds u (unless
// refresh), else from the network, which then stores it in the cache.
func (c *Client) Get(u string, refresh bool) ([]byte, error) {
	path := c.CachePath(u)
	if path != "" && (!refresh || c.Offline) {
		if b, err := os.ReadFile(path); err == nil {
			c.record(u, path, b, true)
			return b, nil
		}
		// A 404 is remembered too, so that a rerun asks nothing.
		if _, err := os.Stat(path + notFoundSuffix); err == nil {
			return nil, &HTTPError{URL: u, Status: http.StatusNotFound}
		}
	}
	if c.Offline {
		return nil, fmt.Errorf("%s: %w (%s)", u, ErrNotCached, c.Cache)
	}
	b, err := c.download(u)
	if NotFound(err) && path != "" {
		os.Remove(path)
		if werr := writeAtomic(path+notFoundSuffix, nil); werr != nil {
			return nil, fmt.Errorf("cannot write the cache: %v; check --cache", werr)
		}
	}
	if err != nil {
		return nil, err
	}
	if path != "" {
		os.Remove(path + notFoundSuffix)
	}
	if path != "" {
		if err := writeAtomic(path, b); err != nil {
			return nil, fmt.Errorf("cannot write the cache: %v; check --cache", err)
		}
	}
	c.record(u, path, b, false)
	return b, nil
}

// CachePath is where u is kept: <cache>/<host>/<path>. Archives on EDGAR
// never change, so the path is the key.
func (c *Client) CachePath(u string) string {
	if c.Cache == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	host := strings.NewReplacer(":", "_").Replace(p.Host)
	clean := filepath.FromSlash(strings.TrimPrefix(filepath.ToSlash(filepath.Clean("/"+p.Path)), "/"))
	return filepath.Join(c.Cache, host, clean)
}

func (c *Client) record(u, path string, b []byte, cached bool) {
	sum := sha256.Sum256(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[u] {
		return
	}
	c.seen[u] = true
	c.sources = append(c.sources, Source{URL: u, File: path, SHA256: hex.EncodeToString(sum[:]), Bytes: len(b), FromCache: cached})
}

// download gets u, retrying 429 and 5xx responses with exponential
// backoff (a Retry-After in seconds is honoured when longer, up to a
// minute). A failure to connect is not retried: it is reported at once in
// one line.
func (c *Client) download(u string) ([]byte, error) {
	wait := c.Backoff
	for attempt := 0; ; attempt++ {
		if c.Limiter != nil {
			c.Limiter.Wait()
		}
		b, status, retryAfter, err := c.once(u)
		if err != nil {
			return nil, err
		}
		if status == http.StatusOK {
			return b, nil
		}
		retriable := status == http.StatusTooManyRequests || status >= 500
		if !retriable || attempt >= c.Retries {
			return nil, &HTTPError{URL: u, Status: status}
		}
		d := max(wait, min(retryAfter, time.Minute))
		c.sleep(d)
		wait *= 2
	}
}

func (c *Client) once(u string) (body []byte, status int, retryAfter time.Duration, err error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("bad URL %q: %v", u, err)
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, 0, 0, c.networkError(req.URL, err)
	}
	defer resp.Body.Close()
	r, err := decoded(resp)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %v", u, err)
	}
	body, err = io.ReadAll(r)
	if err != nil {
		return nil, 0, 0, c.networkError(req.URL, err)
	}
	if s, e := strconv.Atoi(resp.Header.Get("Retry-After")); e == nil && s > 0 {
		retryAfter = time.Duration(s) * time.Second
	}
	return body, resp.StatusCode, retryAfter, nil
}

// networkError says in one line that the host cannot be reached and why
// (the innermost cause: "connection refused", "no such host", a timeout).
func (c *Client) networkError(u *url.URL, err error) error {
	cause := err
	var op *net.OpError
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		cause = dns
	case errors.As(err, &op):
		cause = op.Err
	default:
		var ue *url.Error
		if errors.As(err, &ue) {
			cause = ue.Err
		}
	}
	msg := fmt.Sprintf("cannot reach %s (%v); check the network connection and any proxy settings", u.Host, cause)
	if c.OfflineHint != "" {
		msg += ", " + c.OfflineHint
	}
	return errors.New(msg)
}

// WriteFile writes b to path atomically: a temporary file in the same
// directory renamed into place, so a reader never sees half a file.
func WriteFile(path string, b []byte) error { return writeAtomic(path, b) }

func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// HashFile is the SHA-256 of a file, hex.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// HashBytes is the SHA-256 of b, hex.
func HashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
