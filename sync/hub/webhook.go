package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// WebhookStore is what webhook delivery needs from the hub's database.
type WebhookStore interface {
	ClaimWebhook(ctx context.Context, now time.Time, lease time.Duration) (store.WebhookJob, bool, error)
	WebhookDone(ctx context.Context, j store.WebhookJob, delivered bool, next, errMsg string, retryAt time.Time) error
	Feed(ctx context.Context, location, cursor string, limit int) (wire.FeedPage, error)
}

// Webhooks delivers the feed to the integrations' webhooks: a page at a
// time, in feed order, each POSTed with an HMAC-SHA256 signature
// (wire.SignWebhook) until the receiver answers 2xx; a failure is retried
// after an exponential backoff with jitter (1 s doubling up to MaxBackoff).
// The cursor delivered so far is stored, so a restarted hub resumes where
// it stopped; a page whose answer was lost is sent again (the receiver
// keeps the last position it applied and skips what it has).
type Webhooks struct {
	Store      WebhookStore
	Client     *http.Client
	Log        *slog.Logger
	Now        func() time.Time
	PageLen    int           // events per delivery (default 100)
	Poll       time.Duration // how often Run looks for new events (default 1 s)
	MaxBackoff time.Duration // default 10 minutes
}

// NewWebhooks returns a deliverer over db with the defaults.
func NewWebhooks(db WebhookStore, log *slog.Logger) *Webhooks {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Webhooks{Store: db, Client: &http.Client{Timeout: 15 * time.Second}, Log: log, Now: time.Now,
		PageLen: 100, Poll: time.Second, MaxBackoff: 10 * time.Minute}
}

// Run delivers until ctx ends.
func (w *Webhooks) Run(ctx context.Context) {
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	for {
		if _, err := w.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("webhooks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverDue delivers to every webhook that is due until each has nothing
// more or failed, and returns how many pages were delivered.
func (w *Webhooks) DeliverDue(ctx context.Context) (int, error) {
	delivered := 0
	for {
		j, ok, err := w.Store.ClaimWebhook(ctx, w.Now(), w.Client.Timeout+30*time.Second)
		if err != nil || !ok {
			return delivered, err
		}
		n, err := w.deliver(ctx, j)
		delivered += n
		if err != nil {
			return delivered, err
		}
	}
}

// deliver sends j's next page, if any, and ends its lease: due again at
// once after a delivery (more may wait), after Poll when there was
// nothing, after the backoff when the receiver failed.
func (w *Webhooks) deliver(ctx context.Context, j store.WebhookJob) (int, error) {
	page, err := w.Store.Feed(ctx, j.Location, j.Cursor, w.PageLen)
	if err != nil {
		// Let another look take it after the poll interval.
		_ = w.Store.WebhookDone(ctx, j, true, j.Cursor, "", w.Now().Add(w.Poll))
		return 0, err
	}
	if len(page.Events) == 0 {
		return 0, w.Store.WebhookDone(ctx, j, true, j.Cursor, "", w.Now().Add(w.Poll))
	}
	if err := w.post(ctx, j, page); err != nil {
		retry := w.Now().Add(w.backoff(j.Failures))
		w.Log.Warn("webhook delivery failed", "integration", j.Integration, "cursor", j.Cursor, "failures", j.Failures+1, "retry_at", retry, "err", err)
		return 0, w.Store.WebhookDone(ctx, j, false, "", err.Error(), retry)
	}
	return 1, w.Store.WebhookDone(ctx, j, true, page.Cursor, "", time.Time{})
}

func (w *Webhooks) post(ctx context.Context, j store.WebhookJob, page wire.FeedPage) error {
	body, err := json.Marshal(page)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "stationhand-hub")
	req.Header.Set(wire.HeaderSignature, wire.SignWebhook(j.Secret, w.Now(), body))
	req.Header.Set(wire.HeaderDelivery, j.Integration+":"+j.Cursor)
	resp, err := w.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return nil
}

// backoff is how long to wait after failures+1 failed deliveries in a row:
// 1 s, 2 s, 4 s, … up to MaxBackoff, with up to a quarter more at random
// so that receivers coming back are not hit all at once.
func (w *Webhooks) backoff(failures int) time.Duration {
	d := w.MaxBackoff
	if failures < 20 {
		d = min(time.Second<<failures, w.MaxBackoff)
	}
	return d + rand.N(d/4+1)
}
