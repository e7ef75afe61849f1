package console

import (
	"fmt"
	"net/http"
	"time"
)

// labelRow is a carrier label request as the labels page shows it.
type labelRow struct {
	ID                     int64
	Order, SSCC            string
	Package, Packages      int
	Weight, Carton         string
	Since                  time.Time // zero if the hub could not read the request's time
	WebhookAttempts        int
	Service, ShipToCountry string
}

// labels lists the carrier label requests of a location still waiting for
// a label from the order system, oldest first (read-only: the order system
// answers them through the API).
func (c *Console) labels(w http.ResponseWriter, r *http.Request) {
	loc, locs, ok := c.location(w, r)
	if !ok {
		return
	}
	data := map[string]any{"Locations": locs, "Location": loc}
	if loc != "" {
		reqs, err := c.st.LabelRequests(r.Context(), loc)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		rows := make([]labelRow, len(reqs))
		for i, q := range reqs {
			rows[i] = labelRow{ID: q.ID, Order: q.Order, SSCC: q.SSCC, Package: q.Package, Packages: q.Packages,
				Weight: fmt.Sprintf("%.3f kg", float64(q.WeightG)/1000), Carton: q.Carton,
				WebhookAttempts: q.WebhookAttempts, Service: q.Service, ShipToCountry: q.ShipTo.Country}
			if q.LengthMM > 0 {
				rows[i].Carton = fmt.Sprintf("%s %d×%d×%d mm", q.Carton, q.LengthMM, q.WidthMM, q.HeightMM)
			}
			if t, err := time.Parse(time.RFC3339Nano, q.CreatedAt); err == nil {
				rows[i].Since = t
			}
		}
		data["Requests"] = rows
	}
	c.render(w, r, http.StatusOK, "labels", data)
}
