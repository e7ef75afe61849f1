package gs1

import "testing"

func TestLinters(t *testing.T) {
	tests := []struct {
		linter, in, reason string // reason "" means valid
	}{
		{"csum", "09506000134352", ""},
		{"csum", "09506000134353", ReasonBadCheckDigit},
		{"csumalpha", "1987654Ad4X4bL5ttr2310c2K", ""},
		{"csumalpha", "1987654Ad4X4bL5ttr2310c2X", ReasonBadCheckDigit},
		{"yymmdd", "261231", ""},
		{"yymmdd", "261200", ReasonBadDate},
		{"yymmdd", "260431", ReasonBadDate},
		{"yymmdd", "240229", ""},
		{"yymmdd", "250229", ReasonBadDate},
		{"yymmd0", "261200", ""},
		{"yymmd0", "261300", ReasonBadDate},
		{"yymmd0", "260001", ReasonBadDate},
		{"yyyymmdd", "20000229", ""},
		{"yyyymmdd", "21000229", ReasonBadDate},
		{"yyyymmdd", "19991301", ReasonBadDate},
		{"hhmi", "2359", ""},
		{"hhmi", "2400", ReasonBadTime},
		{"hhmi", "1260", ReasonBadTime},
		{"hh", "23", ""},
		{"hh", "24", ReasonBadTime},
		{"mi", "59", ""},
		{"ss", "60", ReasonBadTime},
		{"iso3166", "276", ""},
		{"iso3166", "999", ReasonBadValue},
		{"iso3166999", "999", ""},
		{"iso3166999", "000", ReasonBadValue},
		{"iso3166alpha2", "DE", ""},
		{"iso3166alpha2", "XX", ReasonBadValue},
		{"iso4217", "978", ""},
		{"iso4217", "000", ReasonBadValue},
		// ISO 4217 Amendment 179 (2025): current and withdrawn codes.
		{"iso4217", "396", ""},             // XAD, Arab Accounting Dinar
		{"iso4217", "924", ""},             // ZWG, Zimbabwe Gold
		{"iso4217", "926", ""},             // VED, Bolívar Soberano
		{"iso4217", "191", ReasonBadValue}, // HRK, Croatian kuna
		{"iso4217", "694", ReasonBadValue}, // SLL, old leone
		{"iso4217", "931", ReasonBadValue}, // CUC, Cuban convertible peso
		{"iso4217", "932", ReasonBadValue}, // ZWL, Zimbabwe dollar
		{"iso5218", "9", ""},
		{"iso5218", "3", ReasonBadValue},
		{"mediatype", "10", ""},
		{"mediatype", "11", ReasonBadValue},
		{"packagetype", "PX", ""},
		{"packagetype", "QQQ", ReasonBadValue},
		{"yesno", "1", ""},
		{"yesno", "2", ReasonBadValue},
		{"winding", "9", ""},
		{"winding", "2", ReasonBadValue},
		{"zero", "0", ""},
		{"zero", "1", ReasonBadValue},
		{"nonzero", "0010", ""},
		{"nonzero", "0000", ReasonBadValue},
		{"nozeroprefix", "10", ""},
		{"nozeroprefix", "01", ReasonBadValue},
		{"hyphen", "-", ""},
		{"hyphen", "+", ReasonBadValue},
		{"hasnondigit", "12A", ""},
		{"hasnondigit", "123", ReasonBadValue},
		{"importeridx", "_", ""},
		{"importeridx", "!", ReasonBadValue},
		{"pieceoftotal", "0203", ""},
		{"pieceoftotal", "0302", ReasonBadValue},
		{"pieceoftotal", "0003", ReasonBadValue},
		{"pieceoftotal", "0100", ReasonBadValue},
		{"posinseqslash", "9/10", ""},
		{"posinseqslash", "10/9", ReasonBadValue},
		{"posinseqslash", "01/2", ReasonBadValue},
		{"posinseqslash", "1/", ReasonBadValue},
		{"latitude", "1800000000", ""},
		{"latitude", "1800000001", ReasonBadValue},
		{"longitude", "3600000000", ""},
		{"longitude", "3600000001", ReasonBadValue},
		{"pcenc", "ABC%20XYZ", ""},
		{"pcenc", "ABC%2", ReasonBadValue},
		{"pcenc", "ABC%gf", ReasonBadValue},
		{"iban", "GB98MIDL07009312345678", ""},
		{"iban", "BE71096123456760", ReasonBadCheckDigit},
		{"iban", "XX361234567890", ReasonBadValue},
		{"iban", "LC14BOSLxx3456789012345678901230", ReasonBadValue},
		{"gcppos1", "9506", ""},
		{"gcppos1", "95A6000", ReasonBadValue},
		{"gcppos2", "09506", ""},
		{"gcppos2", "0950", ReasonBadValue},
	}
	for _, tt := range tests {
		reason, detail := linters[tt.linter](tt.in)
		if reason != tt.reason {
			t.Errorf("%s(%q) = %q (%s), want %q", tt.linter, tt.in, reason, detail, tt.reason)
		}
		if reason != "" && detail == "" {
			t.Errorf("%s(%q) gives no detail", tt.linter, tt.in)
		}
	}
}
