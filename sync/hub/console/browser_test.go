package console_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

var screenshots = flag.Bool("screenshots", false, "write the browser test's screenshots to docs/screenshots (else to a temporary directory)")

// browser starts headless Chromium for t. Without a chromium on PATH the
// test is skipped, except in CI (CI=true), where it fails: CI installs it
// (scripts/apt-packages.txt).
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed, and CI=true: the console's browser test must run (scripts/apt-packages.txt installs it)")
		}
		t.Skip("chromium is not installed: the console's browser test is skipped (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(width, height), chromedp.Flag("disable-gpu", true), chromedp.Flag("lang", "en-GB"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	// The first action starts the browser, which lives as long as that
	// action's context: start it on ctx itself, then bound each step.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

func screenshotDir(t *testing.T) string {
	if *screenshots {
		return filepath.Join("..", "..", "..", "docs", "screenshots")
	}
	return t.TempDir()
}

// page drives one browser tab; every step fails the test.
type page struct {
	t   *testing.T
	ctx context.Context
	dir string
	// keep writes screenshots (the first backend's only, with -screenshots).
	keep bool
}

func (p page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

func (p page) text(id string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		p.t.Fatalf("text of #%s: %v", id, err)
	}
	return s
}

func (p page) shot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if len(png) < 1000 {
		p.t.Fatalf("screenshot %s is %d bytes", name, len(png))
	}
	if p.keep {
		if err := os.WriteFile(filepath.Join(p.dir, name), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
}

// TestConsoleInBrowser signs in with headless Chromium, reads the stations
// page (only the user's location), releases a claim and checks the hub
// took it back, resolves the put-back and accepts a relabel on the
// exceptions page (a station pulls both decisions), reads the carrier
// label requests waiting, then the KPI page's charts, makes an enrolment
// code for a new station, on both backends.
func TestConsoleInBrowser(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		p := page{t: t, ctx: browser(t, 1280, 900), dir: screenshotDir(t), keep: b.Name == "sqlite" || !*screenshots}

		p.do("sign-in page", chromedp.Navigate(f.url("/console/stations")), chromedp.WaitVisible(chromedp.ID("name")))
		title, err := chromedp.Run(p.ctx, chromedp.Title())
		if err != nil || !strings.HasPrefix(title, "Sign in") {
			t.Fatalf("an unsigned visit to the stations page shows %q (%v), want the sign-in page", title, err)
		}
		p.shot("console-signin.png")
		p.do("wrong password",
			chromedp.SendKeys(chromedp.ID("name"), userName),
			chromedp.SendKeys(chromedp.ID("password"), "wrong password!"),
			chromedp.Click(chromedp.ID("signin")),
			chromedp.WaitVisible(chromedp.CSS(".error")))
		p.do("sign in",
			chromedp.SendKeys(chromedp.ID("password"), password),
			chromedp.Click(chromedp.ID("signin")),
			chromedp.WaitVisible(chromedp.ID("stations")))

		online, stations, claims := p.text("online-count"), p.text("stations"), p.text("claims")
		p.shot("console-stations.png")
		for _, want := range []string{"Pack bench 1", "Pick 2", "Spare", "online", "offline", "1.3.2", "not reported"} {
			if !strings.Contains(stations, want) {
				t.Errorf("stations page lacks %q:\n%s", want, stations)
			}
		}
		if strings.Contains(stations, "L2 station") || strings.Contains(claims, f.hidden) {
			t.Errorf("the L1 supervisor sees L2's station or claim:\n%s\n%s", stations, claims)
		}
		if waiting := p.text("station-" + f.picker.ID); !strings.Contains(waiting, "1.3.2") || !strings.Contains(waiting, "3 (") {
			t.Errorf("Pick 2's row should show version 1.3.2 and 3 events waiting: %q", waiting)
		}
		if online != "2" {
			t.Errorf("online count %q, want 2 (the bench and the picker pushed just now)", online)
		}
		if !strings.Contains(claims, f.claimed) {
			t.Fatalf("claims table lacks %s:\n%s", f.claimed, claims)
		}

		p.do("release", chromedp.Click(chromedp.ID("release-"+f.claimed)), chromedp.WaitVisible(chromedp.CSS(".done")))
		done, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(".done")))
		if err != nil {
			t.Fatal(err)
		}
		if claims = p.text("claims"); !strings.Contains(done, f.claimed) || strings.Contains(claims, f.claimed) {
			t.Errorf("after release: message %q, claims %q", done, claims)
		}
		held, err := f.db.Claims(context.Background(), "L1")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range held {
			if c.ExternalID == f.claimed {
				t.Errorf("the hub still holds the claim of %s: %+v", f.claimed, c)
			}
		}
		putBacks, err := f.db.PutBacks(context.Background(), "L1")
		if err != nil || len(putBacks) != 1 || putBacks[0].ExternalID != f.claimed {
			t.Errorf("put-backs after release: %+v, %v; want %s (a unit was picked)", putBacks, err, f.claimed)
		}

		// The exceptions page: the put-back resolved, the relabel accepted.
		p.do("exceptions page", chromedp.Navigate(f.url("/console/exceptions?location=L1")), chromedp.WaitVisible(chromedp.ID("put-backs")))
		if pb, rl := p.text("put-backs"), p.text("relabels"); !strings.Contains(pb, f.claimed) || !strings.Contains(rl, f.relabel) {
			t.Fatalf("exceptions page: put-backs %q, relabels %q; want %s and %s", pb, rl, f.claimed, f.relabel)
		}
		p.shot("console-exceptions.png")
		p.do("resolve put-back", chromedp.Click(chromedp.ID("resolve-"+f.claimed)), chromedp.WaitVisible(chromedp.CSS(".done")))
		if pb := p.text("put-backs"); strings.Contains(pb, f.claimed) || !strings.Contains(pb, "None.") {
			t.Errorf("put-backs after resolving: %q", pb)
		}
		p.do("accept relabel", chromedp.Navigate(f.url("/console/exceptions?location=L1")), // a page with no message yet
			chromedp.Click(chromedp.ID("relabel-"+f.relabel)), chromedp.WaitVisible(chromedp.CSS(".done")))
		if rl := p.text("relabels"); strings.Contains(rl, f.relabel) || !strings.Contains(rl, "None.") {
			t.Errorf("relabels after accepting: %q", rl)
		}
		// A station of L1 learns both decisions with the orders' progress.
		pulled, err := f.db.Pull(context.Background(), f.picker, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		decided := map[string]string{}
		for _, pr := range pulled.Changes.Progress {
			for _, d := range pr.Decisions {
				decided[pr.ExternalID] += d.Kind + " by " + d.By
			}
		}
		if decided[f.claimed] != "put_back by "+userName || decided[f.relabel] != "relabel by "+userName {
			t.Errorf("decisions a station pulls: %v; want put_back on %s and relabel on %s, by %s", decided, f.claimed, f.relabel, userName)
		}

		p.do("labels page", chromedp.Navigate(f.url("/console/labels")), chromedp.WaitVisible(chromedp.ID("label-requests")))
		if labels := p.text("label-requests"); !strings.Contains(labels, f.relabel) || !strings.Contains(labels, "1.234 kg") ||
			!strings.Contains(labels, "1 of 1") || !strings.Contains(labels, "006141410000000011") || !strings.Contains(labels, "M 300×200×150 mm") {
			t.Errorf("labels page should list the request of %s (1 of 1, 1.234 kg, its SSCC and carton):\n%s", f.relabel, labels)
		}
		p.shot("console-labels.png")

		p.do("KPI page", chromedp.Navigate(f.url("/console/kpi?days=7")), chromedp.WaitVisible(chromedp.CSS("svg.chart")))
		charts, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll("figure.kpi")].map(f => f.querySelector("strong").textContent + ":" + f.querySelectorAll("rect.bar").length)`))
		if err != nil {
			t.Fatal(err)
		}
		table := p.text("kpis")
		p.shot("console-kpi.png")
		// Four orders shipped on four days, one bar each; one had a short pick.
		wantCharts := []string{"Order accuracy:4", "Fulfilment cycle time:4", "On-time dispatch:4", "Pick rate:4", "Return rate:4", "Orders completed:7"}
		if strings.Join(charts, ",") != strings.Join(wantCharts, ",") {
			t.Errorf("KPI charts %v, want %v", charts, wantCharts)
		}
		if strings.Count(table, "100.0 %") < 3 || !strings.Contains(table, "0.0 %") {
			t.Errorf("KPI table should show 100 %% accuracy on three days and 0 %% on the day of the short pick:\n%s", table)
		}

		// Enrol a station at L1: the page shows the QR image (the page's
		// Content-Security-Policy lets the data: image load) and the code.
		p.do("enrol a station", chromedp.Navigate(f.url("/console/stations")), chromedp.WaitVisible(chromedp.ID("enrol-L1")),
			chromedp.SendKeys(chromedp.CSS(`#enrol-L1 input[name="name"]`), "Pack 9"),
			chromedp.Click(chromedp.ID("enrol-button-L1")), chromedp.WaitVisible(chromedp.ID("enrol-qr")))
		loaded, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.getElementById("enrol-qr").naturalWidth`))
		if err != nil || loaded < 100 {
			t.Errorf("the enrolment QR image did not load (natural width %d, %v)", loaded, err)
		}
		if code := p.text("enrol-code"); len(strings.ReplaceAll(code, "-", "")) != 12 {
			t.Errorf("the enrolment page shows the code %q", code)
		}
		p.shot("console-enrol.png")

		// A phone-sized window reads the stations page without sideways scrolling.
		phone := page{t: t, ctx: browser(t, 390, 844), dir: p.dir, keep: p.keep}
		phone.do("phone sign-in", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
			chromedp.Navigate(f.url("/console/signin")),
			chromedp.SendKeys(chromedp.ID("name"), userName),
			chromedp.SendKeys(chromedp.ID("password"), password),
			chromedp.Click(chromedp.ID("signin")),
			chromedp.WaitVisible(chromedp.ID("stations")))
		width, err := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		phone.shot("console-stations-phone.png")
		if width > 400 {
			t.Errorf("on a phone the page is %d px wide: it scrolls sideways", width)
		}
	})
}
