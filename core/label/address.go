package label

import (
	"strings"

	"github.com/stationhand/stationhand/core"
)

// postcodeFirst lists countries (ISO 3166-1 alpha-2) whose addresses put
// the postal code before the city ("10115 Berlin"); elsewhere the city
// comes first ("Springfield IL 62704").
var postcodeFirst = map[string]bool{
	"AT": true, "BE": true, "CH": true, "CZ": true, "DE": true, "DK": true, "ES": true,
	"FI": true, "FR": true, "GR": true, "HU": true, "IT": true, "LU": true, "NL": true,
	"NO": true, "PL": true, "PT": true, "SE": true, "SK": true, "SI": true, "HR": true,
	"RO": true, "BG": true, "EE": true, "LT": true, "LV": true, "IS": true, "LI": true,
	"RU": true, "UA": true, "BY": true, "TR": true, "IL": true, "CN": true, "TW": true,
	"JP": true, "BR": true, "AR": true, "MX": true,
}

// addressLines returns the lines of a postal address as printed: name,
// company, street lines, the city line, the country code. Empty parts are
// left out; every part is cleaned for printing.
func addressLines(a core.Address) (name string, rest []string, cityLine string, country string) {
	name = clean(a.Name)
	if c := clean(a.Company); c != "" {
		if name == "" {
			name = c
		} else {
			rest = append(rest, c)
		}
	}
	for _, l := range []string{a.Line1, a.Line2} {
		if l = clean(l); l != "" {
			rest = append(rest, l)
		}
	}
	city, region, pc := clean(a.City), clean(a.Region), clean(a.PostalCode)
	country = strings.ToUpper(clean(a.Country))
	var parts []string
	if postcodeFirst[country] {
		parts = []string{pc, city, region}
	} else {
		parts = []string{city, region, pc}
	}
	cityLine = strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
	return name, rest, cityLine, country
}
