package printing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/stationhand/stationhand/core"
)

// Options tune a Queue; the zero value works.
type Options struct {
	// MinBackoff is the wait after a first failed attempt, doubled after
	// each further failure up to MaxBackoff; 0 means 2 s and 1 min.
	MinBackoff, MaxBackoff time.Duration

	// OnProgress, when set, is told of every change, in order, from a
	// goroutine of the queue's own: never the caller's, so it may call the
	// Queue's methods. A Fyne screen updates its widgets inside fyne.Do.
	OnProgress func(Progress)
}

// Event says what happened to a job.
type Event string

// Progress events.
const (
	EventQueued    Event = "queued"    // spooled, waiting its turn
	EventSent      Event = "sent"      // the printer took it; its spool file is gone
	EventFailed    Event = "failed"    // an attempt failed; the job stays queued and is retried
	EventCancelled Event = "cancelled" // removed by Cancel
	EventDropped   Event = "dropped"   // its spool file could not be read: it cannot be printed
)

// JobInfo describes a queued job without its document.
type JobInfo struct {
	ID, Name, Format string
	Batch            string
	Submitted        time.Time
	Failures         int // failed attempts since the queue was opened
}

// Progress is one change in the queue.
type Progress struct {
	Event   Event
	Job     JobInfo
	Err     error         // EventFailed, EventDropped: why
	RetryIn time.Duration // EventFailed: when the queue tries again by itself

	// Done and Total count the job's batch: how many of its jobs are no
	// longer waiting, out of how many (both 0 for a job outside a batch).
	// They survive restarts: "57 of 200" stays true after one.
	Done, Total int

	Pending int // jobs waiting in the queue after this event
	Sent    int // jobs delivered since the queue was opened
}

// Status sums up a queue for a status line.
type Status struct {
	Pending   int       // jobs waiting (spooled, not yet delivered)
	Sent      int       // delivered since the queue was opened
	Failing   bool      // the last attempt failed and the queue waits to retry
	LastError error     // why it failed, when Failing
	NextRetry time.Time // when it tries again by itself, when Failing
}

// Queue prints jobs in order from a background goroutine, spooling each to
// a file in its directory before anything is sent. Use one Queue per
// directory. Its methods are safe for concurrent use.
type Queue struct {
	dir     string
	printer Printer
	opts    Options

	mu       sync.Mutex
	jobs     []*spooled // waiting, in submission order; the first is next
	inFlight *spooled
	seq      int64 // last sequence number used
	sent     int
	lastErr  error
	backoff  time.Duration
	next     time.Time // no attempt before this
	closed   bool
	events   []Progress // emitted, not yet handed to OnProgress

	wake       chan struct{}
	notify     chan struct{}
	ctx        context.Context
	cancel     context.CancelFunc
	workerDone chan struct{}
	notifyDone chan struct{}
}

// Open starts a queue that spools into dir (created if need be) and prints
// with p. Jobs left in dir by an earlier run are sent first, in their
// order. Spool files that cannot be read are renamed to *.bad and reported
// as EventDropped.
func Open(dir string, p Printer, opts Options) (*Queue, error) {
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 2 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Minute
	}
	opts.MaxBackoff = max(opts.MaxBackoff, opts.MinBackoff)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("printing: spool directory: %w", err)
	}
	jobs, bad, err := loadSpool(dir)
	if err != nil {
		return nil, fmt.Errorf("printing: reading the spool: %w", err)
	}
	q := &Queue{
		dir: dir, printer: p, opts: opts, jobs: jobs,
		wake: make(chan struct{}, 1), notify: make(chan struct{}, 1),
		workerDone: make(chan struct{}), notifyDone: make(chan struct{}),
	}
	for _, j := range jobs {
		q.seq = max(q.seq, j.Seq)
	}
	q.ctx, q.cancel = context.WithCancel(context.Background())
	q.mu.Lock()
	for _, name := range bad {
		q.emitLocked(Progress{Event: EventDropped, Job: JobInfo{Name: name},
			Err: core.Errorf(core.EINTERNAL, "bad_spool_file", "The print job file %s is damaged and was set aside as %s.bad.", name, name)})
	}
	q.mu.Unlock()
	go q.run()
	go q.notifier()
	return q, nil
}

// Printer is where the queue prints.
func (q *Queue) Printer() Printer { return q.printer }

