// Package ui is the station's Fyne window: it shows what core says and
// forwards what the person types, taps and scans. No workflow rule lives
// here; every decision is core's, so the screens stay thin and the rules are
// tested without a window.
package ui
