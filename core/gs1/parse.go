package gs1

import (
	"strings"
)

// DefaultFNC1Substitute is the printable character accepted in place of
// FNC1 (GS, 0x1D) in typed or keyboard-wedge input. A keyboard wedge types
// GS as Ctrl+], which GLFW (and so a Fyne Entry) drops; program the scanner
// to send "~" for GS instead. "~" is outside CSET 82, CSET 39 and CSET 64,
// so it can never be part of AI data and always means "separator".
const DefaultFNC1Substitute = "~"

// Syntax tells which of the GS1 forms a message was written in.
type Syntax string

// The GS1 syntaxes Parse understands.
const (
	SyntaxElementString Syntax = "element string" // 0110...10ABC<GS>21...
	SyntaxBracketed     Syntax = "bracketed"      // (01)...(10)ABC
	SyntaxDigitalLink   Syntax = "digital link"   // https://.../01/...
)

// gs1Symbologies maps the AIM symbology identifiers whose data is a GS1
// element string to the symbology name.
var gs1Symbologies = map[string]string{
	"]C1": "GS1-128",
	"]d2": "GS1 DataMatrix",
	"]Q3": "GS1 QR Code",
	"]e0": "GS1 DataBar",
	"]J1": "GS1 DotCode",
}

// IsGS1Symbology reports whether an AIM symbology identifier ("]C1")
// announces GS1 element string data.
func IsGS1Symbology(aim string) bool {
	_, ok := gs1Symbologies[aim]
	return ok
}

// SplitSymbology splits a leading AIM symbology identifier ("]" followed by
// a letter and one character, e.g. "]C1", "]E0", "]d2") from s.
func SplitSymbology(s string) (aim, rest string) {
	if len(s) >= 3 && s[0] == ']' && isLetter(s[1]) && s[2] > ' ' && s[2] < 0x7f {
		return s[:3], s[3:]
	}
	return "", s
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// Message is a parsed and validated GS1 message.
type Message struct {
	Symbology string // AIM identifier such as "]C1", or "" when none was sent
	Syntax    Syntax
	Elements  Elements
}

// Decoder parses GS1 data as scanners and people type it.
type Decoder struct {
	// FNC1Substitute is accepted in element strings wherever GS is;
	// "" means DefaultFNC1Substitute.
	FNC1Substitute string
}

// Parse parses s with the default decoder; see Decoder.Parse.
func Parse(s string) (Message, error) { return Decoder{}.Parse(s) }

// Parse reads a GS1 element string (optionally led by a GS1 AIM symbology
// identifier such as "]C1", and by FNC1 as GS or the substitute), the
// bracketed form "(01)09506000134352(10)ABC123", or a GS1 Digital Link URI
// on any domain, and validates every element and the message rules. Any
// rejection is a *core.Error with Code core.EINVALID.
func (d Decoder) Parse(s string) (Message, error) {
	var m Message
	m.Symbology, s = SplitSymbology(s)
	if m.Symbology != "" && !IsGS1Symbology(m.Symbology) && !isURI(s) {
		return m, invalid(ReasonNotGS1, "This barcode (symbology %s) does not carry GS1 data.", m.Symbology)
	}
	if len(s) > 2*MaxDataLength { // brackets and separators at most double it
		return m, checkCapacity("", "", len(s))
	}
	var (
		es  Elements
		err error
	)
	switch {
	case isURI(s):
		m.Syntax = SyntaxDigitalLink
		es, err = parseDigitalLink(s)
	case strings.HasPrefix(s, "(") && m.Symbology == "":
		m.Syntax = SyntaxBracketed
		es, err = parseBracketed(s)
	default:
		m.Syntax = SyntaxElementString
		sub := d.FNC1Substitute
		if sub == "" {
			sub = DefaultFNC1Substitute
		}
		es, err = parseElementString(strings.ReplaceAll(s, sub, GS))
	}
	if err != nil {
		return m, err
	}
	n := dataLength(es)
	if m.Syntax == SyntaxDigitalLink {
		n = len(s)
	}
	if err := checkCapacity(m.Symbology, m.Syntax, n); err != nil {
		return m, err
	}
	m.Elements, err = validate(es)
	return m, err
}

func isURI(s string) bool {
	return hasPrefixFold(s, "https://") || hasPrefixFold(s, "http://")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// parseElementString splits AI-prefixed data. Predefined-length AIs take
// their fixed length; the others run to the next GS or the end. Leading,
// repeated and trailing separators are tolerated.
func parseElementString(s string) (Elements, error) {
	t := defaultTable()
	var es Elements
	for {
		s = strings.TrimLeft(s, GS)
		if s == "" {
			break
		}
		a, ok := t.matchPrefix(s)
		if !ok {
			return nil, unknownAt(s)
		}
		s = s[len(a.Code):]
		var v string
		if !a.FNC1Required {
			n := min(a.maxLen, len(s))
			if i := strings.Index(s[:n], GS); i >= 0 {
				n = i
			}
			v, s = s[:n], s[n:]
			if len(v) != a.maxLen {
				return nil, lengthError(a, v)
			}
		} else if i := strings.Index(s, GS); i >= 0 {
			v, s = s[:i], s[i+1:]
		} else {
			v, s = s, ""
		}
		es = append(es, Element{AI: a.Code, Value: v})
	}
	if len(es) == 0 {
		return nil, invalid(ReasonMalformed, "The barcode holds no GS1 data.")
	}
	return es, nil
}

// unknownAt explains why no AI starts s.
func unknownAt(s string) error {
	n := 0
	for n < len(s) && n < 4 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n < 2 {
		return invalid(ReasonMalformed, "GS1 data must start each element with a numeric Application Identifier; found %q.", abbreviate(s))
	}
	return invalid(ReasonUnknownAI, "No GS1 Application Identifier starts with %s (at %q).", s[:n], abbreviate(s))
}

func abbreviate(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// parseBracketed reads "(AI)value(AI)value". Inside a value, "\(" is a
// literal "("; an unescaped "(" must start the next element, as in the GS1
// Barcode Syntax Engine: taking "A(B" as data would read a mistyped AI as
// part of the value before it.
func parseBracketed(s string) (Elements, error) {
	var es Elements
	for s != "" {
		code, rest, ok := bracketAI(s)
		if !ok {
			return nil, invalid(ReasonMalformed, "Bracketed GS1 data must look like (01)09506000134352(10)ABC123; found %q.", abbreviate(s))
		}
		if _, known := Lookup(code); !known {
			return nil, invalid(ReasonUnknownAI, "Unknown GS1 Application Identifier (%s).", code)
		}
		var b strings.Builder
		s = rest
		for s != "" {
			if strings.HasPrefix(s, `\(`) {
				b.WriteByte('(')
				s = s[2:]
				continue
			}
			if s[0] == '(' {
				if _, _, next := bracketAI(s); next {
					break
				}
				return nil, invalid(ReasonMalformed, "In bracketed GS1 data a ( inside a value is written \\(; %s holds a bare one at %q.", label(code), abbreviate(s))
			}
			b.WriteByte(s[0])
			s = s[1:]
		}
		es = append(es, Element{AI: code, Value: b.String()})
	}
	return es, nil
}

// bracketAI reads "(" 2-4 digits ")" at the start of s.
func bracketAI(s string) (code, rest string, ok bool) {
	if len(s) < 4 || s[0] != '(' {
		return "", "", false
	}
	end := strings.IndexByte(s, ')')
	if end < 3 || end > 5 || !isDigits(s[1:end]) {
		return "", "", false
	}
	return s[1:end], s[end+1:], true
}
