package ui

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// setLanguages gives demo staff a language each, as a pull from the hub
// does (the staff record's language field).
func setLanguages(t *testing.T, db *sqlite.DB, pins map[string]string, langs map[string]string) {
	t.Helper()
	ctx := context.Background()
	staff, err := db.StaffList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var recs []core.StaffRecord
	for _, s := range staff {
		l, ok := langs[s.Name]
		if !ok {
			continue
		}
		hash, err := core.HashPINCost(pins[s.Name], demo.PINCost)
		if err != nil {
			t.Fatal(err)
		}
		s.Language = l
		recs = append(recs, core.StaffRecord{Staff: s, PINHash: hash, Active: true})
	}
	if len(recs) != len(langs) {
		t.Fatalf("demo staff %v lack some of %v", staff, langs)
	}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Cursor: "lang", Staff: recs}); err != nil {
		t.Fatal(err)
	}
}

var demoPINs = map[string]string{"Ana Picker": "1111", "Ben Packer": "2222", "Chloé Store": "3333", "Sam Supervisor": "999999"}

// Two shifts share one station: Ana reads Thai, Chloé Spanish, Ben has no
// language of his own and gets the station's default (Vietnamese here).
// Each sign-in switches every screen's text, and each sign-out goes back
// to the station's language.
func TestLanguageFollowsThePersonSignedIn(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	app, db := newTestStation(t, Options{})
	setLanguages(t, db, demoPINs, map[string]string{"Ana Picker": "th", "Chloé Store": "es"})
	if err := db.SetSetting(context.Background(), SettingLanguage, "vi"); err != nil {
		t.Fatal(err)
	}
	app.ShowSignIn()
	want := func(what, got, wanted string) {
		t.Helper()
		if got != wanted {
			t.Errorf("%s: %q, want %q", what, got, wanted)
		}
	}
	want("sign-in button (station default, Vietnamese)", app.signIn.Button.Text, "Đăng nhập")
	want("sign-in banner", app.signIn.Banner.Title(), "ĐĂNG NHẬP")

	signInAs(t, app, "Ana Picker", "1111")
	h := app.home
	want("Ana's home: pick next", h.PickNext.Text, "หยิบคำสั่งซื้อถัดไป  [F1]")
	want("Ana's home: greeting", h.Banner.Title(), "สวัสดี ANA PICKER")
	noEnglishLeft(t, app.Window().Content(), "Ana's home")
	test.Tap(h.PickNext)
	p := app.pick
	if p == nil {
		t.Fatal("no pick screen")
	}
	want("Ana's pick: leave", p.Leave.Text, "ออก  [Esc]")
	if !strings.HasPrefix(p.Step.Text, "หยิบตะกร้าเปล่าสำหรับคำสั่งซื้อ") {
		t.Errorf("Ana's pick step: %q", p.Step.Text)
	}
	noEnglishLeft(t, app.Window().Content(), "Ana's pick")
	press(p.Field, fyne.KeyEscape)
	app.SignOut()
	want("sign-in after Ana (back to Vietnamese)", app.signIn.Button.Text, "Đăng nhập")

	signInAs(t, app, "Chloé Store", "3333")
	h = app.home
	want("Chloé's home: pick next", h.PickNext.Text, "Preparar el siguiente pedido  [F1]")
	want("Chloé's home: sign out", findButton(t, app.Window().Content(), "Cerrar sesión").Text, "Cerrar sesión  [Esc]")
	noEnglishLeft(t, app.Window().Content(), "Chloé's home")
	test.Tap(h.PickNext)
	p = app.pick
	want("Chloé's pick: leave", p.Leave.Text, "Salir  [Esc]")
	scanInto(p.Field, "TOTE-T9")
	want("Chloé's pick after the tote", p.Step.Text, "VAYA A LA UBICACIÓN")
	scanInto(p.Field, "BIN-Z-99-9")
	if got := p.Banner.Title(); got != "UBICACIÓN EQUIVOCADA" && got != "CÓDIGO DESCONOCIDO" {
		t.Errorf("Chloé's wrong bin: %q %q", got, p.Banner.Text())
	}
	if strings.Contains(p.Banner.Text(), "bin") || p.Banner.Text() == "" {
		t.Errorf("Chloé's refusal in English: %q", p.Banner.Text())
	}
	scanInto(p.Field, "")
	press(p.Field, fyne.KeyEscape)
	app.SignOut()

	signInAs(t, app, "Ben Packer", "2222")
	want("Ben's home (no language of his own: the station's)", app.home.Banner.Title(), "XIN CHÀO, BEN PACKER")
	app.SignOut()
	if i18n.Current() != "vi" {
		t.Errorf("after sign-out the screens speak %q, want the station's vi", i18n.Current())
	}
}

// The settings screen's language is the station's default: saved, it
// takes effect for the supervisor at once (who has no language of their
// own) and for the sign-in screen after.
func TestSettingsLanguageTakesEffect(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	app, _ := newTestStation(t, Options{})
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	s.Language.SetSelected(i18n.Names["id"])
	if !s.save() {
		t.Fatalf("not saved: %s", s.Banner.Text())
	}
	if i18n.Current() != "id" {
		t.Fatalf("after saving Indonesian the screens speak %q", i18n.Current())
	}
	app.SignOut()
	if got := app.signIn.Button.Text; got != "Masuk" {
		t.Errorf("sign-in after the change: %q, want Indonesian", got)
	}
}

