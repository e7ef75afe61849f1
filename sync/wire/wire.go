// Package wire is the protocol a terminal and the hub speak (versioned
// under /v1/): the routes and the request and response bodies. It belongs
// to neither end: the terminal's client (package sync) and the hub (package
// sync/hub and its store) both import it.
//
// The contract: a terminal pushes its events in sequence order; the hub
// applies each exactly once, keyed by (terminal, seq) inside the transaction
// that applies it, and answers with the last sequence it holds. A replayed
// batch changes nothing. The terminal then pulls the changes for its own
// location since its cursor, page by page, and stores each page together
// with the next cursor in one local transaction. Either side can crash at
// any point and the next round converges again.
//
// Each event carries its content hash (core.EventHash): a replay under a
// held sequence number must be the same event (else 409 seq_reused or
// event_changed). An event the hub can never apply is recorded as refused
// with a reason (see rejections.go) and the sequence moves on; the hub
// answers 200 only after its commit is on disk.
package wire

import (
	"errors"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// APIPrefix is the path prefix of every route of this protocol version.
const APIPrefix = "/v1"

// Limits of the protocol. A hub refuses larger requests with 413 and
// changes nothing.
const (
	MaxPushEvents  = 1000    // events in one push
	MaxBodyBytes   = 4 << 20 // bytes in one request body
	DefaultPageLen = 1000    // records in one pull page when the terminal does not say
	MaxPageLen     = 5000    // records in one pull page at most
)

// Long-poll of the pull (GET /v1/changes?wait=25s): with nothing new for
// the terminal, the hub holds the request until a change for its location
// commits (on any hub process of the database) or the wait ends, and then
// answers as a plain pull would. A hub caps the wait at MaxPullWait. A hub
// that does not long-poll ignores the parameter and answers at once,
// without PullResponse.WaitMS: the terminal then polls on a timer.
const (
	MaxPullWait     = 30 * time.Second // the longest a hub holds a pull
	DefaultPullWait = 25 * time.Second // what a station asks for: under common proxies' 30-60 s idle timeouts
)

// Route is one endpoint of the hub's API. The hub registers exactly the
// routes in Routes, and a test checks that api/openapi.yaml describes each.
type Route struct {
	Method  string
	Path    string // as in the OpenAPI file, {name} for a path parameter
	Auth    string // "terminal", "ingest" or "" for none
	Summary string
}

// The routes of protocol version 1.
var (
	RouteHealth = Route{"GET", APIPrefix + "/health", "", "Is the hub up and its database reachable"}
	RouteWhoami = Route{"GET", APIPrefix + "/terminal", "terminal", "The terminal the bearer token belongs to"}
	RoutePush   = Route{"POST", APIPrefix + "/events", "terminal", "Push a batch of the terminal's events, in sequence order"}
	RoutePull   = Route{"GET", APIPrefix + "/changes", "terminal", "Pull a page of changes for the terminal's location since a cursor"}
	RouteOrder  = Route{"GET", APIPrefix + "/orders/{external_id}", "terminal", "One order of the terminal's location"}
	RouteIngest = Route{"POST", APIPrefix + "/orders", "ingest", "Create, update or cancel orders (idempotent by external id)"}
)

// Routes lists every route of the API.
var Routes = []Route{RouteHealth, RouteWhoami, RoutePush, RoutePull, RouteOrder, RouteIngest, RouteEnrol, RouteFeed, RouteReturns}

// PushRequest is the body of a push: a run of the terminal's events with
// consecutive sequence numbers, oldest first. The terminal is the one the
// bearer token belongs to; an event's own Terminal field is ignored.
type PushRequest struct {
	// Epoch is the hub epoch the terminal last heard of ("" if none). When
	// the hub's epoch is another (its database was restored or re-created)
	// it applies nothing and answers 409 with reason epoch_changed, its
	// epoch and the last sequence it holds for the terminal: the terminal
	// then re-sends what the hub lacks before anything new.
	Epoch  string       `json:"epoch,omitempty"`
	Events []core.Event `json:"events"`
}

// PushResponse says how far the hub got. LastSeq is the highest sequence the
// hub holds for this terminal after the push (applied now or before): the
// terminal marks every event up to it as sent. Rejections lists the events in
// the request that the hub recorded but refused to apply; the same
// rejections also come with the next pull, which is what the terminal
// relies on, because a response can be lost.
type PushResponse struct {
	Epoch      string                `json:"epoch"` // the generation of the hub's database
	LastSeq    int64                 `json:"last_seq"`
	Applied    int                   `json:"applied"`    // new events applied by this request
	Duplicates int                   `json:"duplicates"` // events the hub already had
	Rejections []core.EventRejection `json:"rejections,omitempty"`
	// LastSSCC is the highest SSCC the hub holds from this terminal
	// (from its pack.package_closed events), "" if none: the
	// terminal numbers its next package after it (see LastSSCC of Whoami).
	LastSSCC string `json:"last_sscc,omitempty"`
}

// PullResponse is one page of changes. Changes.Cursor is where the next
// pull continues; the terminal stores it in the transaction that applies
// the page. More says another page is waiting now; Remaining counts the
// records still to come after this page, for a progress bar.
type PullResponse struct {
	Changes   core.ChangeSet `json:"changes"`
	More      bool           `json:"more"`
	Remaining int            `json:"remaining"`
	Records   int            `json:"records"` // records in this page
	// LastSSCC is the highest SSCC the hub holds from this terminal, "" if none, on every page (see LastSSCC of Whoami).
	LastSSCC string `json:"last_sscc,omitempty"`
	// WaitMS is, for a pull that asked to wait, the longest the hub would
	// hold it (the wait asked for, capped at MaxPullWait), in
	// milliseconds. A hub that does not long-poll leaves it out.
	WaitMS int64 `json:"wait_ms,omitempty"`
}

// IngestOrder is an order as an order management system hands it to the
// hub: the core order plus the location that fulfils it. Status may be ""
// or "open" (a new or changed order) or "cancelled".
type IngestOrder struct {
	Location string `json:"location"`
	core.Order
}

// IngestRequest is the body of an order ingest.
type IngestRequest struct {
	Orders []IngestOrder `json:"orders"`
}

// IngestResponse says what an ingest did: orders new to the hub, orders
// that changed (terminals pull them as updates), cancellations, and orders
// identical to what the hub already had.
type IngestResponse struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Cancelled int `json:"cancelled"`
	Unchanged int `json:"unchanged"`
}

