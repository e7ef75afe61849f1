package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestFitWindowStaysOnTheScreen(t *testing.T) {
	tests := []struct{ screen, want fyne.Size }{
		{fyne.Size{}, fyne.NewSize(1280, 800)},
		{fyne.NewSize(1920, 1080), fyne.NewSize(1280, 800)},
		{fyne.NewSize(1366, 768), fyne.NewSize(1280, 704)},
		{fyne.NewSize(1024, 768), fyne.NewSize(1008, 704)},
		{fyne.NewSize(800, 600), fyne.NewSize(800, 600)},
	}
	for _, tt := range tests {
		if got := FitWindow(tt.screen); got != tt.want {
			t.Errorf("screen %v: window %v, want %v", tt.screen, got, tt.want)
		}
	}
}
