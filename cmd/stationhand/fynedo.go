package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/stationhand/stationhand/assets"
)

// declareFyneDo tells Fyne that every widget update from another goroutine
// goes through fyne.Do (ui keeps to that, and its tests run under -race),
// so Fyne drops its transition-time check of the calling goroutine. That
// check reads runtime.Stack on every Refresh: it was a third of the CPU a
// burst of scans cost, and the reason a scanner's fifty back-to-back scans
// were answered up to half a second late. FyneApp.toml's [Migrations]
// says the same for `fyne package`, whose build also takes the faster
// migrated_fynedo code; this call covers go build and go run, which read no
// FyneApp.toml from an installed binary's folder.
func declareFyneDo() {
	app.SetMetadata(fyne.AppMetadata{
		ID:         appID,
		Name:       "Stationhand",
		Version:    version,
		Icon:       fyne.NewStaticResource("icon.png", assets.IconPNG),
		Release:    true,
		Migrations: map[string]bool{"fyneDo": true},
	})
}