// Whoami is the answer of /v1/terminal: the terminal the token belongs to,
// the hub's epoch, and the last sequence the hub holds for the terminal.
type Whoami struct {
	core.Terminal
	Epoch   string `json:"epoch"`
	LastSeq int64  `json:"last_seq"`
	// LastSSCC is the highest SSCC the hub holds from this terminal (the
	// "sscc" of its pack.package_closed events), "" if
	// none. A terminal whose database was rolled back to an older copy has
	// its SSCC counter rolled back too: it moves the counter past this one
	// before it numbers another package, so no SSCC is printed twice.
	LastSSCC string `json:"last_sscc,omitempty"`
}

// Health is the hub's answer to a health check.
type Health struct {
	Status   string `json:"status"` // "ok" or "degraded"
	Database string `json:"database"`
	Version  string `json:"version"`
	Message  string `json:"message,omitempty"`
}

// ErrorBody is how the hub reports an error: the domain error's code and
// reason, and a message for the person who has to act on it.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the content of an ErrorBody.
type ErrorDetail struct {
	Code    string `json:"code"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
	LastSeq *int64 `json:"last_seq,omitempty"` // seq_gap, seq_reused, epoch_changed: the last sequence the hub holds
	Seq     int64  `json:"seq,omitempty"`      // seq_reused: the first sequence whose event differs from the one held
	Epoch   string `json:"epoch,omitempty"`    // epoch_changed and cursor refusals: the hub's epoch now
	// Args are the values Message names, in order, as text (core.Error's
	// Args): a station words the refusal in its own language with them.
	Args []string `json:"args,omitempty"`
}

// TextArgs are a domain error's values as text, for ErrorDetail.Args: a
// value that is itself an error as its message, anything else as printed.
func TextArgs(args []any) []string {
	if len(args) == 0 {
		return nil
	}
	out := make([]string, len(args))
	for i, v := range args {
		if err, ok := v.(error); ok {
			out[i] = core.ErrorMessage(err)
			var domain *core.Error
			if !errors.As(err, &domain) {
				out[i] = err.Error() // as Message names it
			}
			continue
		}
		out[i] = fmt.Sprint(v)
	}
	return out
}

// Values are ErrorDetail.Args as core.Error's Args.
func (d ErrorDetail) Values() []any {
	if len(d.Args) == 0 {
		return nil
	}
	out := make([]any, len(d.Args))
	for i, a := range d.Args {
		out[i] = a
	}
	return out
}

// Reasons of the 409 answers a terminal recovers from on its own.
const (
	// ReasonSeqGap: a push starts past the event after the last one the
	// hub holds (LastSeq).
	ReasonSeqGap = "seq_gap"
	// ReasonSeqReused: the hub holds another event under a sequence of the
	// push (Seq); the terminal's database was rolled back.
	ReasonSeqReused = "seq_reused"
	// ReasonEpochChanged: the push names an earlier epoch of the hub.
	ReasonEpochChanged = "epoch_changed"
	// ReasonCursorEpoch: a pull's cursor is from another epoch of the hub
	// (or from before the hub had epochs).
	ReasonCursorEpoch = "cursor_epoch"
	// ReasonCursorLocation: a pull's cursor is for another location than
	// the terminal's (it was moved).
	ReasonCursorLocation = "cursor_location"
	// ReasonCursorAhead: a pull's cursor is past what the hub holds (its
	// database lost changes it had served).
	ReasonCursorAhead = "cursor_ahead"
)
