// Package gs1 reads and checks GS1 data: Application Identifier (AI)
// element strings as GS1-128, GS1 DataMatrix, GS1 QR Code, GS1 DataBar and
// GS1 DotCode carry them, the bracketed form people type, and GS1 Digital
// Link URIs.
//
// The AI table is not hand-written: it is derived at first use from the GS1
// Barcode Syntax Dictionary (gs1-syntax-dictionary.txt, Apache-2.0, embedded;
// see NOTICE.md). Each AI knows its data components (N/X/Y/Z, fixed or
// variable length, optional parts), their linters (check digits, dates,
// code lists), whether it needs an FNC1 separator, whether it may appear in
// a Digital Link query, its requisites (req=), exclusions (ex=) and Digital
// Link key rules (dlpkey). See the linters variable for which linters are
// checked fully and which only by length and character set.
//
// FNC1: scanners transmit FNC1 between elements as GS (0x1D). A keyboard
// wedge types it as Ctrl+], which GLFW (and so Fyne) drops; configure the
// scanner to send DefaultFNC1Substitute ("~") instead. Both are accepted.
//
// Every rejection is a *core.Error with Code core.EINVALID, a stable Reason
// (ReasonBadCheckDigit, ReasonBadDate, ...) and a Message for the person at
// the station, e.g. "Bad check digit in SSCC (00): expected 5, got 0.".
// The sentinel errors (ErrBadCheckDigit, ...) match with errors.Is.
//
// Requisites and exclusions are evaluated over one scanned message. The GS1
// rules allow evaluating them over all carriers on an item; a serial (21)
// in a DataMatrix next to a plain EAN-13 is therefore rejected on its own.
// GS1 Company Prefix checks (gcppos1/2) only check the shape: the prefix
// database is not available offline. Compressed Digital Links are not read.
package gs1
