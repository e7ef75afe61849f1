package ui

import (
	"strings"

	"github.com/stationhand/stationhand/core"
)

// headline is the one or two words shown large for an error: what went
// wrong, readable at arm's length.
func headline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrWrongBin.Reason:
		return tr("headline.wrong_bin")
	case core.ErrWrongItem.Reason:
		return tr("headline.wrong_item")
	case core.ErrOverPick.Reason:
		return tr("headline.too_many")
	case core.ErrWrongTote.Reason:
		return tr("headline.wrong_tote")
	case core.ErrToteInUse.Reason:
		return tr("headline.tote_in_use")
	case core.ErrBinNotConfirmed.Reason:
		return tr("headline.scan_the_bin")
	case core.ErrToteExpected.Reason:
		return tr("headline.scan_the_tote")
	case core.ErrCaptureRequired.Reason:
		return tr("headline.needs_lot_serial")
	case core.ErrExpired.Reason:
		return tr("headline.expired")
	case core.ErrDuplicateSerial.Reason:
		return tr("headline.serial_already_used")
	case core.ErrOrderCancelled.Reason:
		return tr("headline.order_cancelled")
	case core.ErrUnknownCode.Reason:
		return tr("headline.unknown_code")
	case "bad_check_digit":
		return tr("headline.bad_check_digit")
	case core.ErrNothingToPick.Reason:
		return tr("headline.nothing_to_pick")
	case core.ErrBadCredentials.Reason:
		return tr("headline.not_signed_in")
	case core.ErrNotAllowed.Reason:
		return tr("headline.not_allowed")
	}
	switch core.ErrorCode(err) {
	case core.EINVALID:
		return tr("headline.bad_scan")
	case core.EINTERNAL:
		return tr("headline.not_saved")
	}
	return tr("headline.not_now")
}

func upper(s string) string { return strings.ToUpper(s) }

// plural says a count with its noun in the language on screen: noun is
// the key of a counted thing ("units"), whose translations are
// "count.<noun>.one" and "count.<noun>.other" ("1 unit", "3 units";
// languages without plural forms say both alike).
func plural(n int, noun string) string {
	if n == 1 {
		return tr("count."+noun+".one", "N", n)
	}
	return tr("count."+noun+".other", "N", n)
}
