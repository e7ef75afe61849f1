package ui

import (
	"context"
	"io"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scale"
	"github.com/stationhand/stationhand/core/scan"
)

// Options configure the station window.
type Options struct {
	Parser   scan.Parser // how scans are read (prefixes, FNC1 substitute)
	Training bool        // list the expected barcodes as buttons
	Sound    Sounder     // nil: silent
	Title    string
	// Sync reports the hub connection for the status bar; nil hides it.
	// It is called from a background goroutine and must be safe for that.
	Sync func() SyncInfo
	// Scale is the pack station's scale; F11 on the pack screen reads it.
	// nil: weights are typed or scanned.
	Scale WeightReader
	// OpenScale opens the scale a setting names (see SettingScale), for
	// the settings screen's live reading and after its changes; nil opens
	// the real device (core/scale.OpenSetting).
	OpenScale func(setting string) (scale.Scale, error)
	// ScaleDevices lists the scales and ports the settings screen offers;
	// nil lists this computer's (core/scale.Devices).
	ScaleDevices func() []scale.Device
	// SyncNow asks the sync loop for a round at once (F12 on any
	// screen, the settings screen's "re-pull everything"); nil when there
	// is no hub.
	SyncNow func()
	// Printer prints labels and documents (see pack_print.go); nil: none
	// is set up, and the pack screen says so.
	Printer LabelPrinter
	// CarrierPrinter, when set, is a second printer for carrier labels
	// (a ZPL label printer beside a PDF printer): each carrier label goes
	// to the printer that takes it (carrierlabel.Choose).
	CarrierPrinter LabelPrinter

	// ScanLog, when set, receives a line per answered scan with the time
	// of its Enter and of its answer on screen (see logOutcome).
	ScanLog io.Writer

	// DrawBeforeFrame leaves an accepted scan's drawing to just before
	// the next frame, once however many scans came since the last one
	// (beforeframe.go). The real window sets it; Fyne's test driver paints
	// no frames, so tests see every answer drawn at once.
	DrawBeforeFrame bool

	// do runs a function on the UI goroutine; fyne.Do unless a test
	// stands in for the UI goroutine (Fyne's test driver runs fyne.Do
	// callbacks on the caller's goroutine).
	do func(func())
}

// App is the station window and whoever is signed in at it.
type App struct {
	win   fyne.Window
	store Store
	opts  Options
	user  *core.Staff

	// The screen on show, for tests and for re-rendering after a change.
	signIn *SignInScreen
	home   *HomeScreen
	pick   *PickScreen
	// pinChange is the new-PIN screen a short PIN leads to.
	pinChange *PINChangeScreen

	// extraHome are buttons other workflows add to the home screen.
	extraHome []HomeAction

	statusBar *StatusBar
	done      chan struct{}

	scans     map[int64]*scanCount // answered scans per person since the app started, for accuracy
	flashRect *canvas.Rectangle    // behind every screen: the outcome's colour
	flashGen  int                  // which flash a fade belongs to
	flashFade time.Duration        // 0: flashes stay (tests)
	frames    *frameMark           // times answers on screen, for the scan log; nil without one
	now       func() time.Time

	frameJobs []beforeFrameJob // drawing left for the next frame (beforeframe.go)

	// onLeave runs when the screen on show is replaced (the settings
	// screen stops its live scale reading).
	onLeave func()
}

// workflows are the home-screen entries of the workflows beyond picking;
// each workflow's file adds its own in init, so screens stay independent.
var workflows []HomeAction

// HomeAction is a workflow's entry on the home screen.
type HomeAction struct {
	// Label is the button's text as a translation key ("home.pack"); a
	// text that is not a key shows as it is.
	Label string
	Role  core.Role    // who sees it; "" for everyone
	Key   fyne.KeyName // optional shortcut on the home screen's scan field (F3, F5, …)
	Open  func(a *App)
	// Status, when set, returns a short figure shown on the button each
	// time the home screen shows ("3 waiting").
	Status func(a *App) string
}

// New makes the station app in win. Call Start to show the first screen.
func New(win fyne.Window, store Store, opts Options) *App {
	loadTranslations()
	if opts.Sound == nil {
		opts.Sound = silent{}
	}
	if opts.do == nil {
		opts.do = fyne.Do
	}
	a := &App{win: win, store: store, opts: opts, extraHome: append([]HomeAction(nil), workflows...),
		statusBar: newStatusBar(), done: make(chan struct{}), flashRect: newFlash(), flashFade: flashFor, now: time.Now}
	if opts.ScanLog != nil {
		a.frames = newFrameMark(a.writeScanLog)
	}
	return a
}

// AddHomeAction adds a workflow's button to the home screen.
func (a *App) AddHomeAction(h HomeAction) { a.extraHome = append(a.extraHome, h) }

// Start shows the sign-in screen and starts the status bar.
func (a *App) Start() {
	a.startFrameHook()
	a.ShowSignIn()
	a.watchSync()
}

// Stop ends the app's background work (the status bar's updates).
func (a *App) Stop() {
	select {
	case <-a.done:
	default:
		close(a.done)
		a.releaseScale()
		if a.frames != nil {
			a.frames.flush()
		}
	}
}

// Window returns the app's window.
func (a *App) Window() fyne.Window { return a.win }

// Store returns the app's store.
func (a *App) Store() Store { return a.store }

// User returns who is signed in, or nil.
func (a *App) User() *core.Staff { return a.user }

// Parser returns how scans are read.
func (a *App) Parser() scan.Parser { return a.opts.Parser }

// Training reports whether training mode is on.
func (a *App) Training() bool { return a.opts.Training }

// Sound returns the sounder.
func (a *App) Sound() Sounder { return a.opts.Sound }

// ctx bounds each store call: a station must answer at once or say why not.
func (a *App) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

// Show replaces the window's content and focuses the given object, usually
// the screen's scan field.
func (a *App) Show(content fyne.CanvasObject, focus fyne.Focusable) {
	a.drawNow() // the answers of the screen that goes
	a.signIn, a.home, a.pick, a.pinChange = nil, nil, nil, nil
	if leave := a.onLeave; leave != nil {
		a.onLeave = nil
		leave()
	}
	if a.opts.Sync != nil {
		content = container.NewBorder(nil, a.statusBar, nil, nil, content)
	}
	a.flash(ToneInfo)
	if a.frames != nil {
		a.win.SetContent(container.NewStack(a.flashRect, content, a.frames.layer()))
	} else {
		a.win.SetContent(container.NewStack(a.flashRect, content))
	}
	if focus != nil {
		a.win.Canvas().Focus(focus)
	}
}

// SignOut forgets the signed-in person and shows the sign-in screen.
func (a *App) SignOut() {
	a.user = nil
	a.ShowSignIn()
}

// logErr records internal errors for support; the person sees
// core.ErrorMessage instead.
func logErr(what string, err error) {
	recentErrors.add(what, err) // settings.go: the last errors, for supervisors
	if core.ErrorCode(err) == core.EINTERNAL {
		log.Printf("%s: %v", what, err)
	}
}

// WeightReader reads a scale (core/scale's HIDScale and SerialScale do).
type WeightReader interface {
	Read(ctx context.Context) (scale.Reading, error)
}
