package assets

import _ "embed"

// Faces for the scripts DejaVu Sans and Droid Sans Fallback do not cover,
// used by core/label (documents) and ui (the screen's fallback fonts).
// All are TrueType (glyf outlines) under the SIL Open Font License 1.1;
// sources and sizes in fonts/README.md.

//go:embed fonts/NotoSansThai-Regular.ttf
var NotoSansThai []byte

//go:embed fonts/NotoSansThai-Bold.ttf
var NotoSansThaiBold []byte

//go:embed fonts/NotoSansDevanagari-Regular.ttf
var NotoSansDevanagari []byte

//go:embed fonts/NotoSansDevanagari-Bold.ttf
var NotoSansDevanagariBold []byte

// NotoNaskhArabic is the Naskh style, the usual one for print; it also
// has the Arabic-Indic and Persian digits.
//
//go:embed fonts/NotoNaskhArabic-Regular.ttf
var NotoNaskhArabic []byte

//go:embed fonts/NotoNaskhArabic-Bold.ttf
var NotoNaskhArabicBold []byte

//go:embed fonts/NotoSansHebrew-Regular.ttf
var NotoSansHebrew []byte

//go:embed fonts/NotoSansHebrew-Bold.ttf
var NotoSansHebrewBold []byte

// NanumSquare has all 11,172 precomposed Hangul syllables in 0.7 MiB, which
// Droid Sans Fallback lacks.
//
//go:embed fonts/NanumSquareR.ttf
var NanumSquare []byte

//go:embed fonts/NanumSquareB.ttf
var NanumSquareBold []byte
