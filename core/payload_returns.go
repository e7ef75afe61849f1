package core

// Payloads of returns (see payload.go).

// ReturnRefund is the refund decision the hub turns into money: per
// announced unit, the share of its price to refund.
type ReturnRefund struct {
	Kind    RefundKind         `json:"kind"`
	Lines   []ReturnRefundLine `json:"lines"`
	Reasons []string           `json:"reasons,omitempty"` // why it is not full
}

// ReturnRefundLine is the refund decision for one announced line.
type ReturnRefundLine struct {
	LineNo   int      `json:"line_no"`
	SKU      string   `json:"sku"`
	Qty      int      `json:"qty"`      // announced
	Received int      `json:"received"` // matched units
	Units    []int    `json:"units"`    // per cent of the unit price, one per announced unit; 0 for units not received
	Reasons  []string `json:"reasons,omitempty"`
}

// ReturnFlagNote is a fraud signal and what it is about.
type ReturnFlagNote struct {
	Flag   ReturnFlag `json:"flag"`
	Detail string     `json:"detail,omitempty"`
}

// ReturnCheck is one checklist item as an event reports it: State is "ok"
// or "not_checked" (an unticked item was not checked, which is not a
// failed check).
type ReturnCheck struct {
	Item  string `json:"item"`
	OK    bool   `json:"ok"`
	State string `json:"state"`
}

// ReturnRuleRecord is one row of the disposition table.
type ReturnRuleRecord struct {
	ID          int64       `json:"id"`
	Reason      string      `json:"reason,omitempty"`
	Grade       Grade       `json:"grade,omitempty"`
	Category    string      `json:"category,omitempty"`
	MinDays     int         `json:"min_days,omitempty"`
	MaxDays     int         `json:"max_days,omitempty"`
	Disposition Disposition `json:"disposition"`
	RefundPct   int         `json:"refund_pct"`
	Note        string      `json:"note,omitempty"`
}

// ReturnUnexpected is the payload of EventReturnUnexpected: a parcel with
// no return on record, recorded against an order.
type ReturnUnexpected struct {
	RMA      string       `json:"rma"`
	FoundBy  string       `json:"found_by"`
	Customer Customer     `json:"customer"`
	Lines    []ReturnLine `json:"lines"`
}

// ReturnItemReceived is the payload of EventReturnItemReceived.
type ReturnItemReceived struct {
	RMA    string `json:"rma"`
	Item   int64  `json:"item"`
	GTIN   string `json:"gtin"`
	SKU    string `json:"sku,omitempty"`
	Serial string `json:"serial,omitempty"`
	Lot    string `json:"lot,omitempty"`
	Line   int    `json:"line"` // the announced line's number
}

// ReturnItemFlagged is the payload of EventReturnItemFlagged.
type ReturnItemFlagged struct {
	RMA    string     `json:"rma"`
	Item   int64      `json:"item"`
	GTIN   string     `json:"gtin"`
	SKU    string     `json:"sku,omitempty"`
	Serial string     `json:"serial,omitempty"`
	Lot    string     `json:"lot,omitempty"`
	Flag   ReturnFlag `json:"flag"`
	Detail string     `json:"detail"`
}

// ReturnItemUndone is the payload of EventReturnItemUndone.
type ReturnItemUndone struct {
	RMA    string     `json:"rma"`
	Item   int64      `json:"item"`
	SKU    string     `json:"sku"`
	Serial string     `json:"serial,omitempty"`
	Flag   ReturnFlag `json:"flag,omitempty"`
}

// ReturnItemInspected is the payload of EventReturnItemInspected.
type ReturnItemInspected struct {
	RMA          string        `json:"rma"`
	Item         int64         `json:"item"`
	SKU          string        `json:"sku"`
	Grade        string        `json:"grade"`
	Checklist    []ReturnCheck `json:"checklist"`
	Disposition  Disposition   `json:"disposition"`
	RefundPct    int           `json:"refund_pct"`
	Refund       RefundKind    `json:"refund"`
	Rule         int64         `json:"rule"`
	Serial       string        `json:"serial,omitempty"`
	Lot          string        `json:"lot,omitempty"`
	Notes        string        `json:"notes,omitempty"`
	RefundReason string        `json:"refund_reason,omitempty"`
	Flag         ReturnFlag    `json:"flag,omitempty"`
	Photos       []string      `json:"photos,omitempty"`
	Overridden   bool          `json:"overridden,omitempty"`
}

// ReturnDecision is a disposition and refund share.
type ReturnDecision struct {
	Disposition Disposition `json:"disposition"`
	RefundPct   int         `json:"refund_pct"`
	Rule        int64       `json:"rule,omitempty"`
}

// ReturnOverride is the payload of EventReturnOverride.
type ReturnOverride struct {
	RMA        string         `json:"rma"`
	Item       int64          `json:"item"`
	SKU        string         `json:"sku"`
	Reason     string         `json:"reason"`
	From       ReturnDecision `json:"from"`
	To         ReturnDecision `json:"to"`
	Supervisor int64          `json:"supervisor,omitempty"`
}

// ReturnItemRestocked is the payload of EventReturnItemRestocked.
type ReturnItemRestocked struct {
	RMA  string `json:"rma"`
	Item int64  `json:"item"`
	SKU  string `json:"sku"`
	Bin  string `json:"bin"`
	Qty  int    `json:"qty"`
}

// ReturnWeighed is the payload of EventReturnWeighed.
type ReturnWeighed struct {
	RMA        string `json:"rma"`
	WeightG    int    `json:"weight_g"`
	ExpectedG  int    `json:"expected_g"`
	Suspicious bool   `json:"suspicious"`
}

// ReturnHeldPayload is the payload of EventReturnHeld.
type ReturnHeldPayload struct {
	RMA            string           `json:"rma"`
	Flags          []ReturnFlagNote `json:"flags"`
	ProposedRefund *ReturnRefund    `json:"proposed_refund"`
}

// ReturnReviewedPayload is the payload of EventReturnReviewed.
type ReturnReviewedPayload struct {
	RMA        string           `json:"rma"`
	Supervisor int64            `json:"supervisor"`
	Approved   bool             `json:"approved"`
	Note       string           `json:"note"`
	Flags      []ReturnFlagNote `json:"flags"`
}

// ReturnRefundDecided is the payload of EventReturnRefund.
type ReturnRefundDecided struct {
	RMA        string        `json:"rma"`
	Refund     *ReturnRefund `json:"refund"`
	Unexpected bool          `json:"unexpected"`
	ReviewedBy int64         `json:"reviewed_by,omitempty"`
}

// ReturnRulesChanged is the payload of EventReturnRulesChanged.
type ReturnRulesChanged struct {
	Rules []ReturnRuleRecord `json:"rules"`
}
