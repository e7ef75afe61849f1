package assets

import _ "embed"

// IconPNG is the app icon, 256×256 PNG. It is plain bytes so that packages
// which must not import Fyne (core) can still import assets; cmd wraps it in
// a fyne.Resource.
//
//go:embed icon.png
var IconPNG []byte
