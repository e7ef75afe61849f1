package pack

import (
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
