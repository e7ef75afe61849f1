package core

// Bin is a storage location in the store or warehouse. WalkSeq orders bins
// along the picking path: a pick list visits bins in ascending WalkSeq.
type Bin struct {
	ID      int64
	Code    string // as printed on the bin label, e.g. "A03-12-2"
	Zone    string
	Aisle   string
	Bay     string
	Level   string
	WalkSeq int
}

// Stock is how many units of a product a bin holds.
type Stock struct {
	BinID     int64
	ProductID int64
	Qty       int
}
