package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// terminalClient is how a simulated terminal talks to the hub in the
// working window: real HTTP requests on the terminal's own keep-alive
// connection, as a station's client (package sync) makes them, but without
// what costs the process that also runs the hub and is no part of the
// hub's work: a timer per request for its time limit (the run has one),
// headers built anew each time, and a pull's records decoded into orders
// when only their ids are looked at. Every answer is still read to the
// end and checked: its status, that it is JSON of the right shape, and
// what the terminal needs of it.
type terminalClient struct {
	rt        http.RoundTripper
	pushURL   *url.URL
	pullURL   url.URL
	pushHead  http.Header
	pullHead  http.Header
	bodyBytes bytes.Buffer
}

func newTerminalClient(rt http.RoundTripper, base, token string) (*terminalClient, error) {
	push, err := url.Parse(base + wire.RoutePush.Path)
	if err != nil {
		return nil, err
	}
	pull, err := url.Parse(base + wire.RoutePull.Path)
	if err != nil {
		return nil, err
	}
	auth := "Bearer " + token
	return &terminalClient{rt: rt, pushURL: push, pullURL: *pull,
		pushHead: http.Header{"Authorization": {auth}, "Content-Type": {"application/json"}, "Accept": {"application/json"}},
		pullHead: http.Header{"Authorization": {auth}, "Accept": {"application/json"}},
	}, nil
}

// requestTimeout bounds a request (beyond a pull's wait), as a station's
// client does: a hub that stops answering is an error, not a hang.
const requestTimeout = 30 * time.Second

// do sends req and decodes a 200 answer's JSON into out.
func (c *terminalClient) do(req *http.Request, out any) error {
	resp, err := c.rt.RoundTrip(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, bytes.TrimSpace(b))
	}
	dec := json.NewDecoder(resp.Body)
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// push sends events and returns the hub's answer.
func (c *terminalClient) push(ctx context.Context, evs []core.Event) (wire.PushResponse, error) {
	c.bodyBytes.Reset()
	if err := json.NewEncoder(&c.bodyBytes).Encode(wire.PushRequest{Events: evs}); err != nil {
		return wire.PushResponse{}, err
	}
	body := c.bodyBytes.Bytes()
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req := (&http.Request{Method: "POST", URL: c.pushURL, Header: c.pushHead, Host: c.pushURL.Host,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}).WithContext(ctx)
	var res wire.PushResponse
	if err := c.do(req, &res); err != nil {
		return res, err
	}
	if want := evs[len(evs)-1].Seq; res.LastSeq != want {
		return res, fmt.Errorf("push: the hub holds events up to %d after a push up to %d", res.LastSeq, want)
	}
	return res, nil
}

// page is what a terminal of the load test reads of a pull's answer.
type page struct {
	Changes struct {
		Cursor string `json:"cursor"`
		Orders []struct {
			ExternalID string `json:"external_id"`
		} `json:"orders"`
		CancelledOrders []string `json:"cancelled_orders"`
	} `json:"changes"`
	More    bool  `json:"more"`
	Records int   `json:"records"`
	WaitMS  int64 `json:"wait_ms"`
}

// pull asks for the page after cursor, waiting up to wait (0: no wait).
func (c *terminalClient) pull(ctx context.Context, cursor string, wait time.Duration) (page, error) {
	u := c.pullURL
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if wait > 0 {
		q.Set("wait", wait.String())
	}
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(ctx, requestTimeout+wait)
	defer cancel()
	req := (&http.Request{Method: "GET", URL: &u, Header: c.pullHead, Host: u.Host}).WithContext(ctx)
	var p page
	if err := c.do(req, &p); err != nil {
		return p, err
	}
	if p.Changes.Cursor == "" {
		return p, fmt.Errorf("pull: an answer without a cursor")
	}
	if wait > 0 && p.WaitMS <= 0 {
		return p, fmt.Errorf("pull: the hub did not hold the pull (wait_ms %d)", p.WaitMS)
	}
	return p, nil
}

// pullAll pulls until the terminal has everything.
func (s *sim) pullAll(ctx context.Context, c *terminalClient, p *probes) error {
	for {
		pg, err := c.pull(ctx, s.cursor, 0)
		if err != nil {
			return err
		}
		s.cursor = pg.Changes.Cursor
		p.observe(s, pg)
		if !pg.More {
			return nil
		}
	}
}
