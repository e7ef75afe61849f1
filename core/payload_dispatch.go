package core

// Payloads of shipping: carrier labels and the dock (see payload.go). The
// dispatch workflow is being written; these structs are its contract.

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

// DispatchHandoverOpened is the payload of EventDispatchHandoverOpened.
type DispatchHandoverOpened struct {
	Handover string `json:"handover"`
	Carrier  string `json:"carrier"`
}

// DispatchParcelScanned is the payload of EventDispatchParcelScanned.
type DispatchParcelScanned struct {
	Handover string `json:"handover"`
	SSCC     string `json:"sscc"`
	Tracking string `json:"tracking,omitempty"`
	Package  int    `json:"package"`
}

// DispatchParcelUndone is the payload of EventDispatchParcelUndone.
type DispatchParcelUndone struct {
	Handover string `json:"handover"`
	SSCC     string `json:"sscc"`
}

// DispatchSplitAllowed is the payload of EventDispatchSplitAllowed.
type DispatchSplitAllowed struct {
	Handover   string `json:"handover"`
	Supervisor int64  `json:"supervisor"`
	Reason     string `json:"reason,omitempty"`
	Missing    []int  `json:"missing,omitempty"` // packages of the order not in the handover
}

// DispatchHandoverClosed is the payload of EventDispatchHandoverClosed.
type DispatchHandoverClosed struct {
	Handover string   `json:"handover"`
	Carrier  string   `json:"carrier"`
	Parcels  int      `json:"parcels"`
	Orders   []string `json:"orders"`
}

// DispatchHandoverReopened is the payload of EventDispatchHandoverReopened.
type DispatchHandoverReopened struct {
	Handover   string `json:"handover"`
	Supervisor int64  `json:"supervisor"`
	Reason     string `json:"reason,omitempty"`
}
