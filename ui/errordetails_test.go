package ui

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// numberedValue is a value's field in a detail text: {{.V1}}, {{.V2}}…
var numberedValue = regexp.MustCompile(`\{\{\s*\.V(\d+)\s*\}\}`)

// Every error core and sync make with values (core.Errorf with values,
// core.Explained, the wrappers around them) has, in every language, a
// detail text (detailKey: error.<reason>.detail, or .detail.<n> where the
// reason's errors name different numbers of values) naming each of its n
// values exactly: {{.V1}} to {{.Vn}}, no more, none left out. So a screen
// in Thai says which order, bin or item, as the English message does.
func TestEveryErrorsValuesAreTranslated(t *testing.T) {
	reasons := errorReasons(t)
	checked := 0
	var problems []string
	for r, sites := range reasons {
		byCount := map[int][]errorSite{}
		for _, s := range sites {
			switch {
			case s.values < 0:
				t.Errorf("%s: cannot count the values of this %s error: name them in the call (core.Errorf, core.Explained)", s.where, r)
			case s.values > 0:
				byCount[s.values] = append(byCount[s.values], s)
			}
		}
		for n, made := range byCount {
			checked++
			key := detailKey(r, n)
			want := make([]string, n)
			for i := range want {
				want[i] = strconv.Itoa(i + 1)
			}
			for _, tag := range i18n.Languages {
				text, ok := i18n.TextIn(tag, key)
				if !ok {
					problems = append(problems, fmt.Sprintf("%s: no %s for %d values (%s %q)", tag, key, n, made[0].where, made[0].format))
					continue
				}
				var named []string
				for _, m := range numberedValue.FindAllStringSubmatch(text, -1) {
					if !slices.Contains(named, m[1]) {
						named = append(named, m[1])
					}
				}
				slices.SortFunc(named, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
				if !slices.Equal(named, want) {
					problems = append(problems, fmt.Sprintf("%s: %s names values %v, but %s makes it with %d (%q)", tag, key, named, made[0].where, n, made[0].format))
				}
			}
		}
	}
	slices.Sort(problems)
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 150 {
		t.Errorf("found only %d errors made with values: the scan is broken", checked)
	}
	// A detail key no error needs is a leftover (or a typo).
	needed := map[string]bool{}
	for r, sites := range reasons {
		for _, s := range sites {
			if s.values > 0 {
				needed[detailKey(r, s.values)] = true
			}
		}
	}
	for key := range i18n.English() {
		if strings.HasPrefix(key, "error.") && strings.Contains(key, ".detail") && !needed[key] {
			t.Errorf("%s: no error core makes has values for it", key)
		}
	}
}

// An error whose reason has details for different numbers of values shows
// the one for its own number: one value, two values, and none (general
// words).
func TestErrorTextPicksTheDetailForItsValues(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	i18n.SetLanguage("th")
	one := core.Errorf(core.ECONFLICT, core.ErrOrderClaimed.Reason, "Order %s is already being picked.", "ORD-7")
	two := core.Errorf(core.ECONFLICT, core.ErrOrderClaimed.Reason, "Order %s is being picked by %s.", "ORD-7", "Ann")
	if got := errorText(one); !strings.Contains(got, "ORD-7") || strings.Contains(got, "Ann") || strings.Contains(got, "Order") {
		t.Errorf("one value: %q", got)
	}
	if got := errorText(two); !strings.Contains(got, "ORD-7") || !strings.Contains(got, "Ann") || strings.Contains(got, "picked by") {
		t.Errorf("two values: %q", got)
	}
	if got := errorText(core.ErrOrderClaimed); got != i18n.T("error.order_claimed") {
		t.Errorf("no values: %q", got)
	}
	// More values than any detail of the reason names (a reason handed
	// on from a variable, gs1's lint): they would mean other things in the
	// detail's places, so the general words.
	more := core.Errorf(core.ECONFLICT, core.ErrWrongBin.Reason, "%s %s %s", "Bad date", "A-01-1", "B-02-3")
	if got := errorText(more); got != i18n.T("error.wrong_bin") {
		t.Errorf("three values for a detail of two: %q", got)
	}
	// A status among the values reads in Thai too, and a plain error as
	// it is.
	status := core.Errorf(core.ECONFLICT, core.ErrOrderNotOpen.Reason, "Order %s is %s, not open for picking.", "ORD-7", core.OrderPacked)
	if got := errorText(status); !strings.Contains(got, "ORD-7") || strings.Contains(got, "packed") || !strings.Contains(got, i18n.T("status_words.packed")) {
		t.Errorf("a status: %q", got)
	}
}

// A screen's own refusal is already in the language on screen: it shows
// as the screen worded it, not as its reason's detail with the whole text
// for a value, and its reason still reaches the headline.
func TestAScreensRefusalShowsAsWorded(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	i18n.SetLanguage("th")
	err := refusal(core.ECONFLICT, "unexpected_scan", tr("pack.order_first"))
	if got := errorText(fmt.Errorf("pack: %w", err)); got != tr("pack.order_first") {
		t.Errorf("Thai: %q, want the screen's %q", got, tr("pack.order_first"))
	}
	if core.ErrorReason(err) != "unexpected_scan" || core.ErrorCode(err) != core.ECONFLICT {
		t.Errorf("reason %q, code %q", core.ErrorReason(err), core.ErrorCode(err))
	}
	i18n.SetLanguage("en")
	if got := errorText(refusal(core.ECONFLICT, "unexpected_scan", tr("pack.order_first"))); got != i18n.T("pack.order_first") {
		t.Errorf("English: %q", got)
	}
}
