package store_test

import (
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestEnrolmentCodes: a code enrols one station once, within its 15
// minutes; stations enrolled at the same time get SSCC blocks that never
// overlap, and a numbering set again never hands a block out twice.
func TestEnrolmentCodes(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		if err := db.PutLocation(ctx, "L1", "High Street"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateEnrolmentCode(ctx, "NOPE", ""); core.ErrorReason(err) != "unknown_location" {
			t.Fatalf("code for an unknown location: %v", err)
		}
		if err := db.SetSSCCNumbering(ctx, "0614141", 0, 3); err != nil {
			t.Fatal(err)
		}
		ship := core.ShipSettings{ShipFrom: core.Address{Name: "High Street Store", City: "Leeds"}, Carrier: "DPD"}
		if err := db.SetLocationDefaults(ctx, "L1", wire.LocationDefaults{Ship: &ship}); err != nil {
			t.Fatal(err)
		}

		const stations = 8
		codes := make([]string, stations)
		for i := range codes {
			c, exp, err := db.CreateEnrolmentCode(ctx, "L1", "")
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Until(exp); d < 14*time.Minute || d > 15*time.Minute {
				t.Fatalf("code expires in %v", d)
			}
			codes[i] = c
		}
		ranges := make([]*sscc.Range, stations)
		var wg gosync.WaitGroup
		errs := make([]error, stations)
		for i := range codes {
			wg.Go(func() {
				res, err := db.RedeemEnrolmentCode(ctx, wire.EnrolRequest{Code: codes[i], Name: "Pack", Version: "v1"})
				errs[i] = err
				if err == nil {
					ranges[i] = res.SSCC
					if res.Defaults.Ship == nil || res.Defaults.Ship.Carrier != "DPD" || res.Token == "" {
						errs[i] = core.Errorf(core.EINTERNAL, "x", "enrolment answered %+v", res)
					}
				}
			})
		}
		wg.Wait()
		seen := map[int64]bool{}
		for i, r := range ranges {
			if errs[i] != nil {
				t.Fatalf("station %d: %v", i, errs[i])
			}
			if r == nil || r.CompanyPrefix != "0614141" || seen[r.First] || r.First < 3_000_000 {
				t.Fatalf("station %d got %+v", i, r)
			}
			seen[r.First] = true
		}
		// Set the numbering again from block 1: blocks 3 to 10 stay taken.
		if err := db.SetSSCCNumbering(ctx, "0614141", 0, 1); err != nil {
			t.Fatal(err)
		}
		c, _, _ := db.CreateEnrolmentCode(ctx, "L1", "Pack 9")
		res, err := db.RedeemEnrolmentCode(ctx, wire.EnrolRequest{Code: c})
		if err != nil || res.SSCC == nil || res.SSCC.First != 11_000_000 || res.Terminal.Name != "Pack 9" {
			t.Fatalf("after resetting the numbering: %+v %v", res.SSCC, err)
		}
		all, err := db.SSCCRanges(ctx)
		if err != nil || len(all) != stations+1 {
			t.Fatalf("ranges %v %v", all, err)
		}

		if _, err := db.RedeemEnrolmentCode(ctx, wire.EnrolRequest{Code: codes[0], Name: "Again"}); core.ErrorReason(err) != "enrolment_code_used" {
			t.Fatalf("reused: %v", err)
		}
		if _, err := db.RedeemEnrolmentCode(ctx, wire.EnrolRequest{Code: "ZZZZ-ZZZZ-ZZZZ", Name: "X"}); core.ErrorReason(err) != "unknown_enrolment_code" {
			t.Fatalf("unknown: %v", err)
		}
		late, _, _ := db.CreateEnrolmentCode(ctx, "L1", "Late")
		db.Now = func() time.Time { return time.Now().Add(enrolTTL + time.Second) }
		if _, err := db.RedeemEnrolmentCode(ctx, wire.EnrolRequest{Code: late}); core.ErrorReason(err) != "enrolment_code_expired" {
			t.Fatalf("expired: %v", err)
		}
		db.Now = time.Now
		ts, _ := db.Terminals(ctx, "L1")
		if len(ts) != stations+1 || ts[0].Version == "" && ts[len(ts)-1].Version == "" {
			t.Fatalf("terminals %+v", ts)
		}
	})
}

const enrolTTL = 15 * time.Minute
