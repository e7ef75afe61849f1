package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/ui/i18n"
)

// englishFlagWords are words of core's English flag details and notes
// ("serial SN-1; shipped SN-2", "parcel weighs 2.50 kg, shipped 680 g",
// "Flagged: … a supervisor decides.").
var englishFlagWords = []string{"shipped", "serial", "weighs", "Flagged", "supervisor decides", "announced", "on order", "defective"}

func noEnglishFlagWords(t *testing.T, where, text string) {
	t.Helper()
	for _, w := range englishFlagWords {
		if strings.Contains(text, w) {
			t.Errorf("%s shows %q in English: %q", where, w, text)
		}
	}
}

// An inspector reading Thai sees a flagged unit, the parcel's weight
// flag and the held return's signals in Thai, with the serials and weights
// they name, and none of core's English details: as the unit is scanned,
// on the return's lines, while grading it, held, and after the return is
// opened again from the database.
func TestReturnFlagsReadInThePersonsLanguage(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	app, db := newTestStation(t, Options{})
	ctx := context.Background()
	if err := db.SetSetting(ctx, SettingLanguage, "th"); err != nil {
		t.Fatal(err)
	}
	buds := defectiveBudsReturn(t, db, "RTH1", "W099997", "Somchai Jaidee")
	signInAs(t, app, "Dariusz Returns", "4444")
	if i18n.Current() != "th" {
		t.Fatalf("the station speaks %q, want Thai", i18n.Current())
	}
	app.ShowReturn("RTH1", "")
	s := retFind[*ReturnScreen](app)

	retPress(s.Field, fyne.KeyF3)
	retScanInto(s.Field, "2.5 kg")
	retScanInto(s.Field, fmt.Sprintf("(01)%s(21)SN-FAKE", buds.Codes[0]))
	banner := s.Banner.Title() + " " + s.Banner.Text()
	if !strings.Contains(banner, "SN-FAKE") || !strings.Contains(banner, "SN-GOOD") || !strings.Contains(banner, i18n.T("return_flag.serial_mismatch")) {
		t.Errorf("the scan's banner does not name the flag and its serials in Thai: %q", banner)
	}
	noEnglishFlagWords(t, "the scan's banner", banner)
	if !strings.Contains(s.Lines.Text, "SN-FAKE") || !strings.Contains(s.Lines.Text, i18n.T("return_reason.defective")) {
		t.Errorf("the return's lines: %q", s.Lines.Text)
	}
	noEnglishFlagWords(t, "the return's lines", s.Lines.Text)

	test2 := func(where string) {
		t.Helper()
		noEnglishFlagWords(t, where, s.Detail.Text)
		noEnglishLeft(t, app.Window().Content(), where)
	}
	s.Field.TypedRune('2')
	if !strings.Contains(s.Detail.Text, i18n.T("return_flag.serial_mismatch")) {
		t.Errorf("grading a flagged unit: %q", s.Detail.Text)
	}
	test2("grading a flagged unit")
	retPress(s.Field, fyne.KeyReturn)
	retPress(s.Field, fyne.KeyF8)
	retPress(s.Field, fyne.KeyF8)
	if !s.ReviewPanel.Visible() {
		t.Fatalf("not held: %q / %q", s.Banner.Title(), s.Banner.Text())
	}
	held := s.Detail.Text
	for _, want := range []string{"SN-FAKE", "SN-GOOD", i18n.Weight(2500), i18n.T("return_flag.weight"), i18n.T("return_flag.serial_mismatch")} {
		if !strings.Contains(held, want) {
			t.Errorf("the held return's signals %q lack %q", held, want)
		}
	}
	test2("the held return")

	// Opened again: the signals come from the database.
	app.ShowReturn("RTH1", "")
	s = retFind[*ReturnScreen](app)
	if s.Detail.Text != held {
		t.Errorf("opened again, the held return says %q, it said %q", s.Detail.Text, held)
	}
	if !strings.Contains(s.Lines.Text, "SN-GOOD") {
		t.Errorf("opened again, the flagged unit's line lost its detail: %q", s.Lines.Text)
	}
	noEnglishFlagWords(t, "the return's lines, opened again", s.Lines.Text)

	// English still reads core's English details.
	i18n.SetLanguage("en")
	app.ShowReturn("RTH1", "")
	s = retFind[*ReturnScreen](app)
	if !strings.Contains(s.Detail.Text, "serial SN-FAKE; shipped SN-GOOD") || !strings.Contains(s.Detail.Text, "parcel weighs 2.50 kg") {
		t.Errorf("English held return: %q", s.Detail.Text)
	}
}

// Every flag, every key of what a flag is about, every reason a customer
// gives and every note core or the default rules write has words in every
// language; a flag's detail names its values, an old unit's English detail
// shows only in English.
func TestReturnFlagWordsInEveryLanguage(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	for _, f := range core.ReturnFlags {
		if !i18n.Has("return_flag." + string(f)) {
			t.Errorf("flag %s has no words", f)
		}
	}
	for _, k := range returns.FlagTextKeys {
		if !i18n.Has("return_flag_detail." + k) {
			t.Errorf("flag detail %s has no words", k)
		}
	}
	for _, r := range []string{core.ReasonChangedMind, core.ReasonWrongSize, core.ReasonDefective, core.ReasonArrivedDamaged,
		core.ReasonNotAsDescribed, core.ReasonWrongItemSent, core.ReasonOther, core.ReasonUnexpected} {
		if !i18n.Has("return_reason." + r) {
			t.Errorf("return reason %s has no words", r)
		}
	}
	i18n.SetLanguage("vi")
	notes := []string{returns.NoRuleNote}
	for _, f := range core.ReturnFlags {
		notes = append(notes, returns.FlaggedNote(f))
	}
	for _, r := range returns.DefaultRules() {
		notes = append(notes, r.Note)
	}
	for _, n := range notes {
		if n != "" && noteWords(n) == n {
			t.Errorf("the note %q has no Vietnamese", n)
		}
	}
	if got := noteWords("customer sent the wrong unit"); got != "customer sent the wrong unit" {
		t.Errorf("a typed note: %q", got)
	}
	weight := returns.FlagText{Key: returns.FlagTextWeight, Args: map[string]any{"Weight": 2500.0, "Shipped": 680.0}}
	if got := flagDetailWords(weight, "parcel weighs 2.50 kg, shipped 680 g"); !strings.Contains(got, i18n.Weight(2500)) || !strings.Contains(got, i18n.Weight(680)) {
		t.Errorf("a weight read back from the database: %q", got)
	}
	if got := flagDetailWords(returns.FlagText{}, "serial X; shipped Y"); got != "" {
		t.Errorf("an old unit's English detail in Vietnamese: %q", got)
	}
	i18n.SetLanguage("en")
	if got := flagDetailWords(returns.FlagText{}, "serial X; shipped Y"); got != "serial X; shipped Y" {
		t.Errorf("an old unit's English detail in English: %q", got)
	}
}