// noEnglishLeft fails on a text on screen that is one of the English
// texts of the translations, on a screen that should speak another
// language: a key read in English, or a screen that was not rebuilt.
func noEnglishLeft(t *testing.T, root fyne.CanvasObject, where string) {
	t.Helper()
	english := map[string]string{}
	for k, v := range i18n.English() {
		if i18n.T(k) != v && len(v) > 3 { // the same in both is no sign of anything
			english[v] = k
		}
	}
	for _, s := range screenTexts(root) {
		for _, part := range strings.Split(s, "  [") { // a button's shortcut
			if k, ok := english[strings.TrimSpace(part)]; ok {
				t.Errorf("%s shows %q in English (key %s)", where, part, k)
			}
		}
	}
}

// screenTexts collects the texts of the labels, buttons, entries' place
// holders and banners under root.
func screenTexts(root fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *ScanField:
			out = append(out, x.PlaceHolder)
		case *widget.Card:
			out = append(out, x.Title, x.Subtitle)
		case *Banner:
			out = append(out, x.Title(), x.Text())
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

func findButton(t *testing.T, root fyne.CanvasObject, prefix string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, prefix) {
			found = b
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	if found == nil {
		t.Fatalf("no button %q on screen", prefix)
	}
	return found
}

// TestPickScreenshotsInThaiAndSpanish renders the pick screen for a Thai
// and a Spanish picker (docs/screenshots/pick-th.png, pick-es.png with
// make screenshots). Thai needs the embedded fallback fonts, which Fyne
// reads once per process: the screens render in a child process of their
// own, as in TestFallbackFontsRenderEveryScript.
func TestPickScreenshotsInThaiAndSpanish(t *testing.T) {
	if os.Getenv("STATIONHAND_LANG_SHOT_CHILD") == "1" {
		pickScreenshotsChild(t)
		return
	}
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestPickScreenshotsInThaiAndSpanish$", "-test.v")
	cmd.Env = append(os.Environ(), "STATIONHAND_LANG_SHOT_CHILD=1", "HOME="+home,
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"STATIONHAND_FONT_DIR="+filepath.Join(home, "fallback-fonts"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func pickScreenshotsChild(t *testing.T) {
	if err := InstallFallbackFonts(os.Getenv("STATIONHAND_FONT_DIR")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { i18n.SetLanguage("en") })
	app, db := newTestStation(t, Options{Title: "Stationhand · Pick 1"})
	setLanguages(t, db, demoPINs, map[string]string{"Ana Picker": "th", "Chloé Store": "es"})
	pickAs := func(name, lang, tote string) {
		t.Helper()
		app.ShowSignIn()
		signInAs(t, app, name, demoPINs[name])
		test.Tap(app.home.PickNext)
		scanInto(app.pick.Field, "TOTE-"+tote)
		if i18n.Current() != lang {
			t.Fatalf("%s: screens speak %q", name, i18n.Current())
		}
	}
	leave := func() {
		press(app.pick.Field, fyne.KeyEscape)
		app.SignOut()
	}
	pickAs("Ana Picker", "th", "T7")
	snap(t, app, "pick-th")
	leave()
	pickAs("Chloé Store", "es", "T8")
	snap(t, app, "pick-es")
	leave()
}

// Keys made from core's codes (short-pick reasons, ID types, refusal
// reasons, dispositions, flags, grades, order and return statuses) are
// all in the translations: the static check cannot see them.
func TestKeysMadeFromCoreCodesExist(t *testing.T) {
	var keys []string
	for _, r := range pick.ShortReasons {
		keys = append(keys, "pick.reason."+r.Key)
	}
	for _, r := range pickup.IDTypes {
		keys = append(keys, "id_type."+r.Key)
	}
	for _, r := range pickup.RefuseReasons {
		keys = append(keys, "refuse_reason."+r.Key)
	}
	keys = append(keys, "restock_reason."+pickup.RestockRefused, "restock_reason."+pickup.RestockExpired)
	for _, d := range core.Dispositions {
		keys = append(keys, "disposition."+string(d))
	}
	for _, g := range append([]core.Grade{core.GradeNone}, core.Grades...) {
		keys = append(keys, "grade."+strconv.Itoa(int(g)))
		if g != core.GradeNone {
			keys = append(keys, "grade_short."+strconv.Itoa(int(g)))
		}
	}
	for _, f := range []core.ReturnFlag{core.FlagSerialMismatch, core.FlagLotMismatch, core.FlagOtherOrder, core.FlagNotInOrder,
		core.FlagNotOurs, core.FlagNotAnnounced, core.FlagExtraUnit, core.FlagWeight, core.FlagFrequentReturner} {
		keys = append(keys, "return_flag."+string(f))
	}
	for _, s := range []core.OrderStatus{core.OrderPicked, core.OrderPacked, core.OrderShipped, core.OrderStaged,
		core.OrderCollected, core.OrderExpired, core.OrderCancelled} {
		keys = append(keys, "status_words."+string(s))
	}
	for _, s := range []core.ReturnStatus{core.ReturnExpected, core.ReturnInspecting, core.ReturnHeld, core.ReturnInspected, core.ReturnCancelled} {
		keys = append(keys, "return_status."+string(s))
	}
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("no translation for %s", k)
		}
	}
}
