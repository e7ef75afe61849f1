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
)

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
		"Bad check digit: the last digit should be %c, the scan ends in %c. Rescan or type the code.", want, got)
}
