package core

import (
	"errors"
	"fmt"
)

// Error codes group domain errors by what the person at the station, or the
// program calling us, should do about them.
const (
	EINVALID      = "invalid"      // the input itself is wrong (bad check digit, unknown code)
	ENOTFOUND     = "not_found"    // the thing scanned or asked for does not exist here
	ECONFLICT     = "conflict"     // valid input, but not now (wrong bin, over-pick, order cancelled)
	EUNAUTHORIZED = "unauthorized" // sign in first, or wrong PIN
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed (role, location, lock-out)
	EUNAVAILABLE  = "unavailable"  // a dependency (hub, printer) cannot be reached now; try later
	EINTERNAL     = "internal"     // a bug or a broken database; not the person's fault
)

// Error is a domain error: a machine-readable Code and a Message written for
// the person at the station. Reason, when set, is a short stable key for the
// specific rule that was broken ("wrong_bin", "bad_check_digit") so the UI
// and the hub can react to it without parsing text.
//
// Args are the values Errorf wrote into Message, in order (the order, bin
// or item it names), so a screen that speaks another language can say the
// same in its own words from the Reason and these values, without parsing
// the English Message.
type Error struct {
	Code    string
	Reason  string
	Message string
	Args    []any
}

func (e *Error) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Reason, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Is reports whether target is a domain error for the same rule: the same
// reason when target has one (reasons are unique, whatever the code), else
// the same code. So sentinel values like ErrWrongBin match errors built with
// Errorf and a more specific message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	if t.Reason != "" {
		return t.Reason == e.Reason
	}
	return t.Code == e.Code
}

// Errorf returns a domain error with a formatted message, keeping the
// values in Args.
func Errorf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...), Args: args}
}

// Explained returns a domain error whose English message says more than
// its values: words core wrote in English (a hint built from the step, a
// list of what is missing, "try" or "tries") are in message only, and
// values are just the values a translation names (the order, the bin), in
// the order the translation's {{.V1}}, {{.V2}}… take them. So a screen in
// another language never shows core's English inside its own sentence.
func Explained(code, reason, message string, values ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: message, Args: values}
}

// ErrorArgs returns the values of the domain error in err's chain (see
// Error.Args), or nil.
func ErrorArgs(err error) []any {
	var e *Error
	if errors.As(err, &e) {
		return e.Args
	}
	return nil
}

// ErrorCode returns the code of the domain error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorReason returns the reason key of the domain error in err's chain, or "".
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// ErrorMessage returns the person-readable message of the domain error in
// err's chain; any other error becomes a generic message, because internal
// details mean nothing at the station (they go to the log instead).
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Something went wrong inside Stationhand. Nothing was recorded for this scan; try again or call a supervisor."
	}
}

// Sentinel domain errors the workflows return (wrapped or as is). Compare
// with errors.Is; the UI shows ErrorMessage.
var (
	ErrUnknownCode     = &Error{Code: ENOTFOUND, Reason: "unknown_code", Message: "This barcode is not known here."}
	ErrWrongBin        = &Error{Code: ECONFLICT, Reason: "wrong_bin", Message: "Wrong bin."}
	ErrBinNotConfirmed = &Error{Code: ECONFLICT, Reason: "bin_not_confirmed", Message: "Scan the bin first."}
	ErrWrongItem       = &Error{Code: ECONFLICT, Reason: "wrong_item", Message: "Wrong item."}
	ErrOverPick        = &Error{Code: ECONFLICT, Reason: "over_pick", Message: "All units of this line are already picked."}
	ErrWrongTote       = &Error{Code: ECONFLICT, Reason: "wrong_tote", Message: "This tote belongs to another order."}
	ErrToteExpected    = &Error{Code: ECONFLICT, Reason: "tote_expected", Message: "Put the item in its tote: scan the tote."}
	ErrCaptureRequired = &Error{Code: ECONFLICT, Reason: "capture_required", Message: "This item needs its lot, serial or expiry: scan the GS1 barcode."}
	ErrDuplicateSerial = &Error{Code: ECONFLICT, Reason: "duplicate_serial", Message: "This serial number was already scanned."}
	ErrExpired         = &Error{Code: ECONFLICT, Reason: "expired", Message: "This item is past its expiry date."}
	ErrOrderCancelled  = &Error{Code: ECONFLICT, Reason: "order_cancelled", Message: "This order was cancelled."}
	ErrOrderNotOpen    = &Error{Code: ECONFLICT, Reason: "order_not_open", Message: "This order is not open for picking."}
	ErrOrderClaimed    = &Error{Code: ECONFLICT, Reason: "order_claimed", Message: "Someone else is already picking this order."}
	ErrToteInUse       = &Error{Code: ECONFLICT, Reason: "tote_in_use", Message: "This tote is already in use for another order."}
	ErrNothingToUndo   = &Error{Code: ECONFLICT, Reason: "nothing_to_undo", Message: "There is nothing to undo."}
	ErrNothingToPick   = &Error{Code: ENOTFOUND, Reason: "nothing_to_pick", Message: "There are no orders waiting to be picked."}
	ErrBadQuantity     = &Error{Code: EINVALID, Reason: "bad_quantity", Message: "That quantity is not possible here."}
	ErrBadCredentials  = &Error{Code: EUNAUTHORIZED, Reason: "bad_credentials", Message: "Wrong PIN or unknown badge."}
	ErrNotAllowed      = &Error{Code: EFORBIDDEN, Reason: "role", Message: "You are not allowed to do this."}
	ErrSchemaTooNew    = &Error{Code: EINTERNAL, Reason: "schema_too_new", Message: "This database was written by a newer version of Stationhand. Update Stationhand; the database was not changed."}
)
