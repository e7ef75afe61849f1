// Package label renders what a station prints: 4x6 inch shipping labels
// (GS1-128 SSCC barcode, DataMatrix shipment reference), packing slips on
// A4 or Letter (QR code to the returns page) and store-pickup bag tags
// (Code 128 bag code).
//
// Each document is first laid out once as a page of elements in millimetres
// (layout.go); the PDF writer (gofpdf) and the ZPL writer (Zebra thermal
// printers at 203, 300 and 600 dpi: 8, 12 and 24 dots/mm) both draw that same page, so the two outputs
// cannot drift apart. Barcodes are drawn as vector rectangles with their
// quiet zones. Text in any script staff meet is shaped (go-text/typesetting,
// HarfBuzz's rules; bidi.go for right-to-left runs) and set in DejaVu Sans,
// Noto faces for Thai, Devanagari, Arabic and Hebrew, Droid Sans Fallback
// for CJK and NanumSquare for Hangul (faces.go), embedded as per-document
// font subsets of the glyphs drawn.
//
// ZPL labels carry ASCII and Latin-1 text as UTF-8 (^CI28) in the
// printer's scalable font 0, and any other line as a ^GF graphic drawn from
// the same shaped glyphs at the printer's dpi (zpl_text.go).
//
// All functions are safe for concurrent use.
package label
