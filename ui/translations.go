package ui

import (
	"log"
	"sync"

	"github.com/stationhand/stationhand/ui/i18n"
)

// loadTranslations gives Fyne's lang package the station's translations
// once, before the first screen reads a text (lang.L).
var loadTranslations = sync.OnceFunc(func() {
	if err := i18n.Load(); err != nil {
		log.Printf("translations: %v", err)
	}
})
