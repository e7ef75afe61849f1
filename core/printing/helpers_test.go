package printing

import (
	"io"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// tcpPrinter is a stand-in for a printer's raw port 9100 on 127.0.0.1: it
// reads each connection to the end, keeps what it got and closes, as a
// JetDirect printer does. With stopAfter > 0 it stops listening (the
// printer is switched off) once it has accepted that many connections.
type tcpPrinter struct {
	addr string
	ln   net.Listener
	done chan struct{}

	mu  sync.Mutex
	got [][]byte
}

func startPrinter(t *testing.T, addr string, stopAfter int) *tcpPrinter {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpPrinter{addr: ln.Addr().String(), ln: ln, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for n := 1; ; n++ {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			if n == stopAfter {
				ln.Close()
			}
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			data, err := io.ReadAll(conn)
			conn.Close()
			if err == nil {
				p.mu.Lock()
				p.got = append(p.got, data)
				p.mu.Unlock()
			}
		}
	}()
	t.Cleanup(p.stop)
	return p
}

// stop switches the printer off and waits until it has finished reading.
func (p *tcpPrinter) stop() {
	p.ln.Close()
	<-p.done
}

func (p *tcpPrinter) received() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.got...)
}

// freeAddr returns a loopback address nothing listens on: a printer that
// is off.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func spoolFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"+spoolExt))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// recorder collects progress events and lets a test wait for one.
type recorder struct {
	mu     sync.Mutex
	events []Progress
	signal chan struct{}
}

func newRecorder() *recorder { return &recorder{signal: make(chan struct{}, 1)} }

func (r *recorder) record(p Progress) {
	r.mu.Lock()
	r.events = append(r.events, p)
	r.mu.Unlock()
	select {
	case r.signal <- struct{}{}:
	default:
	}
}

func (r *recorder) all() []Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Progress(nil), r.events...)
}

// waitFor waits until an event matching ok has been recorded and returns
// it; it fails the test after timeout.
func (r *recorder) waitFor(t *testing.T, timeout time.Duration, what string, ok func(Progress) bool) Progress {
	t.Helper()
	deadline := time.After(timeout)
	for {
		for _, p := range r.all() {
			if ok(p) {
				return p
			}
		}
		select {
		case <-r.signal:
		case <-deadline:
			t.Fatalf("timed out waiting for %s; events: %+v", what, r.all())
		}
	}
}

func openQueue(t *testing.T, dir string, p Printer, opts Options) *Queue {
	t.Helper()
	q, err := Open(dir, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}
