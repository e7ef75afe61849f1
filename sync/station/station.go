// Package station connects a station to its hub: it enrols it with an
// enrolment code (core/enrol), keeps its token in a private file beside
// the database, and opens the hub client from what it stored.
package station

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync"
)

// Settings keys under which the station keeps its hub connection. The
// token is not among them: it lives in the file TokenPath names.
const (
	SettingHubURL       = "sync.hub_url"
	SettingHubCA        = "sync.ca_file"
	SettingInsecureHTTP = "sync.insecure_http"
	// settingLegacyToken is where stations before issue 14 kept the token,
	// inside the database; Connect moves it to the token file.
	settingLegacyToken = "sync.token"
)

// Store is what this package needs of the station's database
// (core/sqlite.DB).
type Store interface {
	Path() string
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	Terminal(ctx context.Context) (core.Terminal, error)
	SetTerminal(ctx context.Context, t core.Terminal) error
	SSCCRange(ctx context.Context) (r sscc.Range, next int64, ok bool, err error)
	SetSSCCRange(ctx context.Context, r sscc.Range) error
	ShipSettings(ctx context.Context) (core.ShipSettings, error)
	SetShipSettings(ctx context.Context, s core.ShipSettings) error
	PrinterConfig(ctx context.Context) (c printing.Config, ok bool, err error)
	SetPrinterConfig(ctx context.Context, c printing.Config) error
}

// Configured reports whether the station has a hub.
func Configured(ctx context.Context, db Store) bool {
	url, _ := db.Setting(ctx, SettingHubURL)
	return url != ""
}

// EnrolOptions configure Enrol.
type EnrolOptions struct {
	Name         string // the station's name; "" keeps the one the code was made with
	Version      string // this station's Stationhand version
	InsecureHTTP bool   // allow a plain http:// hub on another machine
}

// Enrol enrols the station with a scanned enrolment code, or with a hub
// address and one-time code typed by hand (scanned "" then). It stores
// the token in its private file, the pinned CA beside it, the hub's
// address, the station's identity, its SSCC range and its location's
// defaults (sender, printer) where the station has none of its own yet.
func Enrol(ctx context.Context, db Store, scanned, hubURL, oneTime string, opts EnrolOptions) (core.Terminal, error) {
	var code enrol.Code
	if strings.TrimSpace(scanned) != "" {
		c, err := enrol.Parse(scanned)
		if err != nil {
			return core.Terminal{}, err
		}
		code = c
	} else {
		hubURL = strings.TrimRight(strings.TrimSpace(hubURL), "/")
		if hubURL == "" || strings.TrimSpace(oneTime) == "" {
			return core.Terminal{}, core.Errorf(core.EINVALID, "enrolment_incomplete", "Type the hub's address and the one-time code, or scan the enrolment code.")
		}
		if !strings.Contains(hubURL, "://") {
			hubURL = "https://" + hubURL
		}
		code = enrol.Code{HubURL: hubURL, OneTime: enrol.NormaliseOneTime(oneTime)}
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	e, err := sync.Redeem(ctx, code, sync.RedeemOptions{Name: opts.Name, Version: opts.Version, InsecureHTTP: opts.InsecureHTTP})
	if err != nil {
		return core.Terminal{}, err
	}
	path := db.Path()
	if err := SaveToken(TokenPath(path), e.Token); err != nil {
		return core.Terminal{}, err
	}
	caFile := ""
	if e.CAPEM != nil {
		caFile = CAPath(path)
		if err := os.WriteFile(caFile, e.CAPEM, 0o644); err != nil {
			return core.Terminal{}, fmt.Errorf("save hub CA: %w", err)
		}
	}
	insecure := ""
	if opts.InsecureHTTP {
		insecure = "1"
	}
	for key, v := range map[string]string{SettingHubURL: code.HubURL, SettingHubCA: caFile, SettingInsecureHTTP: insecure, settingLegacyToken: ""} {
		if err := db.SetSetting(ctx, key, v); err != nil {
			return core.Terminal{}, err
		}
	}
	if err := db.SetTerminal(ctx, e.Terminal); err != nil {
		return core.Terminal{}, err
	}
	if err := applyDefaults(ctx, db, e); err != nil {
		return e.Terminal, err
	}
	return e.Terminal, nil
}

// applyDefaults stores what enrolment handed out: the SSCC range always
// (it is this station's own), the sender and printer only where the
// station has none yet.
func applyDefaults(ctx context.Context, db Store, e sync.Enrolment) error {
	if e.SSCC != nil {
		if err := db.SetSSCCRange(ctx, *e.SSCC); err != nil {
			return fmt.Errorf("SSCC range from the hub: %w", err)
		}
	}
	if s := e.Defaults.Ship; s != nil {
		cur, err := db.ShipSettings(ctx)
		if err != nil {
			return err
		}
		if cur.ShipFrom.Name == "" {
			if err := db.SetShipSettings(ctx, *s); err != nil {
				return fmt.Errorf("sender from the hub: %w", err)
			}
		}
	}
	if p := e.Defaults.Printer; p != nil {
		if _, ok, err := db.PrinterConfig(ctx); err != nil || ok {
			return err
		}
		if err := db.SetPrinterConfig(ctx, *p); err != nil {
			return fmt.Errorf("printer from the hub: %w", err)
		}
	}
	return nil
}

// ErrNotEnrolled is returned by Connect for a station without a hub.
var ErrNotEnrolled = core.Errorf(core.EINVALID, "not_enrolled",
	"This station is not connected to a hub yet: scan an enrolment code (hub enroll --qr) on the setup screen, or run `stationhand enrol CODE`.")

// Connect returns a client for the station's hub from what it stored.
// A token still kept in the database (stations before the token file) is
// moved to the token file first. With verify it asks the hub who the
// station is and records that identity; an unreachable hub is no error
// then (the identity was recorded at enrolment).
func Connect(ctx context.Context, db Store, version string, verify bool) (*sync.Client, error) {
	get := func(key string) string { v, _ := db.Setting(ctx, key); return v }
	hubURL := get(SettingHubURL)
	if hubURL == "" {
		return nil, ErrNotEnrolled
	}
	path := TokenPath(db.Path())
	if legacy := get(settingLegacyToken); legacy != "" {
		if err := SaveToken(path, legacy); err != nil {
			return nil, err
		}
		if err := db.SetSetting(ctx, settingLegacyToken, ""); err != nil {
			return nil, err
		}
	}
	token, err := LoadToken(path)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, core.Errorf(core.EINVALID, "no_token",
			"This station has a hub (%s) but no token in %s: enrol it again (scan a new code from `hub enroll --qr`).", hubURL, path)
	}
	client, err := sync.NewClient(hubURL, token, sync.ClientOptions{CAFile: get(SettingHubCA), Version: version, InsecureHTTP: get(SettingInsecureHTTP) == "1"})
	if err != nil {
		return nil, err
	}
	if !verify {
		return client, nil
	}
	who, err := client.Whoami(ctx)
	term := who.Terminal
	if err != nil {
		if sync.Transient(err) || errors.Is(err, context.DeadlineExceeded) {
			return client, nil
		}
		return nil, err
	}
	if cur, _ := db.Terminal(ctx); cur != term {
		if err := db.SetTerminal(ctx, term); err != nil {
			return nil, err
		}
	}
	return client, nil
}
