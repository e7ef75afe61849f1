package core

// Terminal is this station: its id (unique across the company, used in
// every event), a name staff recognise, and the location it belongs to.
type Terminal struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Location string `json:"location"`
}
