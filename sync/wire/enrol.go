package wire

import (
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sscc"
)

// RouteEnrol redeems a one-time enrolment code (core/enrol) for a
// terminal's token. It needs no token: the code is the credential, valid
// once and for 15 minutes.
var RouteEnrol = Route{"POST", APIPrefix + "/enrolment", "", "Redeem a one-time enrolment code for a terminal token and its settings"}

// HeaderVersion carries the station's Stationhand version on every request;
// the hub lists it with the terminal (`hub terminals`).
const HeaderVersion = "Stationhand-Version"

// EnrolRequest is the body of an enrolment.
type EnrolRequest struct {
	Code    string `json:"code"`              // the one-time code, e.g. "K7QM-4XHT-2WPD"
	Name    string `json:"name,omitempty"`    // the station's name; "" keeps the one given with the code
	Version string `json:"version,omitempty"` // the station's Stationhand version
}

// EnrolResponse is what a new station needs to work at once: who it is,
// its bearer token (the only time the hub sends it), its own range of SSCC
// serial references (when the hub numbers parcels), and its location's
// defaults.
type EnrolResponse struct {
	Terminal core.Terminal    `json:"terminal"`
	Token    string           `json:"token"`
	SSCC     *sscc.Range      `json:"sscc,omitempty"`
	Defaults LocationDefaults `json:"defaults"`
}

// LocationDefaults are what a location's new stations start with; each
// station can change them afterwards (settings screen, label-setup).
type LocationDefaults struct {
	Ship    *core.ShipSettings `json:"ship,omitempty"`
	Printer *printing.Config   `json:"printer,omitempty"`
}
