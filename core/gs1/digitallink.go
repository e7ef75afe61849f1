package gs1

import (
	"net/url"
	"strings"
)

// parseDigitalLink reads a GS1 Digital Link URI (uncompressed form) on any
// domain: https://example.com[/any/stem]/01/09506000134352/10/ABC123?17=261231
//
// The path is read from the right in AI/value pairs up to and including the
// first primary key (dlpkey); whatever precedes it is the domain's own stem.
// The qualifiers after the primary key must follow one of its dlpkey
// sequences in order. Query parameters whose names are numeric are AIs and
// must be allowed as Digital Link attributes (flag "?") and must not be one
// of the primary key's qualifiers, which belong in the path; other
// parameters (linkType, context, ...) are ignored. No AI may be given twice,
// even with the same value. Path segments are percent-decoded; query values
// are form-decoded (percent-escapes, and "+" is a space). A GTIN-8, -12 or
// -13 given as (01) is padded to 14 digits.
func parseDigitalLink(raw string) (Elements, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, invalid(ReasonNotGS1, "This web link cannot be read: %q.", abbreviate(raw))
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	var path Elements
	var key *AI
	for i := len(segs); i >= 2; i -= 2 {
		a, ok := Lookup(segs[i-2])
		if !ok {
			break
		}
		v, err := url.PathUnescape(segs[i-1])
		if err != nil {
			return nil, invalid(ReasonBadDigitalLink, "The web link has a broken %%-escape in %q.", segs[i-1])
		}
		path = append(Elements{{AI: a.Code, Value: v}}, path...)
		if a.PrimaryKey {
			key = a
			break
		}
	}
	if key == nil {
		return nil, invalid(ReasonNotGS1, "This web link is not a GS1 Digital Link: its path has no GS1 key such as /01/ followed by a GTIN.")
	}
	if key.Code == "01" {
		if n := len(path[0].Value); (n == 8 || n == 12 || n == 13) && isDigits(path[0].Value) {
			path[0].Value = strings.Repeat("0", 14-n) + path[0].Value
		}
	}
	if err := checkQualifiers(key, path[1:]); err != nil {
		return nil, err
	}
	query, err := queryElements(u.RawQuery, key, path)
	if err != nil {
		return nil, err
	}
	return append(path, query...), nil
}

// checkQualifiers checks that the path qualifiers after the primary key are
// an in-order selection from one of its dlpkey sequences.
func checkQualifiers(key *AI, quals Elements) error {
	if len(quals) == 0 {
		return nil
	}
	for _, seq := range key.Qualifiers {
		if inOrder(seq, quals) {
			return nil
		}
	}
	if len(key.Qualifiers) == 0 {
		return invalid(ReasonBadDigitalLink, "In a GS1 Digital Link, %s takes no further path elements; (%s) must go in the query (?%s=...), if at all.", label(key.Code), quals[0].AI, quals[0].AI)
	}
	var orders []string
	for _, seq := range key.Qualifiers {
		orders = append(orders, strings.Join(seq, "/"))
	}
	return invalid(ReasonBadDigitalLink, "In a GS1 Digital Link, the path after %s may only hold, in this order: %s.", label(key.Code), strings.Join(orders, " or "))
}

// inOrder reports whether every qualifier is in seq, in seq's order.
func inOrder(seq []string, quals Elements) bool {
	k := 0
	for _, q := range quals {
		for k < len(seq) && seq[k] != q.AI {
			k++
		}
		if k == len(seq) {
			return false
		}
		k++
	}
	return true
}

// queryElements turns the numeric query parameters into elements. path
// holds the elements already read from the path, key the primary key.
func queryElements(rawQuery string, key *AI, path Elements) (Elements, error) {
	var es Elements
	for _, kv := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if !isDigits(k) {
			continue // not an AI: linkType, context, ...
		}
		a, ok := Lookup(k)
		if !ok {
			return nil, invalid(ReasonUnknownAI, "Unknown GS1 Application Identifier (%s) in the web link.", k)
		}
		if isQualifier(key, k) {
			return nil, invalid(ReasonBadDigitalLink, "In a GS1 Digital Link, %s qualifies %s and belongs in the path (/%s/...), not in the query.", label(k), label(key.Code), k)
		}
		if !a.DigitalLinkAttr {
			return nil, invalid(ReasonBadDigitalLink, "In a GS1 Digital Link, %s may not be a query parameter.", label(k))
		}
		if path.Has(k) || es.Has(k) {
			return nil, invalid(ReasonDuplicateAI, "The web link gives %s twice.", label(k))
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, invalid(ReasonBadDigitalLink, "The web link has a broken %%-escape in %q.", v)
		}
		es = append(es, Element{AI: k, Value: val})
	}
	return es, nil
}

// isQualifier reports whether ai is one of key's Digital Link path
// qualifiers, e.g. BATCH/LOT (10) of GTIN (01).
func isQualifier(key *AI, ai string) bool {
	for _, seq := range key.Qualifiers {
		for _, q := range seq {
			if q == ai {
				return true
			}
		}
	}
	return false
}