// Submit spools j and returns its ID once the job is safely on disk; the
// queue sends it in the background.
func (q *Queue) Submit(j Job) (string, error) {
	jobs := []Job{j}
	if err := q.submit(jobs); err != nil {
		return "", err
	}
	return jobs[0].ID, nil
}

// SubmitBatch spools jobs as one batch, so progress counts them ("57 of
// 200"), and returns the batch ID. Either every job is spooled or none is.
func (q *Queue) SubmitBatch(jobs []Job) (string, error) {
	if len(jobs) == 0 {
		return "", core.Errorf(core.EINVALID, "empty_batch", "There is nothing to print.")
	}
	batch := uuid.NewString()
	jobs = slices.Clone(jobs)
	for i := range jobs {
		jobs[i].Batch, jobs[i].BatchSize = batch, len(jobs)
	}
	return batch, q.submit(jobs)
}

func (q *Queue) submit(jobs []Job) error {
	for i := range jobs {
		j := &jobs[i]
		if len(j.Data) == 0 {
			return core.Errorf(core.EINVALID, "empty_job", "The print job %q is empty.", j.Name)
		}
		if j.Format != FormatPDF && j.Format != FormatZPL {
			return core.Errorf(core.EINVALID, "bad_format", "Print jobs are pdf or zpl, not %q.", j.Format)
		}
		if j.ID == "" {
			j.ID = uuid.NewString()
		}
	}
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return core.Errorf(core.EUNAVAILABLE, "queue_closed", "Printing has stopped: the print queue is closed.")
	}
	first := q.seq + 1
	q.seq += int64(len(jobs))
	q.mu.Unlock()

	now := time.Now()
	spool := make([]*spooled, len(jobs))
	for i, j := range jobs {
		s := &spooled{Seq: first + int64(i), ID: j.ID, Name: j.Name, Format: j.Format,
			Batch: j.Batch, BatchSize: j.BatchSize, Submitted: now}
		if err := writeSpool(q.dir, s, j.Data); err != nil {
			for _, w := range spool[:i] {
				os.Remove(w.path)
			}
			return core.Errorf(core.EINTERNAL, "spool_failed", "The print job could not be saved, so nothing was queued (%v).", err)
		}
		spool[i] = s
	}

	q.mu.Lock()
	for _, s := range spool {
		// Concurrent submits may finish out of order: keep sequence order.
		at, _ := slices.BinarySearchFunc(q.jobs, s.Seq, func(a *spooled, seq int64) int { return int(a.Seq - seq) })
		q.jobs = slices.Insert(q.jobs, at, s)
	}
	for _, s := range spool {
		q.emitLocked(q.progressLocked(EventQueued, s, nil))
	}
	q.mu.Unlock()
	q.poke()
	return nil
}

// Retry makes the queue try again now instead of waiting out its backoff,
// as after a person switched the printer on.
func (q *Queue) Retry() {
	q.mu.Lock()
	q.next, q.backoff = time.Time{}, 0
	q.mu.Unlock()
	q.poke()
}

// Cancel removes a waiting job and its spool file. A job being sent right
// now cannot be cancelled.
func (q *Queue) Cancel(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := slices.IndexFunc(q.jobs, func(s *spooled) bool { return s.ID == id })
	switch {
	case i < 0:
		return core.Errorf(core.ENOTFOUND, "no_print_job", "There is no print job %s waiting.", id)
	case q.jobs[i] == q.inFlight:
		return core.Errorf(core.ECONFLICT, "printing_now", "%s is being sent to the printer right now.", q.jobs[i].Name)
	}
	s := q.jobs[i]
	if err := os.Remove(s.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return core.Errorf(core.EINTERNAL, "spool_failed", "The print job file could not be removed (%v).", err)
	}
	q.jobs = slices.Delete(q.jobs, i, i+1)
	q.emitLocked(q.progressLocked(EventCancelled, s, nil))
	return nil
}

// Pending lists the waiting jobs in the order they will print.
func (q *Queue) Pending() []JobInfo {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]JobInfo, len(q.jobs))
	for i, s := range q.jobs {
		out[i] = s.info()
	}
	return out
}

