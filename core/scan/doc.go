// Package scan classifies and validates anything a station's scanner or a
// person types: product barcodes (EAN-13, EAN-8, UPC-A, UPC-E, GTIN-14),
// GS1 data with lot, serial and dates (GS1-128, GS1 DataMatrix, GS1 QR,
// DataBar, Digital Link URIs, bracketed text), SSCC pallet labels,
// Stationhand's own labels (ORD-, TOTE-, BIN-, RMA-, BADGE-, PU-) and typed
// quantities.
//
// A barcode scanner is a USB keyboard wedge: it types the code and presses
// Enter, and the UI passes the typed string to Parse. Fyne never sees the
// GS (0x1D) a scanner types for FNC1, so configure scanners to send "~"
// for it (gs1.DefaultFNC1Substitute, or Parser.FNC1Substitute); GS itself
// is accepted too. Enable the AIM symbology identifier prefix on the
// scanner where possible: "]C1", "]d2", "]Q3", "]e0" mark GS1 data without
// any guessing, "]E4" tells EAN-8 from UPC-E, "]E3" carries an add-on.
//
// A symbology identifier constrains the data: an EAN-8 (]E4) must be 8
// digits, digits under a plain Code 128 (]C0) are never a GTIN or SSCC,
// EAN/UPC add-ons come as ]E3; a contradiction is refused with its reason.
// Without an identifier, digits-only input is read as the plain symbology
// of its length (see Parser.Parse), GS1 data is recognised when it parses
// as an element string, and Code.Reading says which reading was taken.
// 8 digits can be an EAN-8 or a UPC-E: Parser.Catalogue (the station's
// product catalogue) settles it when both check digits hold. 6 and 7
// digits are read as UPC-E without a check digit, so they cannot be
// checked. Restricted circulation numbers (prefixes 02, 04, 20-29) are
// accepted as GTINs; see RestrictedCirculation.
package scan
