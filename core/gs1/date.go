package gs1

import (
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Date converts a GS1 YYMMDD date (as in BEST BEFORE (15) or USE BY or
// EXPIRY (17)) to midnight UTC of that calendar day. The century follows the
// GS1 General Specifications rule relative to now: a two-digit year 51 or
// more years ahead of now's is in the previous century, one 50 or more years
// behind is in the next century, otherwise in now's century. DD = 00 means
// the last day of the month.
func Date(yymmdd string, now time.Time) (time.Time, error) {
	if len(yymmdd) != 6 || !isDigits(yymmdd) {
		return time.Time{}, invalid(ReasonBadDate, "Bad date %q: a GS1 date has six digits, YYMMDD.", yymmdd)
	}
	if detail := checkYYMMDD(yymmdd, true); detail != "" {
		return time.Time{}, core.Explained(core.EINVALID, ReasonBadDate, fmt.Sprintf("Bad date %s: %s.", yymmdd, detail), yymmdd)
	}
	yy, mm, dd := num(yymmdd[0:2]), num(yymmdd[2:4]), num(yymmdd[4:6])
	cur := now.Year()
	century := cur - cur%100
	switch diff := yy - cur%100; {
	case diff >= 51:
		century -= 100
	case diff <= -50:
		century += 100
	}
	year := century + yy
	if dd == 0 {
		dd = daysIn(year, mm)
	}
	return time.Date(year, time.Month(mm), dd, 0, 0, 0, 0, time.UTC), nil
}

func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// checkYYMMDD returns why a six-digit YYMMDD is not a date, or "". Leap
// years are YY divisible by 4, as in the GS1 reference linters (2000 was
// one; 2100 is beyond the window a two-digit year can reach until 2051).
func checkYYMMDD(s string, dayZeroOK bool) string {
	yy, mm, dd := num(s[0:2]), num(s[2:4]), num(s[4:6])
	if mm < 1 || mm > 12 {
		return fmt.Sprintf("month %s does not exist", s[2:4])
	}
	if dd == 0 {
		if dayZeroOK {
			return ""
		}
		return "day 00 is not allowed here"
	}
	max := daysIn(2000+yy, mm)
	if dd > max {
		return fmt.Sprintf("day %s does not exist in month %s", s[4:6], s[2:4])
	}
	return ""
}

func checkYYYYMMDD(s string) string {
	y, mm, dd := num(s[0:4]), num(s[4:6]), num(s[6:8])
	if mm < 1 || mm > 12 {
		return fmt.Sprintf("month %s does not exist", s[4:6])
	}
	if dd < 1 || dd > daysIn(y, mm) {
		return fmt.Sprintf("day %s does not exist in %04d-%s", s[6:8], y, s[4:6])
	}
	return ""
}

// checkClock checks a two-digit hour, minute or second field.
func checkClock(s, what string, max int) string {
	if num(s) > max {
		return fmt.Sprintf("%s %s does not exist", what, s)
	}
	return ""
}
