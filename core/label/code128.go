package label

import "strings"

// Code 128 is encoded here rather than by the barcode library so that the
// bars the layout measures and the ^BC field data the printer receives
// come from one plan of code sets. Without explicit start and switch codes
// a Zebra printer encodes ^BC data in subset B, which is wider than the
// subset C digit pairs an encoder picks, so the printed symbol grew past
// its planned quiet zones.
//
// The plan uses subset C for a leading run of digits (or the whole data
// when it is all digits) and subset B for the rest, switching at most once,
// from C to B (">6"). It never switches back to C (">5"): that is rarely
// worth a module and at least one ZPL interpreter (zebrash, which label
// viewers and our tests use) mishandles it, so data a plan with ">5" would
// shorten simply stays in subset B.

// code128Patterns are the bar and space widths, in modules, of the 107
// Code 128 symbol characters (value 0 to 105, then the stop pattern).
var code128Patterns = [107]string{
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
	"221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
	"221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
	"212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
	"231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
	"314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
	"112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
	"214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
	"114131", "311141", "411131", "211412", "211214", "211232", "2331112",
}

// Code 128 symbol values with a function.
const (
	c128CodeB  = 100 // switch to subset B (from A or C)
	c128FNC1   = 102
	c128StartB = 104
	c128StartC = 105
	c128Stop   = 106
)

// code128 encodes printable ASCII data, led by FNC1 when gs1 is set (GS1-128),
// and returns the modules (true = bar) and the same symbol as ^BC field
// data with explicit start and switch codes. Bytes outside printable ASCII
// are the caller's to refuse.
func code128(data string, gs1 bool) (bars []bool, zpl string) {
	digits := 0
	for digits < len(data) && data[digits] >= '0' && data[digits] <= '9' {
		digits++
	}
	inC := digits &^ 1 // the even-length part of the leading digit run
	switch {
	case digits == len(data) && digits >= 2:
		// All digits: subset C, the odd last digit (if any) in B.
	case digits >= 4:
		// A leading run worth subset C: 4 digits cost 2 symbols and the
		// switch, against 4 symbols in B.
	default:
		inC = 0
	}

	var vals []int
	var z strings.Builder
	if inC > 0 {
		vals = append(vals, c128StartC)
		z.WriteString(">;")
	} else {
		vals = append(vals, c128StartB)
		z.WriteString(">:")
	}
	if gs1 {
		vals = append(vals, c128FNC1)
		z.WriteString(">8")
	}
	for i := 0; i < inC; i += 2 {
		vals = append(vals, int(data[i]-'0')*10+int(data[i+1]-'0'))
	}
	z.WriteString(data[:inC])
	if rest := data[inC:]; rest != "" {
		if inC > 0 {
			vals = append(vals, c128CodeB)
			z.WriteString(">6")
		}
		for i := 0; i < len(rest); i++ {
			vals = append(vals, int(rest[i])-' ')
		}
		// ">" is the invocation character in ^BC data: a literal one is ">0".
		z.WriteString(strings.ReplaceAll(rest, ">", ">0"))
	}
	sum := vals[0]
	for i, v := range vals[1:] {
		sum += (i + 1) * v
	}
	vals = append(vals, sum%103, c128Stop)

	for _, v := range vals {
		dark := true
		for _, w := range code128Patterns[v] {
			for range w - '0' {
				bars = append(bars, dark)
			}
			dark = !dark
		}
	}
	return bars, z.String()
}
