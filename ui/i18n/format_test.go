package i18n

import (
	"testing"
	"time"
)

// use switches the current language for one test and restores English.
func use(t *testing.T, tag string) {
	t.Helper()
	SetLanguage(tag)
	t.Cleanup(func() { SetLanguage("en") })
}

func TestSupported(t *testing.T) {
	for in, want := range map[string]string{
		"th": "th", "th-TH": "th", "TH": "th", "zh-Hans": "zh-Hans", "zh-CN": "zh-Hans", "zh": "zh-Hans",
		"es-MX": "es", "vi": "vi", "id-ID": "id", "en-US": "en", "zh-TW": "", "pt": "", "": "", "C": "", "not a tag": "",
	} {
		if got := Supported(in); got != want {
			t.Errorf("Supported(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SetLanguage("pt-BR"); got != "en" || Current() != "en" {
		t.Errorf("SetLanguage(pt-BR) = %q, current %q: want English for a language the station does not speak", got, Current())
	}
}

// Switching the language switches T's answers, with fields filled in.
func TestSwitchLanguage(t *testing.T) {
	use(t, "en")
	if got := T("pick.go_to_bin", "Bin", "A-01-1"); got != "Go to bin A-01-1" {
		t.Errorf("en: %q", got)
	}
	SetLanguage("th")
	if got := T("pick.go_to_bin", "Bin", "A-01-1"); got != "ไปที่ช่องเก็บ A-01-1" {
		t.Errorf("th: %q", got)
	}
	SetLanguage("es")
	if got := T("common.back"); got != "Volver" {
		t.Errorf("es: %q", got)
	}
	if got := T("no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key gives %q, want the key back", got)
	}
}

func TestNumbersAndWeights(t *testing.T) {
	cases := []struct {
		tag, number, kg, g string
	}{
		{"en", "12,345", "1.25 kg", "1,250 g"},
		{"es", "12.345", "1,25 kg", "1.250 g"},
		{"id", "12.345", "1,25 kg", "1.250 g"},
		{"vi", "12.345", "1,25 kg", "1.250 g"},
		{"th", "12,345", "1.25 kg", "1,250 g"},
		{"zh-Hans", "12,345", "1.25 kg", "1,250 g"},
	}
	for _, c := range cases {
		use(t, c.tag)
		if got := Number(12345); got != c.number {
			t.Errorf("%s: Number = %q, want %q", c.tag, got, c.number)
		}
		if got := Kilograms(1250); got != c.kg {
			t.Errorf("%s: Kilograms = %q, want %q", c.tag, got, c.kg)
		}
		if got := Grams(1250); got != c.g {
			t.Errorf("%s: Grams = %q, want %q", c.tag, got, c.g)
		}
		if got := Weight(1250); got != c.kg {
			t.Errorf("%s: Weight(1250) = %q, want %q", c.tag, got, c.kg)
		}
		if got := Weight(850); got != "850 g" {
			t.Errorf("%s: Weight(850) = %q", c.tag, got)
		}
	}
	use(t, "es")
	if got := T("pickup.waiting", "Minutes", 1500); got != "Esperando 1.500 min" {
		t.Errorf("es: a number in a template = %q", got)
	}
}

func TestDatesAndTimes(t *testing.T) {
	at := time.Date(2026, 3, 7, 14, 5, 9, 0, time.UTC)
	cases := []struct{ tag, date, clock, secs, dayTime string }{
		{"en", "7 Mar 2026", "14:05", "14:05:09", "7 Mar 14:05"},
		{"th", "7/3/2569", "14:05", "14:05:09", "7/3 14:05"},
		{"vi", "07/03/2026", "14:05", "14:05:09", "07/03 14:05"},
		{"id", "07/03/2026", "14.05", "14.05.09", "07/03 14.05"},
		{"zh-Hans", "2026-03-07", "14:05", "14:05:09", "03-07 14:05"},
		{"es", "07/03/2026", "14:05", "14:05:09", "07/03 14:05"},
	}
	for _, c := range cases {
		use(t, c.tag)
		if got := Date(at); got != c.date {
			t.Errorf("%s: Date = %q, want %q", c.tag, got, c.date)
		}
		if got := Clock(at); got != c.clock {
			t.Errorf("%s: Clock = %q, want %q", c.tag, got, c.clock)
		}
		if got := ClockSeconds(at); got != c.secs {
			t.Errorf("%s: ClockSeconds = %q, want %q", c.tag, got, c.secs)
		}
		if got := DayTime(at); got != c.dayTime {
			t.Errorf("%s: DayTime = %q, want %q", c.tag, got, c.dayTime)
		}
	}
	for _, tag := range Languages {
		if _, ok := dateTimeFormats[tag]; !ok {
			t.Errorf("%s has no date formats", tag)
		}
	}
}

func TestLocalDecimals(t *testing.T) {
	for tag, want := range map[string]string{"en": "1.25 kg", "th": "1.25 kg", "zh-Hans": "1.25 kg", "es": "1,25 kg", "id": "1,25 kg", "vi": "1,25 kg"} {
		use(t, tag)
		if got := LocalDecimals("1.25 kg"); got != want {
			t.Errorf("%s: %q, want %q", tag, got, want)
		}
	}
}
