package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

var funcs = template.FuncMap{
	"ago": func(t time.Time, now time.Time) string { return ago(now.Sub(t)) },
	"agoPtr": func(t *time.Time, now time.Time) string {
		if t == nil {
			return "never"
		}
		return ago(now.Sub(*t))
	},
	"pct": func(f float64) string {
		if f < 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f %%", f*100)
	},
	"num": func(f float64) string {
		if f < 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f", f)
	},
	"dur": func(d time.Duration) string {
		if d < 0 {
			return "–"
		}
		return ago(d)
	},
	"day": func(t time.Time) string { return t.Format("Mon 2 Jan") },
	"utc": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	// seg escapes an id for one segment of a URL path ("/" included).
	"seg": url.PathEscape,
}

// ago says a duration the way a person reads it on a phone.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + " s"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + " min"
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
	default:
		return strconv.Itoa(int(d.Hours()/24)) + " days"
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// pageNames are the templates/*.html pages; each is parsed with the layout.
var pageNames = []string{"signin", "error", "stations", "orders", "exceptions", "labels", "returns", "kpi", "enrol"}

func parsePages() map[string]*template.Template {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		pages[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+name+".html"))
	}
	return pages
}

// render writes page with data, adding what the layout needs (the user,
// their CSRF token, the clock). It renders into a buffer first so that a
// template error becomes a 500, not half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, data map[string]any) {
	s := sessionOf(r)
	if data == nil {
		data = map[string]any{}
	}
	data["Page"] = page
	data["Now"] = c.Now()
	if s.User.ID != 0 {
		data["User"] = s.User
		data["CSRF"] = s.CSRF
	}
	var buf bytes.Buffer
	if err := c.pages[page].Execute(&buf, data); err != nil {
		c.log.Error("console: render", "page", page, "err", err)
		http.Error(w, "The page could not be drawn.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
