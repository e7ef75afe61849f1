package ui

// pickupStore is what the store pickup (BOPIS) screens need from the store.
type pickupStore interface{}
