// Package assets holds the files Stationhand ships inside its binary, so the
// app needs nothing installed at run time: fonts for labels and documents
// (this file), and in other files the app icon and sounds.
//
// The font files and their licences are listed in fonts/README.md.
package assets

import _ "embed"

// DejaVuSans is DejaVu Sans (regular) as a TrueType file: Latin, Greek,
// Cyrillic and many symbols. Bitstream Vera licence; DejaVu changes are in
// the public domain.
//
//go:embed fonts/DejaVuSans.ttf
var DejaVuSans []byte

// DejaVuSansBold is DejaVu Sans Bold as a TrueType file, with the same
// coverage and licence as DejaVuSans.
//
//go:embed fonts/DejaVuSans-Bold.ttf
var DejaVuSansBold []byte

// DroidSansFallback is Droid Sans Fallback (Full) as a TrueType file: CJK
// ideographs, kana and Hangul, the fallback for text DejaVu cannot show.
// Apache License 2.0. It is about 4 MiB; callers should only embed it in a
// document whose text needs it.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var DroidSansFallback []byte
