// Package sync connects a terminal to the central order hub: the HTTP
// client a terminal uses, and the Syncer that pushes the terminal's outbox
// and pulls the hub's changes whenever the network allows. The protocol
// itself, shared with the hub, is package sync/wire.
//
// sync never imports Fyne: screens poll Syncer.Status or subscribe to it.
package sync
