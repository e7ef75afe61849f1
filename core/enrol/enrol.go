// Package enrol is the enrolment code a hub prints for a new station
// (`hub enroll --qr`) and the station scans on its first start: the hub's
// address, the location, a one-time code and, for a hub with its own
// private CA, the CA's fingerprint the station pins. It also holds the
// rule every hub address must meet: https, or http only on this machine
// unless a person said otherwise.
package enrol

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Scheme starts every enrolment code, so a scan of one is recognised
// wherever it is scanned.
const Scheme = "stationhand-enrol:"

// TTL is how long an enrolment code can be redeemed after it was made.
const TTL = 15 * time.Minute

// Code is what an enrolment code carries.
type Code struct {
	HubURL        string // https://hub.example.com:8443
	Location      string // the location the station joins
	OneTime       string // the one-time code, e.g. "K7QM-4XHT-2WPD"
	CAFingerprint string // hex SHA-256 of the hub CA's certificate (DER); "" with a public certificate
}

// String is the text of the code's QR symbol:
// stationhand-enrol:?hub=…&loc=…&code=…&ca=….
func (c Code) String() string {
	q := url.Values{}
	q.Set("hub", c.HubURL)
	q.Set("loc", c.Location)
	q.Set("code", c.OneTime)
	if c.CAFingerprint != "" {
		q.Set("ca", c.CAFingerprint)
	}
	return Scheme + "?" + q.Encode()
}

// IsCode reports whether a scan is an enrolment code.
func IsCode(s string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), Scheme)
}

// Parse reads a scanned enrolment code.
func Parse(s string) (Code, error) {
	s = strings.TrimSpace(s)
	if !IsCode(s) {
		return Code{}, core.Errorf(core.EINVALID, "not_enrolment_code",
			"This is not an enrolment code. Scan the code `hub enroll --qr` printed, or type the hub's address and the one-time code.")
	}
	rest := s[len(Scheme):]
	q, err := url.ParseQuery(strings.TrimPrefix(rest, "?"))
	if err != nil {
		return Code{}, core.Errorf(core.EINVALID, "bad_enrolment_code", "This enrolment code is damaged (%v); print a new one.", err)
	}
	c := Code{HubURL: q.Get("hub"), Location: q.Get("loc"), OneTime: NormaliseOneTime(q.Get("code")), CAFingerprint: strings.ToLower(q.Get("ca"))}
	if c.HubURL == "" || c.OneTime == "" {
		return Code{}, core.Errorf(core.EINVALID, "bad_enrolment_code", "This enrolment code lacks the hub's address or the one-time code; print a new one.")
	}
	if c.CAFingerprint != "" {
		if b, err := hex.DecodeString(c.CAFingerprint); err != nil || len(b) != sha256.Size {
			return Code{}, core.Errorf(core.EINVALID, "bad_enrolment_code", "This enrolment code's CA fingerprint is damaged; print a new one.")
		}
	}
	return c, nil
}

// oneTimeAlphabet has no 0/O, 1/I/L or U: codes are read aloud and typed.
const oneTimeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewOneTime returns a fresh one-time code: 12 characters of a 30-letter
// alphabet (59 bits) in groups of four.
func NewOneTime() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(oneTimeAlphabet[int(x)%len(oneTimeAlphabet)])
	}
	return sb.String()
}

// NormaliseOneTime is how a typed one-time code is compared: upper case,
// dashes and spaces at the group breaks, whatever the person typed.
func NormaliseOneTime(s string) string {
	var sb strings.Builder
	n := 0
	for _, r := range strings.ToUpper(s) {
		if r == '-' || r == ' ' {
			continue
		}
		if n > 0 && n%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteRune(r)
		n++
	}
	return sb.String()
}

// Fingerprint is the hex SHA-256 of a certificate, as codes carry it.
func Fingerprint(cert *x509.Certificate) string {
	h := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(h[:])
}

// CheckHubURL refuses a hub address a station must not send its token to:
// anything but http(s), and plain http to another machine unless the
// person set insecure (then the token crosses the network readable).
func CheckHubURL(raw string, insecure bool) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return core.Errorf(core.EINVALID, "hub_url", "The hub address %q is not an https:// URL.", raw)
	}
	if u.Scheme == "http" && !insecure && !IsLoopback(u.Hostname()) {
		return core.Errorf(core.EINVALID, "insecure_hub_url",
			"The hub address %s is plain http to another machine: the station's token would cross the network readable. Use the hub's https:// address (hub serve --tls-auto), or allow it explicitly with --insecure-http.", raw)
	}
	return nil
}

// IsLoopback reports whether host (a name or an address, without port)
// is this machine. An empty host (listen on every interface) is not.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
