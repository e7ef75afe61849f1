package pack

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// MaxWeightG is the heaviest package weight accepted: 1000 kg.
const MaxWeightG = 1_000_000

// weightRE reads what a person types or a scale sends like a keyboard:
// an optional status prefix some scales put first ("ST,GS,"), an optional
// plus sign, a number with a decimal point or comma, and an optional unit.
var weightRE = regexp.MustCompile(`(?i)^(?:[A-Z]{2},)*\s*\+?\s*(\d{1,7}(?:[.,]\d{1,4})?)\s*(kg|g|lbs?|oz)?\.?$`)

var gramsPer = map[string]float64{"": 1000, "kg": 1000, "g": 1, "lb": 453.59237, "lbs": 453.59237, "oz": 28.349523125}

// ParseWeight reads a package weight, in grams: "1.25 kg", "1,25kg",
// "850 g", "2.2 lb", "12 oz", or a scale's "ST,GS,+  1.250kg". A number
// without a unit is in kilograms, as scales and people mostly mean it.
func ParseWeight(s string) (int, error) {
	s = strings.TrimSpace(s)
	m := weightRE.FindStringSubmatch(s)
	if m == nil {
		return 0, core.Errorf(core.EINVALID, core.ErrBadWeight.Reason, "%q is not a weight. Type it like 1.25 kg or 850 g, or use the scale.", s)
	}
	v, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	if err != nil {
		return 0, core.Errorf(core.EINVALID, core.ErrBadWeight.Reason, "%q is not a weight.", s)
	}
	g := int(math.Round(v * gramsPer[strings.ToLower(m[2])]))
	switch {
	case g <= 0:
		return 0, core.Errorf(core.EINVALID, core.ErrBadWeight.Reason, "The weight reads %s: put the package on the scale and weigh again.", strings.TrimSpace(s))
	case g > MaxWeightG:
		return 0, core.Errorf(core.EINVALID, core.ErrBadWeight.Reason, "%s is more than any package here weighs: check the unit (kg or g).", strings.TrimSpace(s))
	}
	return g, nil
}

// LooksLikeWeight reports whether s, typed or sent into a scan field, is
// a weight rather than a barcode or a count: it parses as a weight and
// has a unit or a decimal separator ("1.25", "850g", "2 kg").
func LooksLikeWeight(s string) bool {
	m := weightRE.FindStringSubmatch(strings.TrimSpace(s))
	return m != nil && (m[2] != "" || strings.ContainsAny(m[1], ".,"))
}

// FormatWeight writes grams for people: "850 g" below a kilogram, else
// kilograms with up to three decimals ("1.25 kg").
func FormatWeight(g int) string {
	if g < 1000 {
		return strconv.Itoa(g) + " g"
	}
	return strconv.FormatFloat(float64(g)/1000, 'f', -1, 64) + " kg"
}

// DefaultWeightTolerancePct is the weight check's tolerance when the
// station sets none: ±10% of the contents' product weights.
const DefaultWeightTolerancePct = 10

// WeightWindow is the range of weights the open package may have in carton
// c: the carton's tare plus the product weights of its contents, give or
// take the tolerance on the products and the carton's tare spread. known
// is false when a product in it has no weight on record (nothing to check
// against) or the check is off.
func (o *Order) WeightWindow(c core.Carton) (expected, lo, hi int, known bool) {
	pct := o.WeightTolerancePct
	if pct == 0 {
		pct = DefaultWeightTolerancePct
	}
	b := o.Open()
	if pct < 0 || b == nil {
		return 0, 0, 0, false
	}
	products := 0
	for _, it := range b.Items {
		l := o.line(it.LineID)
		if l == nil || l.WeightG <= 0 {
			return 0, 0, 0, false
		}
		products += l.WeightG * it.Qty
	}
	slack := products*pct/100 + c.TareSpreadG
	expected = c.TareG + products
	return expected, max(expected-slack, 0), expected + slack, true
}

// checkWeight refuses a weight outside the open package's window.
func (o *Order) checkWeight(c core.Carton, weightG int) error {
	exp, lo, hi, known := o.WeightWindow(c)
	if !known || weightG >= lo && weightG <= hi {
		return nil
	}
	how := "more"
	if weightG < lo {
		how = "less"
	}
	return core.Explained(core.ECONFLICT, core.ErrWeightOff.Reason,
		fmt.Sprintf("Package %d weighs %s, %s than it should: about %s in %s (%s to %s). Check the contents and weigh it again, or ask a supervisor to accept the weight (F5 with their badge or PIN).",
			o.Current(), FormatWeight(weightG), how, FormatWeight(exp), c.Name, FormatWeight(lo), FormatWeight(hi)),
		o.Current(), FormatWeight(weightG), FormatWeight(exp), c.Name, FormatWeight(lo), FormatWeight(hi))
}
