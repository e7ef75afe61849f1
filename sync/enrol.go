package sync

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/wire"
)

// Enrolment is what a station gets for an enrolment code: the hub's answer
// and, when the code pinned a private CA, that CA's certificate (PEM) to
// trust the hub with from now on.
type Enrolment struct {
	wire.EnrolResponse
	CAPEM []byte
}

// RedeemOptions configure Redeem.
type RedeemOptions struct {
	Name         string // the station's name; "" keeps the one the code was made with
	Version      string // this station's Stationhand version
	InsecureHTTP bool   // allow a plain http:// hub on another machine
	Timeout      time.Duration
}

// Redeem trades an enrolment code for this station's token at the hub the
// code names. When the code carries a CA fingerprint the hub's
// certificate must chain to a CA with exactly that fingerprint (and name
// the hub's host); the system's trusted CAs are not consulted, so the
// code alone decides whom the station trusts.
func Redeem(ctx context.Context, code enrol.Code, opts RedeemOptions) (Enrolment, error) {
	if err := enrol.CheckHubURL(code.HubURL, opts.InsecureHTTP); err != nil {
		return Enrolment{}, err
	}
	var pinned *x509.Certificate
	u, _ := url.Parse(code.HubURL) // checked above
	host := u.Hostname()
	copts := ClientOptions{Version: opts.Version, InsecureHTTP: opts.InsecureHTTP, Timeout: opts.Timeout}
	if code.CAFingerprint != "" {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: true, // replaced by the pinning check below
			VerifyConnection: func(cs tls.ConnectionState) error {
				ca, err := verifyPinned(cs, code.CAFingerprint, host)
				if err == nil {
					pinned = ca
				}
				return err
			},
		}
		copts.Transport = tr
	}
	c, err := NewClient(code.HubURL, "", copts)
	if err != nil {
		return Enrolment{}, err
	}
	var res wire.EnrolResponse
	err = c.do(ctx, "POST", wire.RouteEnrol.Path, wire.EnrolRequest{Code: code.OneTime, Name: opts.Name, Version: opts.Version}, &res)
	if err != nil {
		var pinErr *pinError
		if errors.As(err, &pinErr) {
			return Enrolment{}, core.Errorf(core.EFORBIDDEN, "ca_mismatch",
				"The hub at %s does not show the certificate this enrolment code names: it is not that hub, or someone is in between. Nothing was sent; check the address with the hub's administrator.", code.HubURL)
		}
		return Enrolment{}, err
	}
	e := Enrolment{EnrolResponse: res}
	if pinned != nil {
		e.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: pinned.Raw})
	}
	return e, nil
}

type pinError struct{ msg string }

func (e *pinError) Error() string { return e.msg }

// verifyPinned checks a hub's certificate chain against a pinned CA: one
// of the certificates it sent must be the CA with the fingerprint, and
// the leaf must verify against that CA alone for the host dialled.
func verifyPinned(cs tls.ConnectionState, fingerprint, host string) (*x509.Certificate, error) {
	if len(cs.PeerCertificates) == 0 {
		return nil, &pinError{"the hub sent no certificate"}
	}
	var ca *x509.Certificate
	for _, c := range cs.PeerCertificates {
		if enrol.Fingerprint(c) == fingerprint {
			ca = c
		}
	}
	if ca == nil {
		return nil, &pinError{fmt.Sprintf("no certificate of the hub has fingerprint %s", fingerprint)}
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	if _, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: host}); err != nil {
		return nil, &pinError{"the hub's certificate does not verify against the pinned CA: " + err.Error()}
	}
	return ca, nil
}
