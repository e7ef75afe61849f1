package gs1

import (
	"fmt"
	"strings"
)

// A linter checks the content of one component whose length and character
// set are already known to be right. It returns "" when the content is
// fine, otherwise a reason key and a short detail for the message.
type linter func(s string) (reason, detail string)

// linters maps the dictionary's linter names to their checks. How each is
// treated:
//
//   - csum: GS1 mod-10 check digit. csumalpha: alphanumeric check pair.
//   - yymmdd, yymmd0 (DD=00 allowed), yyyymmdd: calendar dates.
//     hh, mi, ss, hhmi: times of day.
//   - iso3166, iso3166999 (or 999), iso3166alpha2, iso4217: ISO code lists.
//     iban: country code, characters and mod-97 checksum. packagetype:
//     UN/ECE Rec. 21 codes plus GS1's. mediatype: AIDC media type codes.
//   - pcenc: "%" is followed by two hex digits. yesno, winding, iso5218,
//     zero, nonzero, nozeroprefix, hyphen, hasnondigit, importeridx,
//     pieceoftotal, posinseqslash, latitude, longitude: their value rules.
//   - gcppos1, gcppos2 (key-ish): a real check needs GS1's GS1 Company
//     Prefix database, which Stationhand does not have offline; only the
//     shape is checked, at least 4 digits where the prefix starts.
//   - couponcode, couponposoffer (North American coupons): length and
//     character set only; their inner structure is not checked.
//
// A test asserts every linter named in the embedded dictionary is here, so
// a dictionary update that adds one fails loudly instead of passing data.
var linters = map[string]linter{
	"csum":           lintCsum,
	"csumalpha":      lintCsumAlpha,
	"yymmdd":         func(s string) (string, string) { return dateResult(checkYYMMDD(s, false)) },
	"yymmd0":         func(s string) (string, string) { return dateResult(checkYYMMDD(s, true)) },
	"yyyymmdd":       func(s string) (string, string) { return dateResult(checkYYYYMMDD(s)) },
	"hh":             func(s string) (string, string) { return timeResult(checkClock(s, "hour", 23)) },
	"mi":             func(s string) (string, string) { return timeResult(checkClock(s, "minute", 59)) },
	"ss":             func(s string) (string, string) { return timeResult(checkClock(s, "second", 59)) },
	"hhmi":           lintHHMI,
	"iso3166":        listLinter(iso3166, "%s is not an ISO 3166 country code"),
	"iso3166999":     lintISO3166999,
	"iso3166alpha2":  listLinter(iso3166Alpha2, "%s is not an ISO 3166 two-letter country code"),
	"iso4217":        listLinter(iso4217, "%s is not an ISO 4217 currency code"),
	"iso5218":        listLinter(setOf("0", "1", "2", "9"), "%s is not an ISO 5218 sex code (0, 1, 2 or 9)"),
	"mediatype":      listLinter(mediaTypes, "%s is not an AIDC media type"),
	"packagetype":    listLinter(packageTypes, "%s is not a package type code"),
	"yesno":          listLinter(setOf("0", "1"), "%s must be 0 (no) or 1 (yes)"),
	"winding":        listLinter(setOf("0", "1", "9"), "winding direction %s must be 0, 1 or 9"),
	"zero":           listLinter(setOf("0"), "%s must be 0"),
	"nonzero":        lintNonZero,
	"nozeroprefix":   lintNoZeroPrefix,
	"hyphen":         lintHyphen,
	"hasnondigit":    lintHasNonDigit,
	"importeridx":    lintImporterIndex,
	"pieceoftotal":   lintPieceOfTotal,
	"posinseqslash":  lintPosInSeqSlash,
	"latitude":       bound(1800000000, "latitude"),
	"longitude":      bound(3600000000, "longitude"),
	"pcenc":          lintPercentEncoding,
	"iban":           lintIBAN,
	"gcppos1":        lintGCP(0),
	"gcppos2":        lintGCP(1),
	"couponcode":     func(string) (string, string) { return "", "" },
	"couponposoffer": func(string) (string, string) { return "", "" },
}

func dateResult(detail string) (string, string) {
	if detail == "" {
		return "", ""
	}
	return ReasonBadDate, detail
}

func timeResult(detail string) (string, string) {
	if detail == "" {
		return "", ""
	}
	return ReasonBadTime, detail
}

func lintCsum(s string) (string, string) {
	if len(s) < 2 {
		return ReasonBadLength, "too short for a check digit"
	}
	if want := checkDigit(s[:len(s)-1]); want != s[len(s)-1] {
		return ReasonBadCheckDigit, fmt.Sprintf("expected %c, got %c", want, s[len(s)-1])
	}
	return "", ""
}

func lintCsumAlpha(s string) (string, string) {
	if len(s) < 2 {
		return ReasonBadLength, "too short for check characters"
	}
	want, err := CheckPair(s[:len(s)-2])
	if err != nil {
		return ReasonBadLength, "too long for check characters"
	}
	if got := s[len(s)-2:]; got != want {
		return ReasonBadCheckDigit, fmt.Sprintf("the check characters should be %s, got %s", want, got)
	}
	return "", ""
}

