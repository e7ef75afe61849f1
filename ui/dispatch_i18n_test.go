package ui

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// TestDispatchTextsAreInTheTranslations: every text the dock's screens
// read by key is in en.json with the same English (the fallback the code
// shows until the screens follow the person's language), so the other
// languages, which the i18n test keeps complete, translate what is shown.
func TestDispatchTextsAreInTheTranslations(t *testing.T) {
	data, err := os.ReadFile("i18n/translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]string
	if err := json.Unmarshal(data, &en); err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`lang\.X\("([^"]+)",\s*"((?:[^"\\]|\\.)*)"`)
	n := 0
	for _, file := range []string{"dispatchscreen.go", "dispatch_actions.go", "home_dock.go", "settings_dock.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			n++
			if got, ok := en[m[1]]; !ok {
				t.Errorf("%s: key %s is not in en.json", file, m[1])
			} else if got != m[2] {
				t.Errorf("%s: key %s says %q in the code but %q in en.json", file, m[1], m[2], got)
			}
		}
	}
	if n < 40 {
		t.Fatalf("found only %d texts: the pattern no longer matches the code", n)
	}
}
