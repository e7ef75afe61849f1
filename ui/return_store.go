package ui

// returnStore is what the return inspection screens need from the store.
type returnStore interface{}