// Status sums up the queue.
func (q *Queue) Status() Status {
	q.mu.Lock()
	defer q.mu.Unlock()
	st := Status{Pending: len(q.jobs), Sent: q.sent}
	if q.lastErr != nil {
		st.Failing, st.LastError, st.NextRetry = true, q.lastErr, q.next
	}
	return st
}

// Close stops the queue: a send in progress is broken off, and every job
// not yet delivered stays in the spool for the next Open. Progress events
// already emitted are delivered before Close returns.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	q.mu.Unlock()
	q.cancel()
	<-q.workerDone
	<-q.notifyDone
	return nil
}

func (q *Queue) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run is the queue's worker: it sends the first waiting job whenever the
// backoff allows, until Close.
func (q *Queue) run() {
	defer close(q.workerDone)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for q.ctx.Err() == nil {
		q.mu.Lock()
		var job *spooled
		var wait time.Duration = -1 // -1: until poked
		if len(q.jobs) > 0 {
			if d := time.Until(q.next); d > 0 {
				wait = d
			} else {
				job = q.jobs[0]
				q.inFlight = job
			}
		}
		q.mu.Unlock()
		if job != nil {
			q.send(job)
			continue
		}
		var tick <-chan time.Time
		if wait >= 0 {
			timer.Reset(wait)
			tick = timer.C
		}
		select {
		case <-q.ctx.Done():
			return
		case <-q.wake:
		case <-tick:
		}
		timer.Stop()
	}
}

// send makes one attempt at a job.
func (q *Queue) send(s *spooled) {
	_, data, readErr := readSpool(s.path, true)
	var err error
	if readErr == nil {
		err = q.printer.Print(q.ctx, Job{ID: s.ID, Name: s.Name, Format: s.Format, Data: data, Batch: s.Batch, BatchSize: s.BatchSize})
	}

	q.mu.Lock()
	defer q.mu.Unlock()
	q.inFlight = nil
	if q.ctx.Err() != nil && readErr == nil && err != nil {
		return // closing broke the send off: the job stays in the spool
	}
	remove := func() { q.jobs = slices.DeleteFunc(q.jobs, func(x *spooled) bool { return x == s }) }
	switch {
	case readErr != nil:
		os.Rename(s.path, s.path+".bad")
		remove()
		q.emitLocked(q.progressLocked(EventDropped, s,
			core.Errorf(core.EINTERNAL, "bad_spool_file", "The print job file for %s could not be read (%v); submit it again.", s.Name, readErr)))
	case err == nil:
		// Delivered. Should the removal fail, the job would print again
		// after a restart: better twice than never.
		os.Remove(s.path)
		remove()
		q.sent++
		q.lastErr, q.backoff, q.next = nil, 0, time.Time{}
		q.emitLocked(q.progressLocked(EventSent, s, nil))
	default:
		s.failures++
		q.backoff = min(max(2*q.backoff, q.opts.MinBackoff), q.opts.MaxBackoff)
		q.next = time.Now().Add(q.backoff)
		q.lastErr = err
		p := q.progressLocked(EventFailed, s, err)
		p.RetryIn = q.backoff
		q.emitLocked(p)
	}
}

// progressLocked builds an event about s; q.mu is held.
func (q *Queue) progressLocked(ev Event, s *spooled, err error) Progress {
	p := Progress{Event: ev, Job: s.info(), Err: err, Pending: len(q.jobs), Sent: q.sent}
	if s.Batch != "" {
		waiting := 0
		for _, x := range q.jobs {
			if x.Batch == s.Batch {
				waiting++
			}
		}
		p.Total, p.Done = s.BatchSize, s.BatchSize-waiting
	}
	return p
}

// emitLocked queues an event for OnProgress; q.mu is held.
func (q *Queue) emitLocked(p Progress) {
	if q.opts.OnProgress == nil {
		return
	}
	q.events = append(q.events, p)
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// notifier hands events to OnProgress one at a time, in order, and drains
// what is left once the worker has stopped.
func (q *Queue) notifier() {
	defer close(q.notifyDone)
	deliver := func() {
		for {
			q.mu.Lock()
			evs := q.events
			q.events = nil
			q.mu.Unlock()
			if len(evs) == 0 {
				return
			}
			for _, p := range evs {
				q.opts.OnProgress(p)
			}
		}
	}
	for {
		select {
		case <-q.notify:
			deliver()
		case <-q.workerDone:
			deliver()
			return
		}
	}
}
