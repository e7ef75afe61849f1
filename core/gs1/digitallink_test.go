package gs1

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestParseDigitalLink(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"lot in path, expiry in query", "https://example.com/01/09506000134352/10/ABC123?17=261231",
			"(01)09506000134352(10)ABC123(17)261231", ""},
		{"id.gs1.org with serial", "https://id.gs1.org/01/09506000134352/21/XYZ?17=261231",
			"(01)09506000134352(21)XYZ(17)261231", ""},
		{"any domain with a stem", "HTTP://shop.example.org/products/info/01/09506000134352",
			"(01)09506000134352", ""},
		{"GTIN-13 padded to 14", "https://example.com/01/9506000134352", "(01)09506000134352", ""},
		{"all qualifiers in order", "https://example.com/01/09506000134352/22/2A/10/L1/21/S1",
			"(01)09506000134352(22)2A(10)L1(21)S1", ""},
		{"second qualifier sequence", "https://example.com/01/09506000134352/235/TPX1",
			"(01)09506000134352(235)TPX1", ""},
		{"percent-decoding", "https://example.com/01/09506000134352/10/AB%2F1%25?17=261231&linkType=gs1:pip",
			"(01)09506000134352(10)AB/1%(17)261231", ""},
		{"percent-escaped plus", "https://example.com/01/09506000134352?7240=A%2BB", "(01)09506000134352(7240)A+B", ""},
		{"plus in the query is a space", "https://example.com/01/09506000134352?7240=A+B", "", ReasonBadCharset},
		{"plus in the path stays a plus", "https://example.com/01/09506000134352/10/A+B", "(01)09506000134352(10)A+B", ""},
		{"SSCC", "https://example.com/00/123456789012345675", "(00)123456789012345675", ""},
		{"non-AI query ignored, fragment ignored", "https://example.com/01/09506000134352?context=x&foo#frag",
			"(01)09506000134352", ""},
		{"trailing slash", "https://example.com/01/09506000134352/", "(01)09506000134352", ""},
		{"bad GTIN check digit", "https://example.com/01/09506000134353/10/ABC123", "", ReasonBadCheckDigit},
		{"bad expiry in query", "https://example.com/01/09506000134352?17=261332", "", ReasonBadDate},
		{"qualifiers out of order", "https://example.com/01/09506000134352/21/S1/10/L1", "", ReasonBadDigitalLink},
		{"mixed qualifier sequences", "https://example.com/01/09506000134352/10/L1/235/T", "", ReasonBadDigitalLink},
		{"SSCC takes no qualifiers", "https://example.com/00/123456789012345675/10/L1", "", ReasonBadDigitalLink},
		{"no primary key", "https://example.com/10/ABC", "", ReasonNotGS1},
		{"not a GS1 link", "https://example.com/about", "", ReasonNotGS1},
		{"no host", "https:///01/09506000134352", "", ReasonNotGS1},
		{"serial not allowed in query", "https://example.com/01/09506000134352?21=S1", "", ReasonBadDigitalLink},
		{"unknown numeric query AI", "https://example.com/01/09506000134352?23=1", "", ReasonUnknownAI},
		{"broken escape", "https://example.com/01/09506000134352?10=%zz", "", ReasonBadDigitalLink},
		{"key qualifier in the query", "https://example.com/01/09506000134352?10=ABC", "", ReasonBadDigitalLink},
		{"key qualifier in path and query", "https://example.com/01/09506000134352/10/A?10=B", "", ReasonBadDigitalLink},
		{"same AI twice in the query", "https://example.com/01/09506000134352?17=261231&17=261231", "", ReasonDuplicateAI},
		{"same AI twice, different values", "https://example.com/01/09506000134352?17=261231&17=270101", "", ReasonDuplicateAI},
		{"requisites still apply", "https://example.com/00/123456789012345675?10=L1", "", ReasonMissingRequisite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.in)
			if tt.reason != "" {
				if core.ErrorReason(err) != tt.reason || core.ErrorCode(err) != core.EINVALID {
					t.Fatalf("Parse(%q) error = %v, want %s", tt.in, err, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if m.Syntax != SyntaxDigitalLink {
				t.Errorf("syntax = %q", m.Syntax)
			}
			if got := m.Elements.Bracketed(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDigitalLinkAfterAIMPrefix(t *testing.T) {
	m, err := Parse("]Q1https://example.com/01/09506000134352")
	if err != nil || m.Symbology != "]Q1" || m.Syntax != SyntaxDigitalLink {
		t.Fatalf("Parse = %+v, %v", m, err)
	}
	_, err = Parse("https://example.com/01/09506000134353")
	if !errors.Is(err, ErrBadCheckDigit) {
		t.Fatalf("err = %v", err)
	}
}
