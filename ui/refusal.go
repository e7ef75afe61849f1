package ui

import "github.com/stationhand/stationhand/core"

// screenRefusal is a refusal a screen words itself, already in the
// language on screen (tr): errorText shows its text as it is, where a
// domain error's values would otherwise go into the reason's detail text.
// It unwraps to a core.Error, so the headline, the code and the log see
// its reason.
type screenRefusal struct{ err *core.Error }

func (e *screenRefusal) Error() string { return e.err.Error() }
func (e *screenRefusal) Unwrap() error { return e.err }

// refusal is a screen's own refusal with a code and reason, and its text
// in the language on screen.
func refusal(code, reason, text string) error {
	return &screenRefusal{core.Explained(code, reason, text)}
}
