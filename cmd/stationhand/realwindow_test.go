package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// openRealWindow starts the stationhand window with args on the X display
// (Xvfb in CI), waits until it is mapped and holds the input focus, and
// returns a function that runs xdotool with its arguments. The window is
// killed when the test ends. Without a display or xdotool the test is
// skipped, except in CI, where it fails.
func openRealWindow(t *testing.T, args ...string) (xdo func(args ...string) string) {
	t.Helper()
	xdotool, err := exec.LookPath("xdotool")
	if os.Getenv("DISPLAY") == "" || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI needs DISPLAY (Xvfb) and xdotool for the real-window test: run it through make test")
		}
		t.Skip("no X display or no xdotool: run through `make test` to include the real window")
	}
	app := exec.Command(binary, args...)
	app.Stdout, app.Stderr = os.Stderr, os.Stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		app.Process.Kill()
		app.Wait()
	})
	// The window is up when it is mapped and takes the input focus; GLFW
	// may create it before it can (BadMatch), so keep trying.
	focused := false
	for deadline := time.Now().Add(30 * time.Second); !focused; time.Sleep(200 * time.Millisecond) {
		out, _ := exec.Command(xdotool, "search", "--onlyvisible", "--name", "^Stationhand").Output()
		for _, id := range strings.Fields(string(out)) {
			if exec.Command(xdotool, "windowfocus", "--sync", id).Run() == nil {
				focused = true
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the window did not appear and take the focus within 30 s")
		}
	}
	return func(args ...string) string {
		t.Helper()
		out, err := exec.Command(xdotool, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("xdotool %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
}
