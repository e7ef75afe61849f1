package console

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/stationhand/stationhand/sync/hub/store"
)

// chart is one KPI drawn as a bar per day.
type chart struct {
	Title, Note string
	SVG         template.HTML
}

func kpiCharts(days []store.KPIDay) []chart {
	series := func(f func(store.KPIDay) float64) []float64 {
		out := make([]float64, len(days))
		for i, d := range days {
			out[i] = f(d)
		}
		return out
	}
	labels := make([]string, len(days))
	for i, d := range days {
		labels[i] = d.Day.Format("2 Jan")
	}
	pct := func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }
	return []chart{
		{"Order accuracy", "Completed orders picked in full (no short pick).", bars(labels, series(store.KPIDay.Accuracy), 1, pct)},
		{"Fulfilment cycle time", "Mean hours from order created to shipped or collected.",
			bars(labels, series(func(d store.KPIDay) float64 {
				if d.CycleOrders == 0 {
					return -1
				}
				return d.CycleTime().Hours()
			}), 0, func(v float64) string { return fmt.Sprintf("%.1fh", v) })},
		{"On-time dispatch", "Orders completed by their promised time.", bars(labels, series(store.KPIDay.OnTimeRate), 1, pct)},
		{"Pick rate", "Units picked per picker-hour.", bars(labels, series(store.KPIDay.PickRate), 0, func(v float64) string { return fmt.Sprintf("%.0f", v) })},
		{"Return rate", "Units received back per order completed.", bars(labels, series(store.KPIDay.ReturnRate), 0, pct)},
		{"Orders completed", "Shipped or collected.", bars(labels, series(func(d store.KPIDay) float64 { return float64(d.Completed) }), 0,
			func(v float64) string { return fmt.Sprintf("%.0f", v) })},
	}
}

// bars draws values (negative: no data that day) as an SVG bar chart that
// scales to its container. top is the axis' maximum, 0 to fit the data.
func bars(labels []string, values []float64, top float64, format func(float64) string) template.HTML {
	const w, h, left, bottom, pad = 640.0, 220.0, 48.0, 28.0, 8.0
	if top <= 0 {
		for _, v := range values {
			top = math.Max(top, v)
		}
		if top <= 0 {
			top = 1
		}
		top = niceCeil(top)
		if top < 4 && format(1) == format(1.4) { // whole numbers: four whole ticks
			top = 4
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" xmlns="http://www.w3.org/2000/svg">`, w, h)
	plotH := h - bottom - pad
	for i := 0; i <= 4; i++ {
		y := pad + plotH*float64(i)/4
		fmt.Fprintf(&b, `<line class="grid" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"/>`, left, y, w, y)
		fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.1f" text-anchor="end">%s</text>`, left-4, y+4, html.EscapeString(format(top*float64(4-i)/4)))
	}
	n := max(len(values), 1)
	slot := (w - left) / float64(n)
	every := max(1, n/10) // at most about ten day labels
	for i, v := range values {
		x := left + slot*float64(i)
		if v >= 0 {
			bh := plotH * math.Min(v/top, 1)
			fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
				x+slot*0.15, pad+plotH-bh, slot*0.7, bh, html.EscapeString(labels[i]), html.EscapeString(format(v)))
		} else {
			fmt.Fprintf(&b, `<text class="none" x="%.1f" y="%.1f" text-anchor="middle">·</text>`, x+slot/2, pad+plotH-4)
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="middle">%s</text>`, x+slot/2, h-8, html.EscapeString(labels[i]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}
