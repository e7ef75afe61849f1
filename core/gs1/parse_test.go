package gs1

import (
	"errors"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in  string
		syntax    Syntax
		symbology string
		want      string // canonical bracketed form of the result
		reason    string // expected rejection reason, "" when valid
	}{
		{"SSCC bracketed", "(00)123456789012345675", SyntaxBracketed, "", "(00)123456789012345675", ""},
		{"SSCC bad check digit", "(00)123456789012345670", "", "", "", ReasonBadCheckDigit},
		{"serial alone needs a GTIN", "(21)ABC123", "", "", "", ReasonMissingRequisite},
		{"GS1-128 with GS", "]C1011231231231233310ABC123" + GS + "99TESTING", SyntaxElementString, "]C1",
			"(01)12312312312333(10)ABC123(99)TESTING", ""},
		{"GS1-128 with substitute", "]C1011231231231233310ABC123~99TESTING", SyntaxElementString, "]C1",
			"(01)12312312312333(10)ABC123(99)TESTING", ""},
		{"leading FNC1 tolerated", GS + "011231231231233310ABC123", SyntaxElementString, "",
			"(01)12312312312333(10)ABC123", ""},
		{"leading substitute and redundant separators", "~0109506000134352~17261231~~10LOT~", SyntaxElementString, "",
			"(01)09506000134352(17)261231(10)LOT", ""},
		{"GS1 DataMatrix", "]d2010950600013435217261231", SyntaxElementString, "]d2", "(01)09506000134352(17)261231", ""},
		{"GS1 QR", "]Q30109506000134352", SyntaxElementString, "]Q3", "(01)09506000134352", ""},
		{"GS1 DataBar", "]e00109506000134352", SyntaxElementString, "]e0", "(01)09506000134352", ""},
		{"GS1 DotCode", "]J10109506000134352", SyntaxElementString, "]J1", "(01)09506000134352", ""},
		{"expiry", "(01)09506000134352(17)261231", SyntaxBracketed, "", "(01)09506000134352(17)261231", ""},
		{"expiry month 13", "(01)09506000134352(17)261300", "", "", "", ReasonBadDate},
		{"expiry DD=00", "(01)09506000134352(17)261200", SyntaxBracketed, "", "(01)09506000134352(17)261200", ""},
		{"production date 31 April", "(01)09506000134352(11)260431", "", "", "", ReasonBadDate},
		{"7003 expiry time", "(01)09506000134352(7003)2612312460", "", "", "", ReasonBadTime},
		{"lot too long", "(01)09506000134352(10)ABCDEFGHIJKLMNOPQRSTU", "", "", "", ReasonBadLength},
		{"lot bad charset", "(01)09506000134352(10)AB C", "", "", "", ReasonBadCharset},
		{"GTIN not numeric", "(01)0950600013435X", "", "", "", ReasonBadCharset},
		{"GTIN too short in element string", "]C1010950600013435", "", "", "", ReasonBadLength},
		{"GTIN cut by separator", "010950600013~4352", "", "", "", ReasonBadLength},
		{"unknown AI", "(23)123", "", "", "", ReasonUnknownAI},
		{"unknown AI in element string", "]C12345", "", "", "", ReasonUnknownAI},
		{"not an AI", "]C1ABC", "", "", "", ReasonMalformed},
		{"not GS1 symbology", "]E04006381333931", "", "", "", ReasonNotGS1},
		{"empty", "", "", "", "", ReasonMalformed},
		{"bad brackets", "(01", "", "", "", ReasonMalformed},
		{"excluded pair 01+02", "(01)09506000134352(02)09506000134352(37)1(00)123456789012345675", "", "", "", ReasonExcludedPair},
		{"excluded pair 3102+3103", "(01)09506000134352(3102)001250(3103)000125", "", "", "", ReasonExcludedPair},
		{"one weight is fine", "(01)09506000134352(3103)000125", SyntaxBracketed, "", "(01)09506000134352(3103)000125", ""},
		{"duplicate with same value dropped", "(01)09506000134352(10)A(01)09506000134352", SyntaxBracketed, "", "(01)09506000134352(10)A", ""},
		{"duplicate with different values", "(01)09506000134352(10)A(10)B", "", "", "", ReasonDuplicateAI},
		{"requisite group 250 needs 01+21", "(01)09506000134352(250)X", "", "", "", ReasonMissingRequisite},
		{"requisite group satisfied", "(01)09506000134352(21)S1(250)X", SyntaxBracketed, "", "(01)09506000134352(21)S1(250)X", ""},
		{"requisite pattern 31nn missing", "(01)09506000134352(3925)123", "", "", "", ReasonMissingRequisite},
		{"requisite pattern 31nn", "(01)09506000134352(3103)000125(3925)123", SyntaxBracketed, "", "(01)09506000134352(3103)000125(3925)123", ""},
		{"price currency", "(01)09506000134352(3103)000125(3935)000123", "", "", "", ReasonBadValue},
		{"GRAI 8003 with csum", "(8003)01234567890128SER", SyntaxBracketed, "", "(8003)01234567890128SER", ""},
		{"GRAI 8003 must start 0", "(8003)11234567890128", "", "", "", ReasonBadValue},
		{"GMN csumalpha", "(8013)1987654Ad4X4bL5ttr2310c2K", SyntaxBracketed, "", "(8013)1987654Ad4X4bL5ttr2310c2K", ""},
		{"GMN bad check pair", "(8013)1987654Ad4X4bL5ttr2310c2X", "", "", "", ReasonBadCheckDigit},
		{"ship to country", "(00)123456789012345675(4307)DE", SyntaxBracketed, "", "(00)123456789012345675(4307)DE", ""},
		{"ship to country unknown", "(00)123456789012345675(4307)XX", "", "", "", ReasonBadValue},
		{"origin country", "(01)09506000134352(422)999", "", "", "", ReasonBadValue},
		{"multi-country 423 partial", "(01)09506000134352(423)2762", "", "", "", ReasonBadLength},
		{"multi-country 423", "(01)09506000134352(423)276250", SyntaxBracketed, "", "(01)09506000134352(423)276250", ""},
		{"bracketed escaped paren", `(01)09506000134352(10)A\(1)B`, SyntaxBracketed, "", `(01)09506000134352(10)A\(1)B`, ""},
		{"bracketed unescaped paren", "(01)09506000134352(10)A(B", "", "", "", ReasonMalformed},
		{"bracketed unescaped paren before an AI", "(01)09506000134352(10)A((21)B", "", "", "", ReasonMalformed},
		{"digsig base64url", "(00)123456789012345675(8030)AbC-_x==", "", "", "", ReasonBadCharset},
		{"digsig padding ok", "(00)123456789012345675(8030)AbC-_=", SyntaxBracketed, "", "(00)123456789012345675(8030)AbC-_=", ""},
		// A digital signature (8030) signs a serialised key.
		{"digsig on GDTI without serial", "(253)9506000134369(8030)AbC-_=", "", "", "", ReasonMissingRequisite},
		{"digsig on GDTI with serial", "(253)950600013436912(8030)AbC-_=", SyntaxBracketed, "", "(253)950600013436912(8030)AbC-_=", ""},
		{"digsig on GCN without serial", "(255)9506000134369(8030)AbC-_=", "", "", "", ReasonMissingRequisite},
		{"digsig on GCN with serial", "(255)95060001343691(8030)AbC-_=", SyntaxBracketed, "", "(255)95060001343691(8030)AbC-_=", ""},
		{"digsig on GRAI without serial", "(8003)01234567890128(8030)AbC-_=", "", "", "", ReasonMissingRequisite},
		{"digsig on GRAI with serial", "(8003)01234567890128SER(8030)AbC-_=", SyntaxBracketed, "", "(8003)01234567890128SER(8030)AbC-_=", ""},
		{"GDTI without serial, no digsig", "(253)9506000134369", SyntaxBracketed, "", "(253)9506000134369", ""},
		// No scan is longer than its symbol can carry.
		{"GS1-128 at 48 characters", "]C1010950600013435210ABCDEFGHIJKLMNOPQRST~21ABCDEFGH", SyntaxElementString, "]C1",
			"(01)09506000134352(10)ABCDEFGHIJKLMNOPQRST(21)ABCDEFGH", ""},
		{"GS1-128 over 48 characters", "]C1010950600013435210ABCDEFGHIJKLMNOPQRST~21ABCDEFGHI", "", "", "", ReasonTooLong},
		{"GS1 DataBar over 74 characters", "]e00109506000134352" + "8200" + strings.Repeat("A", 56), "", "", "", ReasonTooLong},
		{"GS1 DataMatrix takes it", "]d20109506000134352" + "8200" + strings.Repeat("A", 56), SyntaxElementString, "]d2",
			"(01)09506000134352(8200)" + strings.Repeat("A", 56), ""},
		{"bracketed beyond any symbol", "(01)09506000134352(8200)" + strings.Repeat("A", MaxDataLength), "", "", "", ReasonTooLong},
		{"far beyond any symbol", strings.Repeat("(", 3*MaxDataLength), "", "", "", ReasonTooLong},
		{"Digital Link beyond any symbol", "https://example.com/" + strings.Repeat("a/", 2200) + "01/09506000134352", "", "", "", ReasonTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.in)
			if tt.reason != "" {
				var e *core.Error
				if !errors.As(err, &e) || e.Code != core.EINVALID || e.Reason != tt.reason {
					t.Fatalf("Parse(%q) error = %v, want reason %s", tt.in, err, tt.reason)
				}
				if e.Message == "" || strings.Contains(e.Message, "%!") {
					t.Fatalf("bad message %q", e.Message)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := m.Elements.Bracketed(); got != tt.want {
				t.Errorf("Bracketed = %q, want %q", got, tt.want)
			}
			if m.Syntax != tt.syntax || m.Symbology != tt.symbology {
				t.Errorf("syntax, symbology = %q, %q; want %q, %q", m.Syntax, m.Symbology, tt.syntax, tt.symbology)
			}
			for _, e := range m.Elements {
				if e.Title == "" {
					t.Errorf("element %s has no title", e.AI)
				}
			}
		})
	}
}

