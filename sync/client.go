package sync

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
)

// Client talks to the hub for one terminal (or, with an ingest key, for an
// order management system). It is safe for concurrent use.
type Client struct {
	base    string
	token   string
	version string
	http    *http.Client
	// oldHub: the hub refused the events' hash field as unknown (a hub
	// older than the content hash); events go without it from then on.
	oldHub atomic.Bool
	// outbox is 1 + the events the station says wait after its next push
	// (ReportOutbox), 0 for nothing to say.
	outbox atomic.Int64
}

// ReportOutbox sets how many events wait after the next push's, which
// the push tells the hub (wire.HeaderOutbox) for its console.
func (c *Client) ReportOutbox(waiting int) { c.outbox.Store(int64(max(waiting, 0)) + 1) }

// ClientOptions configure a Client.
type ClientOptions struct {
	// CAFile is a PEM file of certificate authorities to trust besides the
	// system's: set it when the hub's certificate comes from a private CA.
	CAFile string
	// Timeout bounds each request; 0 means 60 seconds.
	Timeout time.Duration
	// Transport replaces the HTTP transport (tests); CAFile is then ignored.
	Transport http.RoundTripper
	// Version is this station's Stationhand version, sent with every
	// request (wire.HeaderVersion) so the hub can list it.
	Version string
	// InsecureHTTP allows a plain http:// hub on another machine; without
	// it only https://, or http:// to this machine, is accepted.
	InsecureHTTP bool
}

// NewClient returns a client for the hub at baseURL (e.g.
// "https://hub.example.com:8443") that authenticates with token.
func NewClient(baseURL, token string, opts ClientOptions) (*Client, error) {
	if err := enrol.CheckHubURL(baseURL, opts.InsecureHTTP); err != nil {
		return nil, err
	}
	rt := opts.Transport
	if rt == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 4
		if opts.CAFile != "" {
			pool, err := trustPool(opts.CAFile)
			if err != nil {
				return nil, err
			}
			tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		}
		rt = tr
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), token: token, version: opts.Version, http: &http.Client{Transport: rt, Timeout: timeout}}, nil
}

// trustPool returns the system's certificate pool plus the CAs in file.
func trustPool(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, core.Errorf(core.EINVALID, "ca_file", "Cannot read the hub's CA certificate %s: %v.", file, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, core.Errorf(core.EINVALID, "ca_file", "%s holds no PEM certificate.", file)
	}
	return pool, nil
}

// BaseURL returns the hub's address.
func (c *Client) BaseURL() string { return c.base }

// Health asks whether the hub and its database are up. It needs no token.
func (c *Client) Health(ctx context.Context) (wire.Health, error) {
	var h wire.Health
	err := c.do(ctx, "GET", wire.RouteHealth.Path, nil, &h)
	return h, err
}

// Whoami returns the terminal the client's token belongs to, with the
// hub's epoch and the last sequence it holds for the terminal.
func (c *Client) Whoami(ctx context.Context) (wire.Whoami, error) {
	var w wire.Whoami
	err := c.do(ctx, "GET", wire.RouteWhoami.Path, nil, &w)
	return w, err
}

// Push sends a run of events with consecutive sequence numbers, and the
// hub epoch the terminal last heard of. A hub older than the content hash
// refuses the events' hash field as unknown: the client then sends them,
// and every push after, without it (such a hub does not check content
// anyway).
func (c *Client) Push(ctx context.Context, req wire.PushRequest) (wire.PushResponse, error) {
	var res wire.PushResponse
	if c.oldHub.Load() {
		req.Events = withoutHash(req.Events)
	}
	err := c.do(ctx, "POST", wire.RoutePush.Path, req, &res)
	var he *HubError
	if errors.As(err, &he) && he.Status == http.StatusBadRequest && he.Detail.Reason == "unknown_field" &&
		strings.Contains(he.Detail.Message, `"hash"`) && !c.oldHub.Swap(true) {
		req.Events = withoutHash(req.Events)
		err = c.do(ctx, "POST", wire.RoutePush.Path, req, &res)
	}
	return res, err
}

func withoutHash(evs []core.Event) []core.Event {
	out := make([]core.Event, len(evs))
	for i, ev := range evs {
		ev.Hash = ""
		out[i] = ev
	}
	return out
}

// Pull fetches the page of changes after cursor ("" for the first pull);
// limit 0 lets the hub choose the page size.
func (c *Client) Pull(ctx context.Context, cursor string, limit int) (wire.PullResponse, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	path := wire.RoutePull.Path
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var res wire.PullResponse
	err := c.do(ctx, "GET", path, nil, &res)
	return res, err
}

