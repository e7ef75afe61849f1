// Package faultproxy is a TCP proxy on 127.0.0.1 that makes a network as
// bad as a warehouse's: it drops connections, delays bytes, duplicates
// requests (sends what the client wrote to the server twice) and cuts
// connections in the middle of a request or an answer. Sync tests put it
// between terminals and the hub.
package faultproxy

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net"
	gosync "sync"
	"sync/atomic"
	"time"
)

// Faults says how often each fault happens, per connection. Probabilities
// are in [0, 1].
type Faults struct {
	Down        bool          // cut every connection and refuse new ones: the hub is unreachable
	Drop        float64       // close a new connection at once
	Delay       time.Duration // delay each chunk by up to this much
	Duplicate   float64       // also send the client's bytes on a second connection (answers discarded)
	CutRequest  float64       // cut the connection after a random part of what the client sends
	CutResponse float64       // cut the connection after a random part of the answer
}

// Stats counts the faults the proxy made.
type Stats struct {
	Connections, Refused, Dropped, Duplicated, CutRequests, CutResponses int64
}

// Proxy forwards connections to a target address, with faults.
type Proxy struct {
	ln     net.Listener
	target atomic.Value // string
	faults atomic.Value // Faults

	mu    gosync.Mutex
	conns map[net.Conn]struct{}
	rng   *rand.Rand

	connections, refused, dropped, duplicated, cutReq, cutResp atomic.Int64
	wg                                                         gosync.WaitGroup
}

// New starts a proxy on 127.0.0.1 forwarding to target ("host:port").
func New(target string, seed uint64) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, conns: map[net.Conn]struct{}{}, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	p.target.Store(target)
	p.faults.Store(Faults{})
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// URL returns the proxy's http:// address.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// Addr returns the proxy's address.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetTarget changes where new connections go (a restarted hub's address).
func (p *Proxy) SetTarget(addr string) { p.target.Store(addr) }

// SetFaults changes the faults of new connections. Down also cuts the
// open ones: an unreachable hub answers nothing more.
func (p *Proxy) SetFaults(f Faults) {
	p.faults.Store(f)
	if f.Down {
		p.CutAll()
	}
}

// Stats returns the faults made so far.
func (p *Proxy) Stats() Stats {
	return Stats{p.connections.Load(), p.refused.Load(), p.dropped.Load(), p.duplicated.Load(), p.cutReq.Load(), p.cutResp.Load()}
}

// CutAll cuts every open connection now.
func (p *Proxy) CutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

// Close stops the proxy and cuts its connections.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.CutAll()
	p.wg.Wait()
	return err
}

func (p *Proxy) float() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.Float64()
}

func (p *Proxy) intn(n int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.IntN(n)
}

func (p *Proxy) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
		}()
	}
}

func (p *Proxy) serve(client net.Conn) {
	p.connections.Add(1)
	f := p.faults.Load().(Faults)
	if f.Down {
		p.refused.Add(1)
		client.Close()
		return
	}
	if p.float() < f.Drop {
		p.dropped.Add(1)
		client.Close()
		return
	}
	upstream, err := net.DialTimeout("tcp", p.target.Load().(string), 2*time.Second)
	if err != nil {
		client.Close()
		return
	}
	p.track(client, true)
	p.track(upstream, true)
	defer func() {
		client.Close()
		upstream.Close()
		p.track(client, false)
		p.track(upstream, false)
	}()

	var dup net.Conn
	if p.float() < f.Duplicate {
		if dup, err = net.DialTimeout("tcp", p.target.Load().(string), 2*time.Second); err == nil {
			p.duplicated.Add(1)
			p.track(dup, true)
			defer func() { dup.Close(); p.track(dup, false) }()
			go io.Copy(io.Discard, dup)
		}
	}
	// A cut falls inside the body of the first request or answer: after
	// its headers, within its first bytes.
	reqCut, respCut := -1, -1
	if p.float() < f.CutRequest {
		reqCut = 1 + p.intn(64)
	}
	if p.float() < f.CutResponse {
		respCut = 1 + p.intn(64)
	}

	done := make(chan struct{}, 2)
	go func() {
		if p.pipe(upstream, client, dup, reqCut, f.Delay) {
			p.cutReq.Add(1)
		}
		done <- struct{}{}
	}()
	go func() {
		if p.pipe(client, upstream, nil, respCut, f.Delay) {
			p.cutResp.Add(1)
		}
		done <- struct{}{}
	}()
	<-done // either side ending ends the connection
}

// pipe copies src to dst (and to dup, if any) until src ends, or until
// cut bytes of the first message's body have passed (cut < 0: never); it
// reports whether it cut.
func (p *Proxy) pipe(dst, src, dup net.Conn, cut int, delay time.Duration) bool {
	buf := make([]byte, 16<<10)
	var head []byte // the first message's bytes until its headers end
	body := -1      // body bytes passed, once the headers ended
	for {
		n, err := src.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			cutAt := -1
			if cut >= 0 {
				if body < 0 {
					head = append(head, chunk...)
					if i := bytes.Index(head, []byte("\r\n\r\n")); i >= 0 {
						body = len(head) - (i + 4) // body bytes in what was read
						if body >= cut {
							cutAt = len(chunk) - (body - cut)
						}
					}
				} else {
					body += n
					if body >= cut {
						cutAt = n - (body - cut)
					}
				}
			}
			if cutAt >= 0 {
				chunk = chunk[:cutAt]
			}
			if delay > 0 {
				time.Sleep(time.Duration(p.intn(int(delay)) + 1))
			}
			if dup != nil {
				dup.Write(chunk)
			}
			if _, werr := dst.Write(chunk); werr != nil {
				return false
			}
			if cutAt >= 0 {
				dst.Close()
				src.Close()
				return true
			}
		}
		if err != nil {
			return false
		}
	}
}
