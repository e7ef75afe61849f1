package console

import (
	"context"
	"fmt"
	"net/http"

	"github.com/stationhand/stationhand/core"
)

// resolvePutBack records a supervisor's word that the units of an order's
// put-back are in their bins again; the location's stations close their
// put-back exception for it on their next pull.
func (c *Console) resolvePutBack(w http.ResponseWriter, r *http.Request) {
	c.decide(w, r, "put-back resolved", c.st.ResolvePutBack, "The put-back of order %s is resolved; the stations close it on their next sync.")
}

// acceptRelabel records that an order packed before its address changed
// carries a new label; the stations close their relabel exception for it.
func (c *Console) acceptRelabel(w http.ResponseWriter, r *http.Request) {
	c.decide(w, r, "relabel accepted", c.st.AcceptRelabel, "The relabel of order %s is accepted; the stations close it on their next sync.")
}

// decide runs a decision on the order in the path, for a user of its
// location, and goes back to the page the form came from.
func (c *Console) decide(w http.ResponseWriter, r *http.Request, what string,
	record func(ctx context.Context, externalID, by string) (string, error), done string) {
	ref := r.PathValue("order")
	user := sessionOf(r).User
	loc, err := c.st.OrderLocation(r.Context(), ref)
	if err == nil && !user.Sees(loc) {
		err = core.Errorf(core.EFORBIDDEN, "not_your_location", "Order %s is not at one of your locations.", ref)
	}
	if err == nil {
		_, err = record(r.Context(), ref, user.Name)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("console: "+what, "order", ref, "location", loc, "by", user.Name)
	http.Redirect(w, r, back(r, fmt.Sprintf(done, ref)), http.StatusSeeOther)
}
