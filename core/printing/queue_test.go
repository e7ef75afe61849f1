package printing

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
)

func fastRaw(addr string) Raw {
	return Raw{Addr: addr, Timeout: 2 * time.Second, WaitClose: 2 * time.Second}
}

// The printer is off when the job is submitted: the job waits in the
// spool, the queue reports the failure and retries with growing waits, and
// once the printer is on the job prints exactly once.
func TestQueueRetriesUntilPrinterUp(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	rec := newRecorder()
	q := openQueue(t, dir, fastRaw(addr), Options{MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, OnProgress: rec.record})
	data := []byte("^XA^FDParcel 1^FS^XZ")
	id, err := q.Submit(Job{Name: "Label WEB-1 1 of 1", Format: FormatZPL, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if files := spoolFiles(t, dir); len(files) != 1 {
		t.Fatalf("spool holds %d files after Submit, want 1", len(files))
	}

	second := rec.waitFor(t, 5*time.Second, "a second failed attempt", func(p Progress) bool {
		return p.Event == EventFailed && p.Job.Failures == 2
	})
	first := rec.waitFor(t, 0, "the first failed attempt", func(p Progress) bool { return p.Event == EventFailed })
	for _, p := range []Progress{first, second} {
		if !errors.Is(p.Err, ErrUnavailable) || core.ErrorCode(p.Err) != core.EUNAVAILABLE {
			t.Errorf("failure error %v, want printer_unavailable", p.Err)
		}
		if msg := core.ErrorMessage(p.Err); !strings.Contains(msg, addr) || !strings.Contains(msg, "refused") {
			t.Errorf("message %q should name %s and say the connection was refused", msg, addr)
		}
		if p.Pending != 1 || p.Job.ID != id {
			t.Errorf("failed event %+v: want job %s still pending", p, id)
		}
	}
	if first.RetryIn != 50*time.Millisecond || second.RetryIn != 100*time.Millisecond {
		t.Errorf("backoff %v then %v, want 50ms then 100ms", first.RetryIn, second.RetryIn)
	}
	if st := q.Status(); !st.Failing || st.Pending != 1 || st.LastError == nil || st.NextRetry.IsZero() {
		t.Errorf("status while the printer is off: %+v", st)
	}

	srv := startPrinter(t, addr, 0) // switched on
	sent := rec.waitFor(t, 5*time.Second, "the job sent", func(p Progress) bool { return p.Event == EventSent })
	if sent.Job.ID != id || sent.Pending != 0 || sent.Sent != 1 {
		t.Errorf("sent event %+v", sent)
	}
	time.Sleep(500 * time.Millisecond) // more than the longest backoff: any duplicate would have come
	got := srv.received()
	if len(got) != 1 || !bytes.Equal(got[0], data) {
		t.Fatalf("printer received %q, want the job exactly once", got)
	}
	if files := spoolFiles(t, dir); len(files) != 0 {
		t.Errorf("spool still holds %v after delivery", files)
	}
	if st := q.Status(); st.Failing || st.Pending != 0 || st.Sent != 1 || st.LastError != nil {
		t.Errorf("status after delivery: %+v", st)
	}
}

// A batch of 200 labels: the printer goes off after 80, the station is
// closed while it is off, and when both are back the queue picks up from
// its spool and prints the other 120, each once, in order, with progress
// counting on from 80 of 200.
func TestQueueBatchSurvivesPrinterOffAndRestart(t *testing.T) {
	dir := t.TempDir()
	srv := startPrinter(t, "", 80)
	opts := Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
	rec := newRecorder()
	opts.OnProgress = rec.record
	q1 := openQueue(t, dir, fastRaw(srv.addr), opts)

	jobs := make([]Job, 200)
	for i := range jobs {
		jobs[i] = Job{Name: fmt.Sprintf("Label %03d", i), Format: FormatZPL, Data: []byte(fmt.Sprintf("^XA^FDjob %03d^FS^XZ", i))}
	}
	batch, err := q1.SubmitBatch(jobs)
	if err != nil {
		t.Fatal(err)
	}
	off := rec.waitFor(t, 20*time.Second, "a failure after 80 labels", func(p Progress) bool { return p.Event == EventFailed })
	if off.Done != 80 || off.Total != 200 || off.Job.Batch != batch || off.Job.Name != "Label 080" {
		t.Errorf("failure event %+v, want label 080 failing at 80 of 200", off)
	}
	if err := q1.Close(); err != nil {
		t.Fatal(err)
	}

	// Progress before the restart: queued 200, then sent 1..80 of 200.
	var done []int
	for _, p := range rec.all() {
		if p.Event == EventSent {
			done = append(done, p.Done)
			if p.Total != 200 {
				t.Fatalf("sent event with total %d", p.Total)
			}
		}
	}
	if len(done) != 80 || done[0] != 1 || done[79] != 80 {
		t.Errorf("sent progress %v, want 1…80", done)
	}
	if files := spoolFiles(t, dir); len(files) != 120 {
		t.Fatalf("spool holds %d jobs after the printer went off, want 120", len(files))
	}

	// The station starts again while the printer is still off: the queue
	// holds the 120 labels from its spool, in order.
	rec2 := newRecorder()
	opts.OnProgress = rec2.record
	q2 := openQueue(t, dir, fastRaw(srv.addr), opts)
	if p := q2.Pending(); len(p) != 120 || p[0].Name != "Label 080" || p[0].Batch != batch {
		t.Fatalf("reopened queue: %d pending, first %+v", len(p), p[0])
	}
	rec2.waitFor(t, 5*time.Second, "a failure while the printer is still off", func(p Progress) bool {
		return p.Event == EventFailed && p.Done == 80 && p.Total == 200
	})
	srv2 := startPrinter(t, srv.addr, 0) // the printer is back on; the queue retries by itself
	last := rec2.waitFor(t, 30*time.Second, "the whole batch printed", func(p Progress) bool {
		return p.Event == EventSent && p.Done == 200
	})
	if last.Total != 200 || last.Pending != 0 || last.Sent != 120 {
		t.Errorf("last event %+v", last)
	}
	firstAfter := rec2.waitFor(t, 0, "first sent after restart", func(p Progress) bool { return p.Event == EventSent })
	if firstAfter.Done != 81 {
		t.Errorf("first label after the restart counts %d of 200, want 81", firstAfter.Done)
	}

	got := append(srv.received(), srv2.received()...)
	if len(got) != 200 {
		t.Fatalf("printer received %d labels, want 200", len(got))
	}
	for i, g := range got {
		if want := fmt.Sprintf("^XA^FDjob %03d^FS^XZ", i); string(g) != want {
			t.Fatalf("label %d is %q, want %q: lost, repeated or out of order", i, g, want)
		}
	}
	if files := spoolFiles(t, dir); len(files) != 0 {
		t.Errorf("spool still holds %d files", len(files))
	}
}

// Retry sends at once instead of waiting out a long backoff.
func TestQueueRetryNow(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	rec := newRecorder()
	q := openQueue(t, dir, fastRaw(addr), Options{MinBackoff: time.Hour, OnProgress: rec.record})
	if _, err := q.Submit(Job{Name: "Bag tag", Format: FormatPDF, Data: []byte("%PDF-1.4 bag")}); err != nil {
		t.Fatal(err)
	}
	f := rec.waitFor(t, 5*time.Second, "failure", func(p Progress) bool { return p.Event == EventFailed })
	if f.RetryIn != time.Hour {
		t.Errorf("retry in %v, want 1h", f.RetryIn)
	}
	srv := startPrinter(t, addr, 0)
	q.Retry()
	rec.waitFor(t, 5*time.Second, "sent after Retry", func(p Progress) bool { return p.Event == EventSent })
	if got := srv.received(); len(got) != 1 || string(got[0]) != "%PDF-1.4 bag" {
		t.Errorf("printer got %q", got)
	}
}

func TestQueueCancel(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	rec := newRecorder()
	q := openQueue(t, dir, fastRaw(addr), Options{MinBackoff: time.Hour, OnProgress: rec.record})
	var ids []string
	for i := range 3 {
		id, err := q.Submit(Job{Name: fmt.Sprintf("Label %d", i), Format: FormatZPL, Data: []byte(fmt.Sprintf("label %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rec.waitFor(t, 5*time.Second, "failure", func(p Progress) bool { return p.Event == EventFailed })
	if err := q.Cancel(ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := q.Cancel(ids[1]); core.ErrorCode(err) != core.ENOTFOUND {
		t.Errorf("cancelling twice: %v, want not_found", err)
	}
	if files := spoolFiles(t, dir); len(files) != 2 {
		t.Errorf("%d spool files after cancel, want 2", len(files))
	}
	srv := startPrinter(t, addr, 0)
	q.Retry()
	rec.waitFor(t, 5*time.Second, "both left sent", func(p Progress) bool { return p.Event == EventSent && p.Pending == 0 })
	if got := srv.received(); len(got) != 2 || string(got[0]) != "label 0" || string(got[1]) != "label 2" {
		t.Errorf("printer got %q, want label 0 and label 2", got)
	}
	c := rec.waitFor(t, 0, "cancel event", func(p Progress) bool { return p.Event == EventCancelled })
	if c.Job.ID != ids[1] {
		t.Errorf("cancel event for %s, want %s", c.Job.ID, ids[1])
	}
}

// A damaged spool file is set aside, not printed and not fatal; a
// leftover temporary file from an interrupted write is removed.
func TestQueueDamagedSpool(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(dir, "000000000001-broken.job"), []byte("not json\n^XA"), 0o644)
	os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("half a job"), 0o644)
	rec := newRecorder()
	q := openQueue(t, dir, Folder{Dir: out}, Options{OnProgress: rec.record})
	d := rec.waitFor(t, 5*time.Second, "dropped", func(p Progress) bool { return p.Event == EventDropped })
	if core.ErrorCode(d.Err) != core.EINTERNAL || !strings.Contains(core.ErrorMessage(d.Err), "000000000001-broken.job") {
		t.Errorf("dropped event %+v", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "000000000001-broken.job.bad")); err != nil {
		t.Errorf("damaged file not set aside: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".tmp-123")); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
	if _, err := q.Submit(Job{ID: "ok", Name: "After", Format: FormatPDF, Data: []byte("%PDF after")}); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, 5*time.Second, "sent", func(p Progress) bool { return p.Event == EventSent })
	if b, err := os.ReadFile(filepath.Join(out, "After-ok.pdf")); err != nil || string(b) != "%PDF after" {
		t.Errorf("folder output %q, %v", b, err)
	}
}

func TestQueueRejects(t *testing.T) {
	q := openQueue(t, t.TempDir(), Folder{Dir: t.TempDir()}, Options{})
	for name, j := range map[string]Job{
		"empty":      {Name: "x", Format: FormatPDF},
		"bad format": {Name: "x", Format: "png", Data: []byte("x")},
	} {
		if _, err := q.Submit(j); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if _, err := q.SubmitBatch(nil); core.ErrorCode(err) != core.EINVALID {
		t.Errorf("empty batch: %v", err)
	}
	// A batch with one bad job spools nothing.
	if _, err := q.SubmitBatch([]Job{{Name: "a", Format: FormatPDF, Data: []byte("a")}, {Name: "b", Format: "x", Data: []byte("b")}}); err == nil || len(q.Pending()) != 0 {
		t.Errorf("bad batch: %v, pending %d", err, len(q.Pending()))
	}
	q.Close()
	if _, err := q.Submit(Job{Name: "late", Format: FormatPDF, Data: []byte("x")}); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Errorf("submit after close: %v", err)
	}
}

// Close breaks off a send to a stuck printer promptly; the job stays in
// the spool for next time.
func TestQueueCloseDuringSend(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if conn, err := ln.Accept(); err == nil {
			accepted <- conn // never read: a stuck printer
		}
	}()
	dir := t.TempDir()
	q := openQueue(t, dir, Raw{Addr: ln.Addr().String(), Timeout: time.Minute, WaitClose: time.Minute}, Options{})
	if _, err := q.Submit(Job{Name: "big", Format: FormatPDF, Data: make([]byte, 32<<20)}); err != nil {
		t.Fatal(err)
	}
	select {
	case conn := <-accepted:
		defer conn.Close()
	case <-time.After(10 * time.Second):
		t.Fatal("the queue never connected")
	}
	start := time.Now()
	q.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	if files := spoolFiles(t, dir); len(files) != 1 {
		t.Errorf("spool holds %d files after Close, want the job", len(files))
	}
}
