package enrol

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestCodeRoundTrip(t *testing.T) {
	c := Code{HubURL: "https://hub.example.com:8443", Location: "STORE-001 & co", OneTime: NewOneTime(),
		CAFingerprint: strings.Repeat("ab", 32)}
	got, err := Parse(c.String())
	if err != nil {
		t.Fatal(err)
	}
	if got != c {
		t.Fatalf("round trip: %+v, want %+v", got, c)
	}
	// A keyboard-wedge scanner may upper-case the scheme.
	if _, err := Parse(strings.Replace(c.String(), "stationhand-enrol:", "STATIONHAND-ENROL:", 1)); err != nil {
		t.Fatalf("upper-case scheme: %v", err)
	}
}

func TestParseRefusals(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"ORD-1001", "not_enrolment_code"},
		{"stationhand-enrol:?hub=https%3A%2F%2Fh", "bad_enrolment_code"},
		{"stationhand-enrol:?hub=https%3A%2F%2Fh&code=ABCD&ca=zz", "bad_enrolment_code"},
	} {
		_, err := Parse(tc.in)
		var e *core.Error
		if err == nil || !asError(err, &e) || e.Reason != tc.reason {
			t.Errorf("Parse(%q) = %v, want reason %s", tc.in, err, tc.reason)
		}
	}
}

func asError(err error, e **core.Error) bool {
	ce, ok := err.(*core.Error)
	*e = ce
	return ok
}

func TestOneTimeCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewOneTime()
		if len(c) != 14 || strings.Trim(strings.ReplaceAll(c, "-", ""), oneTimeAlphabet) != "" {
			t.Fatalf("bad code %q", c)
		}
		if seen[c] {
			t.Fatalf("repeated code %q", c)
		}
		seen[c] = true
	}
	if got := NormaliseOneTime(" k7qm 4xht-2wpd"); got != "K7QM-4XHT-2WPD" {
		t.Fatalf("normalised %q", got)
	}
}

func TestCheckHubURL(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"https://hub.example.com", false, true},
		{"http://127.0.0.1:8765", false, true},
		{"http://localhost:8080", false, true},
		{"http://[::1]:8080", false, true},
		{"http://hub.example.com", false, false},
		{"http://10.0.0.5:8080", false, false},
		{"http://10.0.0.5:8080", true, true},
		{"ftp://hub", true, false},
	} {
		err := CheckHubURL(tc.url, tc.insecure)
		if (err == nil) != tc.ok {
			t.Errorf("CheckHubURL(%s, %v) = %v", tc.url, tc.insecure, err)
		}
	}
}
