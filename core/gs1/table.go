package gs1

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// dictionary is the GS1 Barcode Syntax Dictionary (Apache-2.0, see NOTICE.md).
//
//go:embed gs1-syntax-dictionary.txt
var dictionary string

// Dictionary returns the text of the embedded GS1 Barcode Syntax Dictionary
// from which the AI table is derived.
func Dictionary() string { return dictionary }

// Charset is the character set of one component of an AI's data.
type Charset byte

// Character sets used by the dictionary.
const (
	Numeric Charset = 'N' // digits 0-9
	CSET82  Charset = 'X' // GS1 AI encodable character set 82
	CSET39  Charset = 'Y' // GS1 AI encodable character set 39
	CSET64  Charset = 'Z' // GS1 AI encodable character set 64 (base64url)
)

// Component is one part of an AI's data field, e.g. the "N13,csum" of GDTI
// (253) followed by its optional "[X..17]" serial component.
type Component struct {
	Charset  Charset
	Min, Max int      // length bounds; Min == Max for a fixed-length part
	Optional bool     // may be left out when the data ends before it
	Linters  []string // names of the content checks, e.g. "csum", "yymmd0"
}

// String renders the component in dictionary notation, e.g. "N6,yymmd0" or
// "[X..17]".
func (c Component) String() string {
	var b strings.Builder
	if c.Optional {
		b.WriteByte('[')
	}
	b.WriteByte(byte(c.Charset))
	if c.Min != c.Max {
		b.WriteString("..")
	}
	b.WriteString(strconv.Itoa(c.Max))
	if c.Optional {
		b.WriteByte(']')
	}
	for _, l := range c.Linters {
		b.WriteByte(',')
		b.WriteString(l)
	}
	return b.String()
}

// AI describes one GS1 Application Identifier as the dictionary defines it.
type AI struct {
	Code       string      // the AI itself, e.g. "01" or "3103"
	Title      string      // the GS1 data title, e.g. "GTIN", "BATCH/LOT"
	Components []Component // the data field, part by part

	// FNC1Required is false for the AIs of predefined length (flag "*"):
	// their data has a fixed length and needs no FNC1 separator after it.
	FNC1Required bool
	// DigitalLinkAttr is true when the AI may be given as a GS1 Digital
	// Link query parameter (flag "?").
	DigitalLinkAttr bool

	// Requires holds one entry per req= attribute. Each entry lists
	// alternatives, any one of which must be present; an alternative is a
	// group of AIs or patterns ("31nn") that must all be present.
	Requires [][][]string
	// Excludes lists AIs and patterns ("394n") that may not appear in the
	// same message (ex= attributes). An AI never excludes itself.
	Excludes []string

	// PrimaryKey is true for GS1 Digital Link primary keys (dlpkey).
	PrimaryKey bool
	// Qualifiers lists the alternative ordered sequences of path qualifiers
	// a primary key accepts in a Digital Link, e.g. [[22 10 21] [235]] for
	// GTIN (01). Empty for primary keys without qualifiers.
	Qualifiers [][]string

	minLen, maxLen int
}

// MinLength is the shortest valid data length for the AI.
func (a *AI) MinLength() int { return a.minLen }

// MaxLength is the longest valid data length for the AI.
func (a *AI) MaxLength() int { return a.maxLen }

// Spec renders the AI's data format in dictionary notation, e.g.
// "N13,csum,gcppos1 [X..17]".
func (a *AI) Spec() string {
	parts := make([]string, len(a.Components))
	for i, c := range a.Components {
		parts[i] = c.String()
	}
	return strings.Join(parts, " ")
}

// Table is the set of Application Identifiers, in dictionary order.
type Table struct {
	list   []*AI
	byCode map[string]*AI
}

var defaultTable = sync.OnceValue(func() *Table {
	t, err := ParseDictionary(dictionary)
	if err != nil {
		panic(fmt.Sprintf("gs1: embedded syntax dictionary: %v", err))
	}
	return t
})

// Lookup returns the AI with the given code from the embedded dictionary.
func Lookup(code string) (*AI, bool) {
	a, ok := defaultTable().byCode[code]
	return a, ok
}

// AIs returns every AI of the embedded dictionary in dictionary order.
// Ranges such as 3100-3105 are expanded to one entry per AI.
func AIs() []*AI {
	return append([]*AI(nil), defaultTable().list...)
}

// Lookup returns the AI with the given code.
func (t *Table) Lookup(code string) (*AI, bool) {
	a, ok := t.byCode[code]
	return a, ok
}

// AIs returns the table's AIs in dictionary order.
func (t *Table) AIs() []*AI { return append([]*AI(nil), t.list...) }

// matchPrefix finds the AI that s starts with. GS1 AIs are prefix-free, so
// at most one of the 2-, 3- and 4-digit prefixes is an AI.
func (t *Table) matchPrefix(s string) (*AI, bool) {
	for n := 2; n <= 4 && n <= len(s); n++ {
		if a, ok := t.byCode[s[:n]]; ok {
			return a, true
		}
	}
	return nil, false
}
