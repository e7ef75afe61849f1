package printing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Raw prints by sending the document to a printer's raw TCP port
// (JetDirect, usually 9100): ZPL for Zebra printers, or PDF for printers
// that take it.
type Raw struct {
	Addr string // host:port; a bare host gets port 9100

	// Timeout bounds connecting and sending; 0 means 10 s.
	Timeout time.Duration
	// WaitClose is how long to wait, after sending, for the printer to
	// close its end (as CUPS's socket backend does); 0 means 10 s. A reset
	// meanwhile is an error; a printer that keeps the connection open past
	// it is taken to have the job.
	WaitClose time.Duration
}

func (r Raw) String() string { return "printer " + r.addr() }

func (r Raw) addr() string {
	if _, _, err := net.SplitHostPort(r.Addr); err != nil {
		return net.JoinHostPort(r.Addr, "9100")
	}
	return r.Addr
}

// Print connects, sends the whole document, half-closes and waits for the
// printer to close: an error at any step means the job did not get through
// and may be sent again.
func (r Raw) Print(ctx context.Context, j Job) error {
	timeout, wait := r.Timeout, r.WaitClose
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	if wait == 0 {
		wait = 10 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", r.addr())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return unavailable(r, "no answer (%v). Is it switched on and on the network?", netReason(err))
	}
	defer conn.Close()
	// Closing the connection is how a cancelled context stops a send.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(j.Data); err != nil {
		return r.sendErr(ctx, "sending failed", err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		if err := tc.CloseWrite(); err != nil {
			return r.sendErr(ctx, "sending failed", err)
		}
	}
	conn.SetDeadline(time.Now().Add(wait))
	_, err = io.Copy(io.Discard, conn) // the printer's status replies, if any, until it closes
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() == nil:
		return nil // still open: it has the job
	default:
		return r.sendErr(ctx, "the printer broke off the connection", err)
	}
}

func (r Raw) sendErr(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// what says in English what failed; the values are the printer and
	// the network's reason, as for "no answer".
	return core.Explained(core.EUNAVAILABLE, ErrUnavailable.Reason, fmt.Sprintf("%s: %s (%v).", r, what, netReason(err)), r, netReason(err))
}

// netReason is the innermost cause of a network error ("connection
// refused"), shorter for people than the full chain.
func netReason(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		var sys *os.SyscallError
		if errors.As(op.Err, &sys) {
			return sys.Err
		}
		return op.Err
	}
	return err
}
