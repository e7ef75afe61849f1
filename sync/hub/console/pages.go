package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// visible returns the locations the signed-in user sees.
func (c *Console) visible(r *http.Request) ([]store.Location, error) {
	all, err := c.st.Locations(r.Context())
	if err != nil {
		return nil, err
	}
	u := sessionOf(r).User
	return slices.DeleteFunc(all, func(l store.Location) bool { return !u.Sees(l.Code) }), nil
}

// location returns the location a per-location page shows: ?location= if
// the user sees it, else their first. ok is false when the answer is sent.
func (c *Console) location(w http.ResponseWriter, r *http.Request) (string, []store.Location, bool) {
	locs, err := c.visible(r)
	if err != nil {
		c.fail(w, r, err)
		return "", nil, false
	}
	want := r.URL.Query().Get("location")
	if want == "" {
		if len(locs) == 0 {
			return "", locs, true
		}
		return locs[0].Code, locs, true
	}
	if !sessionOf(r).User.Sees(want) {
		c.fail(w, r, core.Errorf(core.EFORBIDDEN, "not_your_location", "You do not have access to location %s.", want))
		return "", nil, false
	}
	return want, locs, true
}

func (c *Console) stations(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	rows, err := c.st.StationRows(r.Context(), u.Locations)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	claims, err := c.st.OpenClaims(r.Context(), u.Locations)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	held := map[string]int{}
	for _, cl := range claims {
		held[cl.TerminalID]++
	}
	for i := range rows {
		rows[i].Claims = held[rows[i].ID]
	}
	if len(claims) > maxClaims {
		claims = claims[:maxClaims]
	}
	online := 0
	for _, s := range rows {
		if s.Online {
			online++
		}
	}
	locs, err := c.visible(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "stations", map[string]any{"Stations": rows, "Locations": locs, "Online": online, "Claims": claims,
		"Done": r.URL.Query().Get("done"), "OnlineWindow": ago(store.OnlineWindow), "MaxClaims": maxClaims})
}

// maxClaims bounds the claims listed on the stations page.
const maxClaims = 500

// back is where an action returns to: the page the form names, if it is a
// console page, else the stations page.
func back(r *http.Request, done string) string {
	to := r.PostFormValue("back")
	if !strings.HasPrefix(to, Prefix) || strings.HasPrefix(to, "//") || strings.ContainsAny(to, "\\\r\n") {
		to = Prefix + "stations"
	}
	u, err := url.Parse(to)
	if err != nil {
		return Prefix + "stations"
	}
	q := u.Query()
	q.Set("done", done)
	u.RawQuery = q.Encode()
	return u.String()
}

func (c *Console) revoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	loc, err := c.st.TerminalLocation(r.Context(), id)
	if err == nil && !sessionOf(r).User.Sees(loc) {
		err = core.Errorf(core.EFORBIDDEN, "not_your_location", "Station %s is not at one of your locations.", id)
	}
	if err == nil {
		err = c.st.Revoke(r.Context(), id)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("console: station revoked", "terminal", id, "location", loc, "by", sessionOf(r).User.Name)
	http.Redirect(w, r, back(r, "Station "+id+" is revoked; its claims went back to the queue."), http.StatusSeeOther)
}

func (c *Console) release(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("order")
	loc, err := c.st.OrderLocation(r.Context(), ref)
	if err == nil && !sessionOf(r).User.Sees(loc) {
		err = core.Errorf(core.EFORBIDDEN, "not_your_location", "Order %s is not at one of your locations.", ref)
	}
	var cl store.Claim
	if err == nil {
		cl, err = c.st.ReleaseClaim(r.Context(), ref)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("console: claim released", "order", ref, "terminal", cl.TerminalID, "by", sessionOf(r).User.Name)
	http.Redirect(w, r, back(r, "Order "+ref+" is back in "+cl.Location+"'s queue."), http.StatusSeeOther)
}

var statuses = []core.OrderStatus{core.OrderOpen, core.OrderPicking, core.OrderPicked, core.OrderPacked, core.OrderShipped,
	core.OrderStaged, core.OrderCollected, core.OrderExpired, core.OrderCancelled}

func (c *Console) orders(w http.ResponseWriter, r *http.Request) {
	loc, locs, ok := c.location(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	status := core.OrderStatus(q.Get("status"))
	if status != "" && !slices.Contains(statuses, status) {
		status = ""
	}
	data := map[string]any{"Locations": locs, "Location": loc, "Status": string(status), "Statuses": statuses, "Search": q.Get("q"), "Limit": 100}
	if loc != "" {
		ages, err := c.st.OrderAges(r.Context(), loc)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		rows, err := c.st.OrderRows(r.Context(), loc, status, q.Get("q"), 100)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		data["Ages"], data["Orders"] = ages, rows
	}
	c.render(w, r, http.StatusOK, "orders", data)
}

func (c *Console) exceptions(w http.ResponseWriter, r *http.Request) {
	loc, locs, ok := c.location(w, r)
	if !ok {
		return
	}
	data := map[string]any{"Locations": locs, "Location": loc, "Done": r.URL.Query().Get("done")}
	if loc != "" {
		ex, err := c.st.Exceptions(r.Context(), loc, 200)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		pb, err := c.st.PutBacks(r.Context(), loc)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		claims, err := c.st.OpenClaims(r.Context(), []string{loc})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		rl, err := c.st.Relabels(r.Context(), loc)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		stale := slices.DeleteFunc(claims, func(c store.Claim) bool { return !c.Revoked })
		data["Exceptions"], data["PutBacks"], data["Relabels"], data["Stale"] = ex, pb, rl, stale
	}
	c.render(w, r, http.StatusOK, "exceptions", data)
}

func (c *Console) returns(w http.ResponseWriter, r *http.Request) {
	loc, locs, ok := c.location(w, r)
	if !ok {
		return
	}
	data := map[string]any{"Locations": locs, "Location": loc}
	if loc != "" {
		held, err := c.st.HeldReturns(r.Context(), loc)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		data["Held"] = held
	}
	c.render(w, r, http.StatusOK, "returns", data)
}

func (c *Console) kpi(w http.ResponseWriter, r *http.Request) {
	loc, locs, ok := c.location(w, r)
	if !ok {
		return
	}
	days := 14
	if n, err := strconv.Atoi(r.URL.Query().Get("days")); err == nil && n >= 1 && n <= 90 {
		days = n
	}
	data := map[string]any{"Locations": locs, "Location": loc, "Days": days, "Choices": []int{7, 14, 30, 90}}
	if loc != "" {
		to := c.Now().UTC()
		kpis, err := c.st.KPIs(r.Context(), loc, to.Add(-time.Duration(days-1)*24*time.Hour), to)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		data["KPIs"] = kpis
		data["Charts"] = kpiCharts(kpis)
	}
	c.render(w, r, http.StatusOK, "kpi", data)
}
