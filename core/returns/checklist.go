package returns

import (
	"encoding/json"
	"fmt"
	"strings"
)

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
//
// OK false means the inspector did not tick the item: it was not checked,
// which is not a failed check. Events carry the word too ("state":
// "ok" or "not_checked") so nobody reads false as "failed".
type Check struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
}

// State is the check in words: "ok" or "not_checked".
func (c Check) State() string {
	if c.OK {
		return "ok"
	}
	return "not_checked"
}

// MarshalJSON writes the check with its state in words.
func (c Check) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Item  string `json:"item"`
		OK    bool   `json:"ok"`
		State string `json:"state"`
	}{c.Item, c.OK, c.State()})
}

// CheckSummary says which checks were ticked and which were not checked,
// for the inspector's banner: "2 of 4 checked; not checked: Powers on,
// Cable included." ("" when there is no checklist).
func CheckSummary(checks []Check) string {
	var not []string
	for _, c := range checks {
		if !c.OK {
			not = append(not, c.Item)
		}
	}
	switch {
	case len(checks) == 0:
		return ""
	case len(not) == 0:
		return fmt.Sprintf("All %d checks ticked.", len(checks))
	}
	return fmt.Sprintf("%d of %d checked; not checked: %s.", len(checks)-len(not), len(checks), strings.Join(not, ", "))
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
