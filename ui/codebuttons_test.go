package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestCodeButtonsKeepTheirButtons changes a training row's codes as the
// pack screen does at each scan: the buttons stay (only their texts are
// drawn again), a tap scans the code now shown, and the row grows and
// shrinks with the codes.
func TestCodeButtonsKeepTheirButtons(t *testing.T) {
	test.NewTempApp(t)
	row := container.NewHBox()
	var tapped []string
	tap := func(code string) { tapped = append(tapped, code) }

	setCodeButtons(row, []string{"A", "B"}, tap)
	first := row.Objects[0]
	setCodeButtons(row, []string{"C", "B", "D"}, tap)
	if got := codeButtonTexts(row); !slices.Equal(got, []string{"C", "B", "D"}) {
		t.Fatalf("the row shows %v", got)
	}
	if row.Objects[0] != first {
		t.Fatal("the first button was made anew for a new code")
	}
	test.Tap(row.Objects[0].(*widget.Button))
	setCodeButtons(row, []string{"E"}, tap)
	if got := codeButtonTexts(row); !slices.Equal(got, []string{"E"}) {
		t.Fatalf("after shrinking, the row shows %v", got)
	}
	test.Tap(row.Objects[0].(*widget.Button))
	if !slices.Equal(tapped, []string{"C", "E"}) {
		t.Fatalf("taps scanned %v, want the codes shown: [C E]", tapped)
	}
}
