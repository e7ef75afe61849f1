package ui

import (
	"errors"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// errorValues are an error's values as the name, value pairs tr takes:
// V1, V2… in core's order, each in the screen's words: a value that is
// itself a domain error (a rule's own problem) shows its domain text, any
// other error the text it has (a file or network error, as core's English
// message names it too); an order's or return's status and a fulfilment
// say it in words; a wait and a time of day are written the language's
// way. Numbers and codes stay as they are (i18n writes numbers).
func errorValues(args []any) []any {
	pairs := make([]any, 0, 2*len(args))
	for i, v := range args {
		pairs = append(pairs, fmt.Sprintf("V%d", i+1), errorValue(v))
	}
	return pairs
}

func errorValue(v any) any {
	switch x := v.(type) {
	case error:
		var domain *core.Error
		if errors.As(x, &domain) {
			return errorText(x)
		}
		return x.Error()
	case core.OrderStatus:
		return statusWords(x)
	case core.ReturnStatus:
		return returnStatusWords(x)
	case core.Fulfillment:
		if k := "fulfillment_words." + string(x); i18n.Has(k) {
			return tr(k)
		}
		return string(x)
	case time.Duration:
		return waitWords(x)
	case time.Time:
		return i18n.Date(x) + " " + i18n.Clock(x)
	}
	return v
}

// waitWords says how long someone must wait before trying again: seconds
// under a minute, else minutes, rounded up.
func waitWords(d time.Duration) string {
	if d < time.Minute {
		return tr("time.seconds", "N", int(d.Round(time.Second)/time.Second))
	}
	return tr("time.minutes", "N", int((d+time.Minute-1)/time.Minute))
}
