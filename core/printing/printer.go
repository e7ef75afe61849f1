package printing

import (
	"context"

	"github.com/stationhand/stationhand/core"
)

// Document formats a job can carry.
const (
	FormatPDF = "pdf"
	FormatZPL = "zpl"
)

// Job is one document to print.
type Job struct {
	ID     string // unique; the Queue assigns one when empty
	Name   string // what it is, for people: "Label WEB-1 package 1 of 2"
	Format string // FormatPDF or FormatZPL
	Data   []byte

	// Batch groups jobs submitted together (SubmitBatch) so progress can
	// say "57 of 200"; BatchSize is how many the batch had.
	Batch     string
	BatchSize int
}

// Printer delivers one document to a printer, or to a folder standing in
// for one. Print returns once the document has been handed over, or an
// error (a *core.Error with code EUNAVAILABLE when the printer cannot be
// reached now) after which the job may be sent again.
type Printer interface {
	Print(ctx context.Context, j Job) error
	// String says where it prints, for people: "CUPS queue zebra1".
	String() string
}

// ErrUnavailable matches (with errors.Is) every error saying the printer
// could not take a job now; retrying later may succeed.
var ErrUnavailable = &core.Error{Code: core.EUNAVAILABLE, Reason: "printer_unavailable", Message: "The printer cannot be reached."}

// unavailable builds the error a Printer returns when a job did not get
// through: the message tells the person what happened and that the job is
// kept.
func unavailable(p Printer, format string, args ...any) error {
	return core.Errorf(core.EUNAVAILABLE, ErrUnavailable.Reason, "%s: "+format, append([]any{p}, args...)...)
}
