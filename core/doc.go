// Package core is Stationhand's domain: the things a station works with
// (products, bins, orders, totes, staff, events), the workflows that change
// them, and the errors a person at the station can be told about.
//
// core never imports Fyne, a database driver or an HTTP client. Storage lives
// in core/sqlite, the hub protocol in sync/, the screens in ui/; cmd/ wires
// them together.
package core
