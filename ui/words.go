package ui

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// headline is the one or two words shown large for an error: what went
// wrong, readable at arm's length.
func headline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrWrongBin.Reason:
		return "WRONG BIN"
	case core.ErrWrongItem.Reason:
		return "WRONG ITEM"
	case core.ErrOverPick.Reason:
		return "TOO MANY"
	case core.ErrWrongTote.Reason:
		return "WRONG TOTE"
	case core.ErrToteInUse.Reason:
		return "TOTE IN USE"
	case core.ErrBinNotConfirmed.Reason:
		return "SCAN THE BIN"
	case core.ErrToteExpected.Reason:
		return "SCAN THE TOTE"
	case core.ErrCaptureRequired.Reason:
		return "NEEDS LOT / SERIAL"
	case core.ErrExpired.Reason:
		return "EXPIRED"
	case core.ErrDuplicateSerial.Reason:
		return "SERIAL ALREADY USED"
	case core.ErrOrderCancelled.Reason:
		return "ORDER CANCELLED"
	case core.ErrUnknownCode.Reason:
		return "UNKNOWN CODE"
	case "bad_check_digit":
		return "BAD CHECK DIGIT"
	case core.ErrNothingToPick.Reason:
		return "NOTHING TO PICK"
	case core.ErrBadCredentials.Reason:
		return "NOT SIGNED IN"
	case core.ErrNotAllowed.Reason:
		return "NOT ALLOWED"
	}
	switch core.ErrorCode(err) {
	case core.EINVALID:
		return "BAD SCAN"
	case core.EINTERNAL:
		return "NOT SAVED"
	}
	return "NOT NOW"
}

func upper(s string) string { return strings.ToUpper(s) }

// plural says a count with its noun: "1 order", "3 orders".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
