package core

// Payloads of shipping (see payload.go); the dock's are in dispatch.go.

// CarrierLabelPrinted is the payload of EventCarrierLabelPrinted: which
// tracking number went on which package.
type CarrierLabelPrinted struct {
	Package  int         `json:"package"`
	SSCC     string      `json:"sscc"`
	Carrier  string      `json:"carrier"`
	Service  string      `json:"service"`
	Tracking string      `json:"tracking"`
	Format   LabelFormat `json:"format"`
}
