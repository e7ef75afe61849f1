package ui

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// exceptionText is what an exception asks of a person, in the language on
// screen: its kind ("exception.kind.<kind>") and its text from the key and
// values the store recorded ("exception.<key>"). An exception recorded
// before the store kept keys, or with a key no translation has, shows the
// store's English message.
func exceptionText(e sqlite.Exception) string {
	kind := e.Kind
	if i18n.Has("exception.kind." + e.Kind) {
		kind = tr("exception.kind." + e.Kind)
	}
	text := e.Message
	if e.Text.Key != "" && i18n.Has("exception."+e.Text.Key) {
		text = tr("exception."+e.Text.Key, exceptionValues(e.Text.Args)...)
	}
	return fmt.Sprintf("[%s] %s", kind, text)
}

// exceptionValues are an exception's values as tr's name, value pairs:
// items to put back become a list in the reader's words, and a refusal's
// reason the domain text for it when the screens know it (else the hub's
// English message stays).
func exceptionValues(args map[string]any) []any {
	var pairs []any
	for name, v := range args {
		switch name {
		case sqlite.ExceptionArgItems:
			v = putBackList(v)
		case sqlite.ExceptionArgHub:
			if r, _ := args[sqlite.ExceptionArgReason].(string); r != "" && i18n.Current() != "en" && i18n.Has("error."+r) {
				v = tr("error." + r)
			}
		}
		if f, ok := v.(float64); ok && f == float64(int(f)) { // JSON numbers
			v = int(f)
		}
		pairs = append(pairs, name, v)
	}
	return pairs
}

// putBackList words a list of items to put back ("2 × Mug to bin A-01-1").
func putBackList(v any) string {
	var items []struct {
		Qty       int
		Name, Bin string
	}
	if body, err := json.Marshal(v); err == nil {
		json.Unmarshal(body, &items)
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, tr("exception.item", "Qty", it.Qty, "Name", it.Name, "Bin", it.Bin))
	}
	return strings.Join(parts, ", ")
}
