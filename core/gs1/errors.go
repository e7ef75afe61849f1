package gs1

import (
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// Reason keys of the errors this package returns. Every rejection is a
// *core.Error with Code core.EINVALID and one of these reasons, so callers
// can react to the rule that was broken without parsing the message.
const (
	ReasonBadCheckDigit    = "bad_check_digit"
	ReasonBadDate          = "bad_date"
	ReasonBadTime          = "bad_time"
	ReasonBadLength        = "bad_length"
	ReasonBadCharset       = "bad_charset"
	ReasonBadValue         = "bad_value"
	ReasonUnknownAI        = "unknown_ai"
	ReasonMissingRequisite = "missing_requisite"
	ReasonExcludedPair     = "excluded_pair"
	ReasonDuplicateAI      = "duplicate_ai"
	ReasonMalformed        = "malformed"
	ReasonNotGS1           = "not_gs1"
	ReasonBadDigitalLink   = "bad_digital_link"
	ReasonTooLong          = "too_long"
)

// Sentinel errors, one per reason. Compare with errors.Is: a *core.Error
// matches a sentinel when code and reason are equal, whatever its message.
var (
	ErrBadCheckDigit    = sentinel(ReasonBadCheckDigit, "The check digit does not match the number.")
	ErrBadDate          = sentinel(ReasonBadDate, "The date in this barcode does not exist.")
	ErrBadTime          = sentinel(ReasonBadTime, "The time in this barcode does not exist.")
	ErrBadLength        = sentinel(ReasonBadLength, "A value in this barcode has the wrong length.")
	ErrBadCharset       = sentinel(ReasonBadCharset, "A value in this barcode has characters that are not allowed.")
	ErrBadValue         = sentinel(ReasonBadValue, "A value in this barcode is not one of the allowed values.")
	ErrUnknownAI        = sentinel(ReasonUnknownAI, "This barcode uses an Application Identifier that does not exist.")
	ErrMissingRequisite = sentinel(ReasonMissingRequisite, "This barcode lacks a value that another one needs.")
	ErrExcludedPair     = sentinel(ReasonExcludedPair, "This barcode holds two values that may not be together.")
	ErrDuplicateAI      = sentinel(ReasonDuplicateAI, "This barcode holds the same Application Identifier twice with different values.")
	ErrMalformed        = sentinel(ReasonMalformed, "This is not well-formed GS1 data.")
	ErrNotGS1           = sentinel(ReasonNotGS1, "This barcode does not carry GS1 data.")
	ErrBadDigitalLink   = sentinel(ReasonBadDigitalLink, "This web link is not a valid GS1 Digital Link.")
	ErrTooLong          = sentinel(ReasonTooLong, "This is longer than any GS1 barcode can carry.")
)

func sentinel(reason, msg string) *core.Error {
	return &core.Error{Code: core.EINVALID, Reason: reason, Message: msg}
}

// invalid builds a rejection with the given reason.
func invalid(reason, format string, args ...any) *core.Error {
	return core.Errorf(core.EINVALID, reason, format, args...)
}

// label names an AI the way messages show it: "SSCC (00)".
func label(ai string) string {
	if a, ok := Lookup(ai); ok && a.Title != "" {
		return fmt.Sprintf("%s (%s)", a.Title, ai)
	}
	return "(" + ai + ")"
}
