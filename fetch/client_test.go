package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock that sleeping advances.
type fakeClock struct {
	t     time.Time
	slept []time.Duration
}

func (f *fakeClock) now() time.Time { return f.t }
func (f *fakeClock) sleep(d time.Duration) {
	f.slept = append(f.slept, d)
	f.t = f.t.Add(d)
}

func testClient(t *testing.T, dir string) (*Client, *fakeClock) {
	t.Helper()
	c := New("Jane Doe jane@example.org", dir)
	clk := &fakeClock{t: time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)}
	c.SetClock(clk.now, clk.sleep)
	return c, clk
}

func TestLimiterTenPerSecond(t *testing.T) {
	clk := &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := NewLimiter(10, 1)
	l.now, l.sleep = clk.now, clk.sleep
	var at []time.Time
	for range 35 {
		l.Wait()
		at = append(at, clk.t)
	}
	// Independent check: count the requests in every half-open one-second
	// window starting at a request.
	for i := range at {
		n := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < time.Second; j++ {
			n++
		}
		if n > 10 {
			t.Fatalf("%d requests in the second from request %d", n, i)
		}
	}
	// 35 requests at 100 ms spacing take 3.4 s.
	if got := at[len(at)-1].Sub(at[0]); got != 3400*time.Millisecond {
		t.Fatalf("35 requests span %v, want 3.4s", got)
	}
}

func TestLimiterBurstAfterIdle(t *testing.T) {
	clk := &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := NewLimiter(10, 3)
	l.now, l.sleep = clk.now, clk.sleep
	for range 3 {
		l.Wait()
	}
	if len(clk.slept) != 0 {
		t.Fatalf("a burst of 3 slept %v", clk.slept)
	}
	l.Wait()
	if len(clk.slept) != 1 || clk.slept[0] != 100*time.Millisecond {
		t.Fatalf("the 4th request slept %v, want [100ms]", clk.slept)
	}
}

func TestRetry429ThenSuccess(t *testing.T) {
	var n atomic.Int32
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents = append(agents, r.Header.Get("User-Agent"))
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	c, clk := testClient(t, t.TempDir())
	b, err := c.Get(srv.URL+"/a.json", false)
	if err != nil || string(b) != "ok" {
		t.Fatalf("got %q, %v", b, err)
	}
	if n.Load() != 2 {
		t.Fatalf("%d requests, want 2", n.Load())
	}
	// Retry-After 3 s beats the first backoff of 1 s; the limiter's
	// 100 ms spacing is covered by that wait, so no other sleep.
	if len(clk.slept) != 1 || clk.slept[0] != 3*time.Second {
		t.Fatalf("slept %v, want [3s]", clk.slept)
	}
	for _, a := range agents {
		if a != "Jane Doe jane@example.org" {
			t.Fatalf("User-Agent %q", a)
		}
	}
}

func TestRetryGivesUp(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, clk := testClient(t, "")
	_, err := c.Get(srv.URL+"/x", false)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 503 {
		t.Fatalf("err %v", err)
	}
	if n.Load() != 5 {
		t.Fatalf("%d attempts, want 1 + 4 retries", n.Load())
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if len(clk.slept) != len(want) {
		t.Fatalf("slept %v, want %v", clk.slept, want)
	}
	for i := range want {
		if clk.slept[i] != want[i] {
			t.Fatalf("slept %v, want %v", clk.slept, want)
		}
	}
}

func TestNotFoundNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	c, _ := testClient(t, "")
	_, err := c.Get(srv.URL+"/x", false)
	if !NotFound(err) || n.Load() != 1 {
		t.Fatalf("err %v after %d requests", err, n.Load())
	}
}

func TestCacheMakesRerunOffline(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write([]byte("body of " + r.URL.Path))
	}))
	dir := t.TempDir()
	c, _ := testClient(t, dir)
	u := srv.URL + "/submissions/CIK0000000001.json"
	if _, err := c.Get(u, false); err != nil {
		t.Fatal(err)
	}
	srv.Close() // the rerun has no server at all
	c2, _ := testClient(t, dir)
	c2.Offline = true
	b, err := c2.Get(u, false)
	if err != nil || string(b) != "body of /submissions/CIK0000000001.json" {
		t.Fatalf("offline rerun: %q, %v", b, err)
	}
	src := c2.Sources()
	if len(src) != 1 || !src[0].FromCache || src[0].SHA256 != HashBytes(b) || !strings.HasPrefix(src[0].File, dir) {
		t.Fatalf("sources %+v", src)
	}
	if _, err := c2.Get(srv.URL+"/other", false); !errors.Is(err, ErrNotCached) {
		t.Fatalf("offline miss: %v", err)
	}
	if n.Load() != 1 {
		t.Fatalf("%d requests, want 1", n.Load())
	}
}

func TestGzipBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte("compressed text"))
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	c, _ := testClient(t, "")
	b, err := c.Get(srv.URL+"/z", false)
	if err != nil || string(b) != "compressed text" {
		t.Fatalf("%q %v", b, err)
	}
}

func TestClosedPortOneLine(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, clk := testClient(t, "")
	c.OfflineHint = "or use --offline"
	_, err = c.Get("http://"+addr+"/x", false)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "cannot reach "+addr) ||
		!strings.Contains(msg, "refused") || !strings.HasSuffix(msg, "or use --offline") {
		t.Fatalf("message %q", msg)
	}
	if len(clk.slept) != 0 {
		t.Fatalf("a refused connection was retried: slept %v", clk.slept)
	}
}

func TestCachePathStaysInside(t *testing.T) {
	c := New("x", "/cache")
	for _, u := range []string{"http://h:8080/../../etc/passwd", "https://www.sec.gov/Archives/edgar/data/1/2/a.hdr.sgml"} {
		p := c.CachePath(u)
		if !strings.HasPrefix(p, "/cache/") {
			t.Errorf("%s -> %s", u, p)
		}
	}
}
