package core

// Payloads of shipping (see payload.go); the dock's are in dispatch.go.

// CarrierLabelPrinted is the payload of EventCarrierLabelPrinted: which
// tracking number went on which package.
type CarrierLabelPrinted struct {
	Package  int    `json:"package"`
	SSCC     string `json:"sscc,omitempty"`
	Carrier  string `json:"carrier"`
	Service  string `json:"service,omitempty"`
	Tracking string `json:"tracking"`
	Reprint  bool   `json:"reprint,omitempty"`
}
