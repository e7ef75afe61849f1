// Command feed-example is a small order-system consumer of the hub's event
// feed, to copy from. It reads GET /v1/feed from the cursor kept in a file,
// handles each event with its typed payload (core.DecodePayload), and only
// then stores the page's cursor: after a crash it reads the unstored page
// again, so it handles every event once if the handling and the cursor are
// stored together (here: the handling is printing, so a crash may print a
// page twice).
//
//	feed-example --hub https://hub.local:8443 --token shi_… --cursor-file oms.cursor
//
// With --listen it is a webhook receiver instead: it checks each delivery's
// signature with --secret and skips events at or before the last position
// it handled (a delivery whose answer was lost comes again) in the same
// epoch of the hub's database.
//
//	feed-example --listen :8080 --secret "$SECRET" --cursor-file oms.cursor
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

func main() {
	hub := flag.String("hub", "", "the hub's URL (polling mode)")
	token := flag.String("token", os.Getenv("STATIONHAND_FEED_TOKEN"), "the integration token (hub integration add)")
	location := flag.String("location", "", "only this location's events (an integration of every location)")
	cursorFile := flag.String("cursor-file", "feed.cursor", "where the cursor of the last page handled is kept")
	listen := flag.String("listen", "", "receive webhooks on this address instead of polling")
	secret := flag.String("secret", os.Getenv("STATIONHAND_WEBHOOK_SECRET"), "the webhook secret (hub integration webhook)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *listen != "" {
		err = receive(ctx, *listen, *secret, *cursorFile)
	} else {
		err = poll(ctx, *hub, *token, *location, *cursorFile)
	}
	if err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

// handle is the order system's work for one event.
var out io.Writer = os.Stdout

func handle(e wire.FeedEvent) error {
	p, err := core.DecodePayload(core.Event{Type: e.Type, Payload: e.Payload})
	if err != nil {
		return err // a payload the contract does not describe: stop, do not skip it
	}
	switch p := p.(type) {
	case *core.OrderPickedPayload:
		fmt.Fprintf(out, "%s order %s picked at %s: %d units, %d short\n", e.At.Format(time.DateTime), e.OrderID, e.Location, p.Picked, p.Short)
	case *core.OrderPackedPayload:
		fmt.Fprintf(out, "%s order %s packed in %d packages %v\n", e.At.Format(time.DateTime), e.OrderID, p.Packages, p.SSCCs)
	case *core.OrderCollectedPayload:
		fmt.Fprintf(out, "%s order %s collected (%s, verified by %s)\n", e.At.Format(time.DateTime), e.OrderID, p.Collector, p.Method)
	case *core.ReturnRefundDecided:
		if p.Refund != nil {
			fmt.Fprintf(out, "%s return %s: refund %s\n", e.At.Format(time.DateTime), p.RMA, p.Refund.Kind)
		}
	default:
		fmt.Fprintf(out, "%s %s %s\n", e.At.Format(time.DateTime), e.Type, e.OrderID)
	}
	return nil
}

func poll(ctx context.Context, hub, token, location, cursorFile string) error {
	if hub == "" || token == "" {
		return fmt.Errorf("--hub and --token are needed (or --listen for webhooks)")
	}
	for ctx.Err() == nil {
		q := url.Values{"cursor": {readCursor(cursorFile)}}
		if location != "" {
			q.Set("location", location)
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(hub, "/")+"/v1/feed?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Printf("feed: %v (retrying)", err)
			sleep(ctx, 5*time.Second)
			continue
		}
		var page wire.FeedPage
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("feed: %s: %s", resp.Status, body)
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("feed: %w", err)
		}
		for _, e := range page.Events {
			if err := handle(e); err != nil {
				return err
			}
		}
		if err := writeCursor(cursorFile, page.Cursor); err != nil {
			return err
		}
		if !page.More {
			sleep(ctx, 2*time.Second)
		}
	}
	return ctx.Err()
}

func receive(ctx context.Context, addr, secret, cursorFile string) error {
	if secret == "" {
		return fmt.Errorf("--secret is needed to check deliveries")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := wire.VerifyWebhook(secret, r.Header.Get(wire.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var page wire.FeedPage
		if err := json.Unmarshal(body, &page); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		epoch, lastPos, _ := strings.Cut(readCursor(cursorFile), ".")
		last, _ := strconv.ParseInt(lastPos, 10, 64)
		for _, e := range page.Events {
			if epoch == page.Epoch && e.Position <= last {
				continue // delivered before; the hub did not hear our answer
			}
			// After a hub restore (a new epoch) events may come again
			// under new positions: a real order system skips ids it has.
			if err := handle(e); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError) // the hub retries
				return
			}
		}
		if err := writeCursor(cursorFile, page.Cursor); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	return srv.ListenAndServe()
}

func readCursor(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// writeCursor replaces the cursor file atomically (rename).
func writeCursor(path, cursor string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(cursor+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
