package hub

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/stationhand/stationhand/sync/wire"
)

// LabelHookStore is what the label webhook needs from the hub's database.
type LabelHookStore interface {
	DueLabelWebhooks(ctx context.Context, maxAttempts, limit int) ([]wire.LabelRequest, error)
	LabelWebhookResult(ctx context.Context, id int64, failure error, next time.Time) error
}

// LabelHook posts each new label request to the order system's webhook
// (`hub serve --label-webhook URL --label-webhook-secret-file FILE`), signed
// with HMAC-SHA256 (see SignLabelHook), and retries a failed delivery with
// exponential backoff until the order system answers 2xx or MaxAttempts
// tries failed; requests stay listed at GET /v1/label-requests meanwhile.
type LabelHook struct {
	URL    string
	Secret []byte
	Store  LabelHookStore
	Client *http.Client  // nil: a client with a 10 s timeout
	Poll   time.Duration // how often to look for due requests; default 2 s
	// MinBackoff and MaxBackoff bound the wait after a failed attempt
	// (doubling from MinBackoff); defaults 5 s and 10 min.
	MinBackoff, MaxBackoff time.Duration
	MaxAttempts            int // default 20
	Log                    *slog.Logger
	Now                    func() time.Time
}

func (h *LabelHook) defaults() {
	if h.Client == nil {
		h.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if h.Poll <= 0 {
		h.Poll = 2 * time.Second
	}
	if h.MinBackoff <= 0 {
		h.MinBackoff = 5 * time.Second
	}
	if h.MaxBackoff < h.MinBackoff {
		h.MaxBackoff = max(10*time.Minute, h.MinBackoff)
	}
	if h.MaxAttempts <= 0 {
		h.MaxAttempts = 20
	}
	if h.Log == nil {
		h.Log = slog.New(slog.DiscardHandler)
	}
	if h.Now == nil {
		h.Now = time.Now
	}
}

// SignLabelHook returns the signature header value of a webhook body sent
// at timestamp ts (Unix seconds): "sha256=" and the hex HMAC-SHA256 of
// ts, ".", body. The receiver recomputes it with the shared secret and
// refuses a timestamp too far from its clock (a replayed delivery).
func SignLabelHook(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Run delivers due requests until ctx ends.
func (h *LabelHook) Run(ctx context.Context) {
	h.defaults()
	t := time.NewTicker(h.Poll)
	defer t.Stop()
	for {
		if _, err := h.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			h.Log.Error("label webhook", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverDue makes one attempt at each due request and says how many the
// order system took.
func (h *LabelHook) DeliverDue(ctx context.Context) (int, error) {
	h.defaults()
	reqs, err := h.Store.DueLabelWebhooks(ctx, h.MaxAttempts, 100)
	if err != nil {
		return 0, err
	}
	delivered := 0
	for _, q := range reqs {
		failure := h.deliver(ctx, q)
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
		next := time.Time{}
		if failure != nil {
			next = h.Now().Add(h.backoff(q.WebhookAttempts))
			h.Log.Warn("label webhook failed", "order", q.Order, "package", q.Package, "err", failure, "next", next)
		} else {
			delivered++
		}
		if err := h.Store.LabelWebhookResult(ctx, q.ID, failure, next); err != nil {
			return delivered, err
		}
	}
	return delivered, nil
}

// backoff is the wait after a failed attempt when before attempts had
// already failed: it doubles per failure of the same request.
func (h *LabelHook) backoff(before int) time.Duration {
	d := h.MinBackoff << min(before, 20)
	if d <= 0 || d > h.MaxBackoff {
		d = h.MaxBackoff
	}
	return d
}

func (h *LabelHook) deliver(ctx context.Context, q wire.LabelRequest) error {
	body, err := json.Marshal(q)
	if err != nil {
		return err
	}
	ts := strconv.FormatInt(h.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wire.HeaderWebhookTimestamp, ts)
	req.Header.Set(wire.HeaderWebhookSignature, SignLabelHook(h.Secret, ts, body))
	req.Header.Set(wire.HeaderWebhookDelivery, strconv.FormatInt(q.ID, 10))
	resp, err := h.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the order system answered %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
