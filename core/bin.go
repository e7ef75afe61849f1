package core

// Bin is a storage location in the store or warehouse. WalkSeq orders bins
// along the picking path: a pick list visits bins in ascending WalkSeq.
type Bin struct {
	ID      int64  `json:"id"`
	Code    string `json:"code"` // as printed on the bin label, e.g. "A03-12-2"
	Zone    string `json:"zone,omitempty"`
	Aisle   string `json:"aisle,omitempty"`
	Bay     string `json:"bay,omitempty"`
	Level   string `json:"level,omitempty"`
	WalkSeq int    `json:"walk_seq"`
}

// Stock is how many units of a product a bin holds.
type Stock struct {
	BinID     int64 `json:"bin_id"`
	ProductID int64 `json:"product_id"`
	Qty       int   `json:"qty"`
}