// PullWait is Pull that the hub may hold for up to wait when nothing is
// new (a long-poll): it answers as soon as a change of the terminal's
// location commits. A hub that does not long-poll answers at once, and its
// page has no WaitMS.
func (c *Client) PullWait(ctx context.Context, cursor string, limit int, wait time.Duration) (wire.PullResponse, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	q.Set("wait", wait.String())
	var res wire.PullResponse
	// The request's time limit is the usual one on top of the wait.
	hc := *c.http
	hc.Timeout += wait
	err := c.doWith(ctx, &hc, "GET", wire.RoutePull.Path+"?"+q.Encode(), nil, &res)
	return res, err
}

// Order fetches one order of the terminal's location.
func (c *Client) Order(ctx context.Context, externalID string) (core.Order, error) {
	var o core.Order
	err := c.do(ctx, "GET", strings.Replace(wire.RouteOrder.Path, "{external_id}", url.PathEscape(externalID), 1), nil, &o)
	return o, err
}

// Ingest sends orders to the hub (needs an ingest key).
func (c *Client) Ingest(ctx context.Context, orders []wire.IngestOrder) (wire.IngestResponse, error) {
	var res wire.IngestResponse
	err := c.do(ctx, "POST", wire.RouteIngest.Path, wire.IngestRequest{Orders: orders}, &res)
	return res, err
}

// reasonUnencodable is the reason of a request the station could not
// encode (an event whose stored payload is not JSON, say).
const reasonUnencodable = "unencodable"

// HubError is an error answer from the hub. It unwraps to the domain error
// it carries, so core.ErrorCode and core.ErrorMessage work on it.
type HubError struct {
	Status int
	Detail wire.ErrorDetail
}

func (e *HubError) Error() string {
	return fmt.Sprintf("hub answered %d: %s", e.Status, e.Detail.Message)
}

// Unwrap returns the domain error.
func (e *HubError) Unwrap() error {
	return &core.Error{Code: e.Detail.Code, Reason: e.Detail.Reason, Message: e.Detail.Message, Args: e.Detail.Values()}
}

// Transient reports whether err is worth retrying as is: the hub could not
// be reached, timed out, or failed on its side. Refusals (a bad token, a
// bad request) are not: they need a person.
func Transient(err error) bool {
	var he *HubError
	if errors.As(err, &he) {
		return he.Status >= 500 || he.Status == http.StatusTooManyRequests || he.Status == http.StatusRequestTimeout
	}
	return core.ErrorCode(err) == core.EUNAVAILABLE
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	return c.doWith(ctx, c.http, method, path, in, out)
}

func (c *Client) doWith(ctx context.Context, hc *http.Client, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: %w (%w)", method, path, core.Errorf(core.EINVALID, reasonUnencodable,
				"This station cannot encode what it has to send (%v).", err), err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.version != "" {
		req.Header.Set(wire.HeaderVersion, c.version)
	}
	if n := c.outbox.Load(); n > 0 && method == "POST" && path == wire.RoutePush.Path {
		req.Header.Set(wire.HeaderOutbox, strconv.FormatInt(n-1, 10))
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var unknownCA x509.UnknownAuthorityError
		var badCert *tls.CertificateVerificationError
		var hostname x509.HostnameError
		if errors.As(err, &unknownCA) || errors.As(err, &badCert) || errors.As(err, &hostname) {
			return fmt.Errorf("%w (%w)", core.Errorf(core.EUNAVAILABLE, "tls_untrusted",
				"The hub at %s shows a certificate this station does not trust. If the hub uses a private CA, give its certificate with --ca FILE.", c.base), err)
		}
		return fmt.Errorf("%w (%w)", core.Errorf(core.EUNAVAILABLE, "hub_unreachable",
			"The hub at %s cannot be reached; work continues offline and syncs when it is back.", c.base), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return readError(resp)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		// A body cut short (a dropped connection) is a network failure.
		return fmt.Errorf("%w (%w)", core.Errorf(core.EUNAVAILABLE, "hub_unreachable",
			"The connection to the hub at %s broke during an answer; the next sync tries again.", c.base), err)
	}
	return nil
}

func readError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var eb wire.ErrorBody
	if json.Unmarshal(b, &eb) == nil && eb.Error.Code != "" {
		return &HubError{Status: resp.StatusCode, Detail: eb.Error}
	}
	msg := strings.TrimSpace(string(b))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return &HubError{Status: resp.StatusCode, Detail: wire.ErrorDetail{
		Code:    wire.ErrorCodeOf(resp.StatusCode),
		Message: fmt.Sprintf("The hub (or a proxy in front of it) answered %d: %s", resp.StatusCode, msg),
	}}
}
