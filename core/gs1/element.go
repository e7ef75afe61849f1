package gs1

import "strings"

// GS is the ASCII group separator (0x1D) that scanners transmit for FNC1
// between GS1 element strings.
const GS = "\x1d"

// Element is one Application Identifier with its data, e.g.
// {AI: "10", Value: "ABC123", Title: "BATCH/LOT"}.
type Element struct {
	AI    string
	Value string
	Title string
}

// Elements is a GS1 message: elements in the order they were scanned.
type Elements []Element

// Get returns the value of the first element with the given AI.
func (es Elements) Get(ai string) (string, bool) {
	for _, e := range es {
		if e.AI == ai {
			return e.Value, true
		}
	}
	return "", false
}

// Has reports whether the message holds the AI.
func (es Elements) Has(ai string) bool {
	_, ok := es.Get(ai)
	return ok
}

// Bracketed returns the canonical bracketed form,
// "(01)09506000134352(10)ABC123". A "(" inside a value is written "\(" so
// the string parses back to the same elements; use HRI for print.
func (es Elements) Bracketed() string {
	var b strings.Builder
	for _, e := range es {
		b.WriteByte('(')
		b.WriteString(e.AI)
		b.WriteByte(')')
		b.WriteString(strings.ReplaceAll(e.Value, "(", `\(`))
	}
	return b.String()
}

// HRI returns the human-readable interpretation printed under a barcode,
// "(01)09506000134352(10)ABC123", with values as they are (no escapes).
func (es Elements) HRI() string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("(" + e.AI + ")" + e.Value)
	}
	return b.String()
}

// ElementString returns the data to encode in a GS1-128, GS1 DataMatrix or
// GS1 QR symbol after its leading FNC1: AIs and values concatenated, with
// sep after each element whose AI needs an FNC1 separator (not of
// predefined length) unless it is the last. Pass GS for the separator as
// scanners transmit it, or the FNC1 rune of the barcode encoder in use.
// Put predefined-length elements (01, 17, ...) first for the shortest
// symbol; the order is kept as given.
func (es Elements) ElementString(sep string) string {
	var b strings.Builder
	for i, e := range es {
		b.WriteString(e.AI)
		b.WriteString(e.Value)
		if i == len(es)-1 {
			break
		}
		if a, ok := Lookup(e.AI); !ok || a.FNC1Required {
			b.WriteString(sep)
		}
	}
	return b.String()
}

// Equal reports whether two messages hold the same AIs and values in the
// same order.
func (es Elements) Equal(other Elements) bool {
	if len(es) != len(other) {
		return false
	}
	for i := range es {
		if es[i].AI != other[i].AI || es[i].Value != other[i].Value {
			return false
		}
	}
	return true
}
