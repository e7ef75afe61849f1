package i18n

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// formatValue writes a template value the language's way: numbers with
// its digit grouping and decimal mark; anything else as fmt does.
func formatValue(tag string, v any) string {
	switch n := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return printer(tag).Sprintf("%d", n)
	case float32, float64:
		return printer(tag).Sprintf("%v", n)
	case string:
		return n
	}
	return fmt.Sprint(v)
}

func printer(tag string) *message.Printer {
	t, err := language.Parse(tag)
	if err != nil {
		t = language.English
	}
	return message.NewPrinter(t)
}

// Number writes a count in the current language: 12,345 in English,
// 12.345 in Spanish and Indonesian.
func Number(n int) string { return printer(Current()).Sprintf("%d", n) }

// Kilograms writes a weight given in grams as kilograms with two decimals
// and the unit, in the current language: "1.25 kg", "1,25 kg".
func Kilograms(grams int) string {
	return printer(Current()).Sprintf("%.2f kg", float64(grams)/1000)
}

// Grams writes a weight in grams the current language's way: "1,250 g".
func Grams(grams int) string { return printer(Current()).Sprintf("%d g", grams) }

// dateTimeFormats are how each language writes a date, a time of day, and
// both, as Go layouts. Month names are avoided (they would need
// translating); the order and separators are the locale's usual ones.
var dateTimeFormats = map[string]struct{ date, clock, short string }{
	"en":      {"2 Jan 2006", "15:04", "2 Jan 15:04"},
	"th":      {"2/1/2006", "15:04", "2/1 15:04"},
	"vi":      {"02/01/2006", "15:04", "02/01 15:04"},
	"id":      {"02/01/2006", "15.04", "02/01 15.04"},
	"zh-Hans": {"2006-01-02", "15:04", "01-02 15:04"},
	"es":      {"02/01/2006", "15:04", "02/01 15:04"},
}

// Date writes a calendar date the current language's way.
func Date(t time.Time) string {
	f := formats()
	if Current() == "th" {
		// Thailand counts years in the Buddhist era (543 years ahead).
		return fmt.Sprintf("%d/%d/%d", t.Day(), int(t.Month()), t.Year()+543)
	}
	return t.Format(f.date)
}

// Clock writes a time of day, to the minute.
func Clock(t time.Time) string { return t.Format(formats().clock) }

// ClockSeconds writes a time of day to the second.
func ClockSeconds(t time.Time) string {
	if Current() == "id" {
		return t.Format("15.04.05")
	}
	return t.Format("15:04:05")
}

// DayTime writes a day and a time of day, for recent events.
func DayTime(t time.Time) string { return t.Format(formats().short) }

func formats() struct{ date, clock, short string } {
	if f, ok := dateTimeFormats[Current()]; ok {
		return f
	}
	return dateTimeFormats["en"]
}

// Weight writes a weight given in grams for people, in the current
// language: grams under a kilogram ("850 g"), kilograms with two decimals
// above ("1.25 kg", "1,25 kg").
func Weight(grams int) string {
	if grams < 1000 {
		return Grams(grams)
	}
	return Kilograms(grams)
}

// LocalDecimals rewrites a number written with a decimal point ("1.25 kg",
// as core formats weights) with the current language's decimal mark
// ("1,25 kg" in Spanish, Indonesian, Vietnamese).
func LocalDecimals(s string) string {
	if mark := printer(Current()).Sprintf("%.1f", 1.5); mark == "1,5" {
		return strings.ReplaceAll(s, ".", ",")
	}
	return s
}
