package scan

import (
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// Reason keys of the rejections this package makes itself; GS1 data
// rejections keep the gs1 package's reasons.
const (
	ReasonEmpty         = "empty"
	ReasonBadCheckDigit = "bad_check_digit"
	ReasonBadLength     = "bad_length"
	ReasonBadCharset    = "bad_charset"
	ReasonBadValue      = "bad_value"
	ReasonEmptyID       = "empty_id"
	// ReasonSymbology: the data contradicts its symbology identifier, e.g.
	// 13 digits from an EAN-8 (]E4) or 18 digits from a plain Code 128.
	ReasonSymbology = "symbology_mismatch"
	// ReasonAmbiguous: the data reads validly more than one way and
	// nothing settles which, e.g. 8 digits that are an EAN-8 and a UPC-E.
	ReasonAmbiguous = "ambiguous"
	// ReasonTooLong: longer than any barcode can carry (gs1.ReasonTooLong).
	ReasonTooLong = "too_long"
)

func mismatch(format string, args ...any) error {
	return core.Errorf(core.EINVALID, ReasonSymbology, format, args...)
}

// unknown returns an error that matches core.ErrUnknownCode.
func unknown(format string, args ...any) error {
	return &core.Error{
		Code:    core.ErrUnknownCode.Code,
		Reason:  core.ErrUnknownCode.Reason,
		Message: fmt.Sprintf(format, args...),
	}
}

func badCheckDigit(want, got byte) error {
	return core.Errorf(core.EINVALID, ReasonBadCheckDigit,
		"Bad check digit: the last digit should be %s, the scan ends in %s. Rescan or type the code.", string(want), string(got))
}
