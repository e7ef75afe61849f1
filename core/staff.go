package core

import "slices"

// Role is what a member of staff may do.
type Role string

const (
	RolePicker     Role = "picker"
	RolePacker     Role = "packer"
	RoleAssociate  Role = "associate" // store associate: BOPIS and ship-from-store
	RoleInspector  Role = "inspector" // return inspection
	RoleSupervisor Role = "supervisor"
	RoleDispatch   Role = "dispatch" // the dock: parcels into carrier handovers
)

// Staff is a person who signs in at a terminal. The PIN is only ever stored
// as a hash.
type Staff struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Badge string `json:"badge"` // the badge barcode's id, without the badge prefix
	Roles []Role `json:"roles"`
	// Language is the language the station's screens speak to this
	// person (a BCP 47 tag: "th", "es", "zh-Hans"), set at the hub; ""
	// for the station's default.
	Language string `json:"language,omitempty"`
}

// Can reports whether s has role r; supervisors can do everything.
func (s Staff) Can(r Role) bool {
	return slices.Contains(s.Roles, r) || slices.Contains(s.Roles, RoleSupervisor)
}

// CanPick reports whether s may pick orders: pickers, and store associates
// who pick the store's own orders.
func (s Staff) CanPick() bool { return s.Can(RolePicker) || s.Can(RoleAssociate) }

// StaffLanguages are the languages a member of staff's screens can be set
// to (the station's translations; ui/i18n's test keeps the two lists the
// same), English first.
var StaffLanguages = []string{"en", "th", "vi", "id", "zh-Hans", "es"}