func TestParseMessages(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"(00)123456789012345670", "Bad check digit in SSCC (00): expected 5, got 0."},
		{"(21)ABC123", "SERIAL (21) needs GTIN (01), MTO GTIN (03) or ITIP (8006) in the same barcode."},
		{"(01)09506000134352(17)261300", "Bad date in USE BY or EXPIRY (17): month 13 does not exist."},
		{"(01)0950600013435", "GTIN (01) must be 14 digits long; this one has 13."},
		{"(01)09506000134352(10)AB C", `BATCH/LOT (10) contains " ", which is not allowed there (letters, digits and the punctuation GS1 allows).`},
		{"(01)09506000134352(10)A(10)B", "The barcode holds BATCH/LOT (10) twice with different values: A and B."},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if got := core.ErrorMessage(err); got != tt.msg {
			t.Errorf("Parse(%q) message\n got %q\nwant %q", tt.in, got, tt.msg)
		}
	}
}

func TestSentinelsMatch(t *testing.T) {
	_, err := Parse("(00)123456789012345670")
	if !errors.Is(err, ErrBadCheckDigit) || errors.Is(err, ErrBadDate) {
		t.Fatalf("errors.Is mismatch for %v", err)
	}
	_, err = Parse("(21)ABC123")
	if !errors.Is(err, ErrMissingRequisite) || core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("errors.Is mismatch for %v", err)
	}
}

func TestDecoderSubstitute(t *testing.T) {
	d := Decoder{FNC1Substitute: "|"}
	m, err := d.Parse("0109506000134352" + "10LOT|21SER")
	if err != nil {
		t.Fatal(err)
	}
	if lot, _ := m.Elements.Get("10"); lot != "LOT" {
		t.Fatalf("lot = %q", lot)
	}
	// With "|" configured, "~" is no longer a separator: it is bad data.
	if _, err := d.Parse("010950600013435210LOT~21SER"); !errors.Is(err, ErrBadCharset) {
		t.Fatalf("err = %v, want bad charset", err)
	}
}

func TestValidateElements(t *testing.T) {
	es := Elements{{AI: "01", Value: "09506000134352"}, {AI: "10", Value: "ABC"}}
	if err := es.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (Elements{{AI: "10", Value: "ABC"}}).Validate(); !errors.Is(err, ErrMissingRequisite) {
		t.Fatalf("err = %v", err)
	}
	if err := (Elements{{AI: "7", Value: "1"}}).Validate(); !errors.Is(err, ErrUnknownAI) {
		t.Fatalf("err = %v", err)
	}
	if err := (Elements{}).Validate(); !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v", err)
	}
}
