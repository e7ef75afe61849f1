package gs1

import "testing"

func TestElementsOutput(t *testing.T) {
	es := Elements{
		{AI: "01", Value: "09506000134352"},
		{AI: "17", Value: "261231"},
		{AI: "10", Value: "AB(1)"},
		{AI: "21", Value: "S1"},
	}
	if got, want := es.Bracketed(), `(01)09506000134352(17)261231(10)AB\(1)(21)S1`; got != want {
		t.Errorf("Bracketed = %q, want %q", got, want)
	}
	if got, want := es.HRI(), `(01)09506000134352(17)261231(10)AB(1)(21)S1`; got != want {
		t.Errorf("HRI = %q, want %q", got, want)
	}
	// 01 and 17 are of predefined length: no separator after them; 10 needs
	// one; the last element never gets one.
	if got, want := es.ElementString(GS), "010950600013435217261231"+"10AB(1)"+GS+"21S1"; got != want {
		t.Errorf("ElementString = %q, want %q", got, want)
	}
	if v, ok := es.Get("10"); !ok || v != "AB(1)" {
		t.Errorf("Get(10) = %q, %v", v, ok)
	}
	if _, ok := es.Get("11"); ok || es.Has("11") || !es.Has("21") {
		t.Error("Get/Has of absent AI")
	}
	for _, form := range []string{es.Bracketed(), "]C1" + es.ElementString(GS), "]d2" + es.ElementString("~")} {
		m, err := Parse(form)
		if err != nil {
			t.Fatalf("Parse(%q): %v", form, err)
		}
		if !m.Elements.Equal(es) {
			t.Errorf("Parse(%q) = %v, want %v", form, m.Elements, es)
		}
	}
}
