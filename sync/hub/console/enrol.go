package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// hubURL is the address an enrolment code sends a new station to. The
// hub's --public-url wins: behind a load balancer or TLS proxy the
// request's scheme and Host are the proxy's back side (plain HTTP, maybe
// an internal name), and a Host header is whatever the client sent. A hub
// that terminates TLS itself and has no --public-url uses the address the
// browser reached it at (https://Host), which machines on that network
// use too. Plain HTTP without --public-url is refused with the fix.
func (c *Console) hubURL(r *http.Request) (url, caFingerprint string, err error) {
	switch {
	case c.PublicURL != "":
		return c.PublicURL, c.CAFingerprint, nil
	case r.TLS != nil && r.Host != "":
		return "https://" + r.Host, c.CAFingerprint, nil
	}
	return "", "", core.Errorf(core.EINVALID, "no_public_url",
		"This hub does not know the address stations reach it at: start `hub serve` with --public-url https://… (the address behind your load balancer's name), or use `hub enroll --qr --hub-url …`.")
}

// enrol makes a one-time enrolment code for a new station at a location
// the user sees and shows it as a QR code and as text to type. The page is
// the answer to the POST (never a redirect: the code must not sit in a URL
// or the browser's history) and is not cached.
func (c *Console) enrol(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	loc := r.PostFormValue("location")
	if loc == "" || !u.Sees(loc) {
		c.fail(w, r, core.Errorf(core.EFORBIDDEN, "not_your_location", "You do not have access to location %s.", loc))
		return
	}
	hubURL, fingerprint, err := c.hubURL(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	code, expires, err := c.st.NewEnrolmentCode(r.Context(), hubURL, fingerprint, loc, name)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	png, err := code.PNG(6)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("console: enrolment code made", "location", loc, "name", name, "by", u.Name, "expires", expires)
	w.Header().Set("Cache-Control", "no-store")
	// A data: URI keeps the code out of any URL the hub serves; the
	// Content-Security-Policy allows img-src data:.
	qr := template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	c.render(w, r, http.StatusOK, "enrol", map[string]any{"Code": code, "Name": name, "Expires": expires, "QR": qr})
}