func lintHHMI(s string) (string, string) {
	if d := checkClock(s[:2], "hour", 23); d != "" {
		return ReasonBadTime, d
	}
	return timeResult(checkClock(s[2:], "minute", 59))
}

func setOf(vals ...string) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[v] = true
	}
	return m
}

func listLinter(set map[string]bool, format string) linter {
	return func(s string) (string, string) {
		if set[s] {
			return "", ""
		}
		return ReasonBadValue, fmt.Sprintf(format, s)
	}
}

func lintISO3166999(s string) (string, string) {
	if s == "999" || iso3166[s] {
		return "", ""
	}
	return ReasonBadValue, fmt.Sprintf("%s is not an ISO 3166 country code or 999", s)
}

func lintNonZero(s string) (string, string) {
	if strings.Trim(s, "0") == "" {
		return ReasonBadValue, "it must not be zero"
	}
	return "", ""
}

func lintNoZeroPrefix(s string) (string, string) {
	if strings.HasPrefix(s, "0") {
		return ReasonBadValue, "it must not start with 0"
	}
	return "", ""
}

func lintHyphen(s string) (string, string) {
	if strings.Trim(s, "-") != "" {
		return ReasonBadValue, fmt.Sprintf("%q must be a hyphen", s)
	}
	return "", ""
}

func lintHasNonDigit(s string) (string, string) {
	if isDigits(s) {
		return ReasonBadValue, "it must contain a character other than a digit"
	}
	return "", ""
}

var setImporterIndex = makeSet("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")

func lintImporterIndex(s string) (string, string) {
	if len(s) != 1 || !setImporterIndex.has(s[0]) {
		return ReasonBadValue, fmt.Sprintf("%q is not an importer index", s)
	}
	return "", ""
}

// lintPieceOfTotal checks "PPTT": piece PP of TT, both non-zero, PP <= TT.
func lintPieceOfTotal(s string) (string, string) {
	if len(s)%2 != 0 || !isDigits(s) {
		return ReasonBadValue, "piece and total must be two numbers of equal width"
	}
	p, t := s[:len(s)/2], s[len(s)/2:]
	switch {
	case strings.Trim(p, "0") == "":
		return ReasonBadValue, "piece number 0 does not exist"
	case strings.Trim(t, "0") == "":
		return ReasonBadValue, "total number of pieces must not be 0"
	case p > t:
		return ReasonBadValue, fmt.Sprintf("piece %s is more than the total %s", p, t)
	}
	return "", ""
}

// lintPosInSeqSlash checks "<pos>/<end>", both without leading zeros.
func lintPosInSeqSlash(s string) (string, string) {
	p, e, ok := strings.Cut(s, "/")
	if !ok || !isDigits(p) || !isDigits(e) {
		return ReasonBadValue, fmt.Sprintf("%q must look like 1/2", s)
	}
	if p[0] == '0' || e[0] == '0' {
		return ReasonBadValue, fmt.Sprintf("%q: numbers must not start with 0", s)
	}
	if len(p) > len(e) || (len(p) == len(e) && p > e) {
		return ReasonBadValue, fmt.Sprintf("position %s is past the end %s", p, e)
	}
	return "", ""
}

func bound(max int, what string) linter {
	return func(s string) (string, string) {
		n := 0
		for i := 0; i < len(s); i++ {
			n = n*10 + int(s[i]-'0')
		}
		if n > max {
			return ReasonBadValue, fmt.Sprintf("%s %s is out of range", what, s)
		}
		return "", ""
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func lintPercentEncoding(s string) (string, string) {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return ReasonBadValue, "a % must be followed by two hex digits"
		}
		i += 2
	}
	return "", ""
}

// lintIBAN checks an ISO 13616 IBAN: known country, A-Z0-9, mod 97 = 1.
func lintIBAN(s string) (string, string) {
	if len(s) <= 10 || len(s) > 34 || !iso3166Alpha2[s[:2]] {
		return ReasonBadValue, fmt.Sprintf("%s is not an IBAN", s)
	}
	rem := 0
	for k := 0; k < len(s); k++ {
		c := s[(k+4)%len(s)]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return ReasonBadValue, fmt.Sprintf("%q is not allowed in an IBAN", c)
		}
	}
	if rem != 1 {
		return ReasonBadCheckDigit, fmt.Sprintf("the IBAN check digits %s do not match", s[2:4])
	}
	return "", ""
}

// lintGCP checks the shape of a GS1 Company Prefix starting at offset.
func lintGCP(offset int) linter {
	return func(s string) (string, string) {
		if len(s) < offset+4 || !isDigits(s[offset:offset+4]) {
			return ReasonBadValue, "it does not start with a GS1 Company Prefix"
		}
		return "", ""
	}
}
