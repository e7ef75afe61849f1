package ui

// packStore is what the pack station screens need from the store.
type packStore interface{}
