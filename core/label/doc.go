// Package label renders what a station prints: 4x6 inch shipping labels
// (GS1-128 SSCC barcode, DataMatrix shipment reference), packing slips on
// A4 or Letter (QR code to the returns page) and store-pickup bag tags
// (Code 128 bag code).
//
// Each document is first laid out once as a page of elements in millimetres
// (layout.go); the PDF writer (gofpdf) and the ZPL writer (Zebra thermal
// printers at 203, 300 and 600 dpi: 8, 12 and 24 dots/mm) both draw that same page, so the two outputs
// cannot drift apart. Barcodes are drawn as vector rectangles with their
// quiet zones; text in any script staff meet is set in DejaVu Sans, with
// Droid Sans Fallback for CJK, embedded as per-document font subsets.
//
// ZPL labels carry their text as UTF-8 (^CI28) in the printer's scalable
// font 0, which has no CJK glyphs: a Zebra printer without a Unicode font
// installed prints Chinese or Japanese names as blanks. Stations that ship
// to such addresses should print the PDF (through CUPS) instead.
//
// All functions are safe for concurrent use.
package label
