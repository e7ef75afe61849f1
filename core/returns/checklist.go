package returns

import "strings"

// DefaultChecklists are the short checks the inspector sees per product
// category (the store's migration seeds the same); "" is for any category
// not listed.
var DefaultChecklists = map[string][]string{
	"Electronics": {"Powers on", "Charger and cables included", "No scratches or dents", "Reset, no account signed in"},
	"Apparel":     {"Tags attached", "No stains or odour", "Not worn or washed"},
	"Home":        {"No chips or cracks", "Original packaging"},
	"Grocery":     {"Seal intact", "Within its date"},
	"Beauty":      {"Seal intact", "Unused"},
	"Toys":        {"All pieces present", "Box intact"},
	"":            {"Original packaging", "All parts present", "No damage"},
}

// Check is one checklist item and whether the item passed it.
type Check struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
}

// Checklist returns the checks for a category: the store's own list when it
// has one, else its list for any category, else the defaults.
func (in *Inspection) Checklist(category string) []string {
	for _, m := range []map[string][]string{in.Checklists, DefaultChecklists} {
		for k, v := range m {
			if strings.EqualFold(k, category) && len(v) > 0 {
				return v
			}
		}
		if v := m[""]; len(v) > 0 && len(m) > 0 {
			return v
		}
	}
	return nil
}
