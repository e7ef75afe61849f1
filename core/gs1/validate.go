package gs1

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// Validate checks a whole message: every element against its AI's format
// (length, character set, check digits, dates and the other linters), then
// the message rules: no AI twice with different values, no excluded pairs
// (ex=), and every requisite (req=) present. Elements with an AI unknown to
// the dictionary are rejected.
func (es Elements) Validate() error {
	_, err := validate(es)
	return err
}

// validate checks es and returns it with exact duplicates removed and
// titles filled in.
func validate(es Elements) (Elements, error) {
	if len(es) == 0 {
		return nil, invalid(ReasonMalformed, "The barcode holds no GS1 data.")
	}
	out := make(Elements, 0, len(es))
	for _, e := range es {
		a, ok := Lookup(e.AI)
		if !ok {
			return nil, invalid(ReasonUnknownAI, "Unknown GS1 Application Identifier (%s).", e.AI)
		}
		if err := checkValue(a, e.Value); err != nil {
			return nil, err
		}
		if prev, seen := out.Get(e.AI); seen {
			if prev != e.Value {
				return nil, invalid(ReasonDuplicateAI, "The barcode holds %s twice with different values: %s and %s.", label(e.AI), prev, e.Value)
			}
			continue
		}
		out = append(out, Element{AI: e.AI, Value: e.Value, Title: a.Title})
	}
	if err := checkPairs(out); err != nil {
		return nil, err
	}
	return out, nil
}

// checkValue validates one AI's data component by component.
func checkValue(a *AI, v string) error {
	if len(v) < a.minLen || len(v) > a.maxLen {
		return lengthError(a, v)
	}
	pos := 0
	for _, c := range a.Components {
		if pos == len(v) && c.Optional {
			break
		}
		n := min(c.Max, len(v)-pos)
		if n < c.Min {
			return lengthError(a, v)
		}
		part := v[pos : pos+n]
		if i := firstOutside(c.Charset, part); i >= 0 {
			return invalid(ReasonBadCharset, "%s contains %s, which is not allowed there (%s).", label(a.Code), quoteByte(part, i), charsetName(c.Charset))
		}
		for _, name := range c.Linters {
			lint, ok := linters[name]
			if !ok {
				continue
			}
			if reason, detail := lint(part); reason != "" {
				// The title and the detail are English words, not values a
				// translation could name: a screen in another language
				// says the reason in its own general words.
				return core.Explained(core.EINVALID, reason, fmt.Sprintf("%s in %s: %s.", reasonTitle(reason), label(a.Code), detail))
			}
		}
		pos += n
	}
	if pos != len(v) {
		return lengthError(a, v)
	}
	return nil
}

func quoteByte(s string, i int) string {
	if s[i] == '=' {
		return `"=" padding in the wrong place`
	}
	if s[i] < 0x20 || s[i] >= 0x7f {
		return fmt.Sprintf("the character 0x%02X", s[i])
	}
	return fmt.Sprintf("%q", s[i:i+1])
}

func reasonTitle(reason string) string {
	switch reason {
	case ReasonBadCheckDigit:
		return "Bad check digit"
	case ReasonBadDate:
		return "Bad date"
	case ReasonBadTime:
		return "Bad time"
	case ReasonBadLength:
		return "Bad length"
	default:
		return "Bad value"
	}
}

func lengthError(a *AI, v string) error {
	unit := "characters"
	if len(a.Components) == 1 && a.Components[0].Charset == Numeric {
		unit = "digits"
	}
	want := fmt.Sprintf("%d %s", a.minLen, unit)
	if a.minLen != a.maxLen {
		want = fmt.Sprintf("%d to %d %s", a.minLen, a.maxLen, unit)
	}
	return invalid(ReasonBadLength, "%s must be %s long; this one has %d.", label(a.Code), want, len(v))
}

// matchAI reports whether ai matches a dictionary pattern such as "01" or
// "31nn" ("n" stands for any digit).
func matchAI(pattern, ai string) bool {
	if len(pattern) != len(ai) {
		return false
	}
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != 'n' && pattern[i] != ai[i] {
			return false
		}
	}
	return true
}

func present(es Elements, pattern string) bool {
	for _, e := range es {
		if matchAI(pattern, e.AI) {
			return true
		}
	}
	return false
}

// checkPairs applies the ex= and req= attributes across the message.
func checkPairs(es Elements) error {
	for _, e := range es {
		a, _ := Lookup(e.AI)
		for _, pat := range a.Excludes {
			for _, f := range es {
				if f.AI != e.AI && matchAI(pat, f.AI) {
					return invalid(ReasonExcludedPair, "%s and %s may not be in the same barcode.", label(e.AI), label(f.AI))
				}
			}
		}
	}
	for _, e := range es {
		a, _ := Lookup(e.AI)
		for _, alts := range a.Requires {
			if !anyGroupPresent(es, alts, present) {
				return invalid(ReasonMissingRequisite, "%s needs %s in the same barcode.", label(e.AI), describeAlternatives(alts))
			}
		}
	}
	return checkDigitalSignature(es)
}

// serialKeys are the keys whose serial component is optional: GDTI (253),
// GCN (255) and GRAI (8003).
var serialKeys = map[string]bool{"253": true, "255": true, "8003": true}

// checkDigitalSignature applies the GS1 General Specifications' rule for
// DIGSIG (8030): it signs a serialised key, so GDTI (253), GCN (255) and
// GRAI (8003) count as its key only with their serial component. The
// dictionary's req= lists those AIs but cannot say "with serial".
func checkDigitalSignature(es Elements) error {
	a, ok := Lookup("8030")
	if !ok || !es.Has("8030") {
		return nil
	}
	serialised := func(es Elements, pattern string) bool {
		for _, e := range es {
			if matchAI(pattern, e.AI) {
				k, _ := Lookup(e.AI)
				if !serialKeys[e.AI] || len(e.Value) > k.MinLength() {
					return true
				}
			}
		}
		return false
	}
	for _, alts := range a.Requires {
		if !anyGroupPresent(es, alts, serialised) {
			return invalid(ReasonMissingRequisite, "%s needs a serialised key in the same barcode: %s, where GDTI (253), GCN (255) and GRAI (8003) count only with their serial number.",
				label("8030"), describeAlternatives(alts))
		}
	}
	return nil
}

func anyGroupPresent(es Elements, alts [][]string, present func(Elements, string) bool) bool {
	for _, group := range alts {
		all := true
		for _, pat := range group {
			if !present(es, pat) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// describeAlternatives renders [[01 21] [03]] as "GTIN (01) with SERIAL
// (21), or MTO GTIN (03)".
func describeAlternatives(alts [][]string) string {
	parts := make([]string, len(alts))
	for i, group := range alts {
		names := make([]string, len(group))
		for k, pat := range group {
			if strings.Contains(pat, "n") {
				names[k] = "an AI " + pat
			} else {
				names[k] = label(pat)
			}
		}
		parts[i] = strings.Join(names, " with ")
	}
	switch len(parts) {
	case 1:
		return parts[0]
	default:
		return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
	}
}
