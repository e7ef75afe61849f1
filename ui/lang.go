package ui

import (
	"context"
	"errors"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// tr is the text of a translation key in the language the screens speak
// now (ui/i18n): every text a person reads on a screen comes through it,
// with its fields as name, value pairs (tr("pick.go_to_bin", "Bin", bin)).
// untranslated_test.go fails on a literal text left in the screens.
func tr(key string, args ...any) string { return i18n.T(key, args...) }

// trLabel translates a label given as a key (a home-screen button a
// workflow added), or returns it as it is when it is not one.
func trLabel(s string) string {
	if i18n.Has(s) {
		return tr(s)
	}
	return s
}

// errorText is a domain error in the words of the language on screen.
// core keeps its messages in English, with a stable Reason and the values
// the message names (core.Error.Args); the translations carry a text per
// Reason ("error.<reason>", in general words) and a text that names those
// values (detailKey: "error.<reason>.detail", with {{.V1}}, {{.V2}}… in
// the order core gave them), used when the error carries exactly as many:
// values in another order or number mean other things.
// English shows core's own message, which is the most precise; a reason no
// translation knows (errorreasons_test.go fails on one) shows it too. A
// screen's own refusal (refusal) is already in the language on screen.
func errorText(err error) string {
	if s, ok := errors.AsType[*screenRefusal](err); ok {
		return s.err.Message
	}
	if i18n.Current() == "en" {
		return core.ErrorMessage(err)
	}
	r := core.ErrorReason(err)
	if r == "" || !i18n.Has("error."+r) {
		if core.ErrorCode(err) == core.EINTERNAL {
			return tr("error.internal")
		}
		return core.ErrorMessage(err)
	}
	if args := core.ErrorArgs(err); len(args) > 0 {
		if key := detailKey(r, len(args)); i18n.Has(key) && len(args) == i18n.Placeholders(key) {
			return tr(key, errorValues(args)...)
		}
	}
	return tr("error." + r)
}

// detailKey is the translation that names the n values of an error of
// reason r: "error.<r>.detail.<n>" where a reason's errors name different
// numbers of values (one names the order, another the order and its
// status), else "error.<r>.detail". errordetails_test.go checks every
// error core makes with values has its text, naming all of them.
func detailKey(r string, n int) string {
	if k := fmt.Sprintf("error.%s.detail.%d", r, n); i18n.Has(k) {
		return k
	}
	return "error." + r + ".detail"
}

// settingReader is the station's settings as far as the language needs
// them (core/sqlite.DB).
type settingReader interface {
	Setting(ctx context.Context, key string) (string, error)
}

// stationLanguage is the station's default language (the settings
// screen's, or the one chosen at setup); English when none is set.
func (a *App) stationLanguage() string {
	st, ok := a.store.(settingReader)
	if !ok {
		return "en"
	}
	ctx, cancel := a.ctx()
	defer cancel()
	l, err := st.Setting(ctx, SettingLanguage)
	if err != nil || i18n.Supported(l) == "" {
		return "en"
	}
	return l
}

// useLanguage switches the screens to a person's language, or to the
// station's default when they have none (or one the station does not
// speak). Screens are built anew on each show, so the next screen speaks
// it.
func (a *App) useLanguage(personal string) {
	if i18n.Supported(personal) != "" {
		i18n.SetLanguage(personal)
		return
	}
	i18n.SetLanguage(a.stationLanguage())
}
