package label

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
)

// Manifest is the list of parcels a carrier's driver signs for when they
// take a handover: what the dock prints when it closes one.
type Manifest struct {
	Handover string // the handover's code (after HANDOVER-)
	Carrier  string
	ShipFrom core.Address
	ClosedAt time.Time
	ClosedBy string // who closed the handover
	Paper    string // PaperA4 (default) or PaperLetter
	Parcels  []ManifestParcel
}

// ManifestParcel is one parcel on a manifest.
type ManifestParcel struct {
	OrderRef string
	Package  int
	Packages int
	Service  string
	Tracking string
	SSCC     string
}

// WriteManifestPDF writes m as a PDF on A4 or Letter paper: the handover,
// the parcel count per service, every parcel with its tracking number,
// continuing over as many pages as needed, and the signature lines.
func WriteManifestPDF(w io.Writer, m Manifest) error {
	if m.Paper != "" && m.Paper != PaperA4 && m.Paper != PaperLetter {
		return core.Errorf(core.EINVALID, "bad_paper", "Paper %q is not A4 or Letter.", m.Paper)
	}
	if len(m.Parcels) == 0 {
		return core.Errorf(core.EINVALID, "empty_manifest", "Handover %s has no parcels: there is no manifest to print.", m.Handover)
	}
	return writePDF(w, manifestPages(m))
}

type manifestLayout struct {
	m     Manifest
	w, h  float64
	right float64
	y     float64
	pages []page
	cols  [5]float64 // x of: order, package, service, tracking, SSCC
}

func (l *manifestLayout) cur() *page      { return &l.pages[len(l.pages)-1] }
func (l *manifestLayout) bottom() float64 { return l.h - slipMargin - 8 }

func manifestPages(m Manifest) []page {
	paper := m.Paper
	if paper == "" {
		paper = PaperA4
	}
	size := paperSizes[paper]
	l := &manifestLayout{m: m, w: size[0], h: size[1], right: size[0] - slipMargin}
	x := slipMargin + 8
	l.cols = [5]float64{x, x + 32, x + 48, x + 78, l.right - 42}
	l.newPage()
	l.header()
	l.services()
	l.parcels()
	l.signatures()
	for i := range l.pages {
		l.pages[i].textRight(l.right, l.h-slipMargin, regular, 8,
			fmt.Sprintf("Handover %s · %s · page %d of %d", clean(m.Handover), clean(m.Carrier), i+1, len(l.pages)))
	}
	return l.pages
}

func (l *manifestLayout) newPage() {
	l.pages = append(l.pages, page{W: l.w, H: l.h})
	p := l.cur()
	p.text(slipMargin, slipMargin+6, bold, 18, "Carrier manifest")
	s, size := p.fit(bold, clean(l.m.Carrier)+" · "+clean(l.m.Handover), 12, 8, 100)
	p.textRight(l.right, slipMargin+6, bold, size, s)
	p.rule(slipMargin, slipMargin+9, l.right-slipMargin)
	l.y = slipTop
}

// header writes the sender and the handover's details side by side.
func (l *manifestLayout) header() {
	p := l.cur()
	colW := (l.right-slipMargin)/2 - 5
	y := l.y
	p.text(slipMargin, y, bold, 8, "SHIPPER")
	name, rest, city, country := addressLines(l.m.ShipFrom)
	y += 5.5
	s, size := p.fit(bold, name, 11, 7, colW)
	p.text(slipMargin, y, bold, size, s)
	for _, line := range append(rest, city, country) {
		y += lineHeight(10)
		s, size := p.fit(regular, line, 10, 7, colW)
		p.text(slipMargin, y, regular, size, s)
	}
	left := y
	x := slipMargin + colW + 10
	y = l.y
	details := [][2]string{
		{"CARRIER", l.m.Carrier},
		{"HANDOVER", "HANDOVER-" + l.m.Handover},
		{"CLOSED", l.m.ClosedAt.Format("2006-01-02 15:04")},
		{"PARCELS", strconv.Itoa(len(l.m.Parcels))},
	}
	if l.m.ClosedBy != "" {
		details = append(details, [2]string{"CLOSED BY", l.m.ClosedBy})
	}
	for i, d := range details {
		if i > 0 {
			y += 3
		}
		p.text(x, y, bold, 7, d[0])
		y += lineHeight(10)
		s, size := p.fit(regular, clean(d[1]), 10, 7, colW)
		p.text(x, y, regular, size, s)
	}
	l.y = max(left, y) + 10
}

// services writes the parcel count per carrier service.
func (l *manifestLayout) services() {
	n := map[string]int{}
	for _, pc := range l.m.Parcels {
		n[pc.Service]++
	}
	names := make([]string, 0, len(n))
	for s := range n {
		names = append(names, s)
	}
	sort.Strings(names)
	p := l.cur()
	p.text(slipMargin, l.y, bold, 12, "Parcels per service")
	l.y += 7
	for _, s := range names {
		label := s
		if label == "" {
			label = "(no service)"
		}
		t, size := p.fit(regular, clean(label), 10, 7, 80)
		p.text(slipMargin, l.y, regular, size, t)
		p.textRight(slipMargin+110, l.y, regular, 10, strconv.Itoa(n[s]))
		l.y += lineHeight(10) + 1
	}
	p.add(&boxElem{X: slipMargin, Y: l.y - 3, W: 110, H: 0.4})
	p.text(slipMargin, l.y+1, bold, 10, "Total")
	p.textRight(slipMargin+110, l.y+1, bold, 10, strconv.Itoa(len(l.m.Parcels)))
	l.y += 14
}

func (l *manifestLayout) tableHeader() {
	p := l.cur()
	p.text(slipMargin, l.y, bold, 9, "#")
	for i, h := range []string{"Order", "Parcel", "Service", "Tracking number", "SSCC"} {
		p.text(l.cols[i], l.y, bold, 9, h)
	}
	p.add(&boxElem{X: slipMargin, Y: l.y + 1.5, W: l.right - slipMargin, H: 0.4})
	l.y += 7
}

// parcels lists every parcel, continuing on new pages as needed.
func (l *manifestLayout) parcels() {
	l.tableHeader()
	for i, pc := range l.m.Parcels {
		if l.y+lineHeight(10) > l.bottom() {
			l.newPage()
			l.tableHeader()
		}
		p := l.cur()
		p.text(slipMargin, l.y, regular, 9, strconv.Itoa(i+1))
		cells := []string{clean(pc.OrderRef), fmt.Sprintf("%d of %d", pc.Package, pc.Packages), clean(pc.Service), clean(pc.Tracking), pc.SSCC}
		for c, v := range cells {
			right := l.right
			if c+1 < len(l.cols) {
				right = l.cols[c+1] - 2
			}
			s, size := p.fit(regular, v, 10, 6, right-l.cols[c])
			p.text(l.cols[c], l.y, regular, size, s)
		}
		l.y += lineHeight(10) + 1
	}
	l.y += 6
}

// signatures closes the manifest with the lines the dock and the driver
// sign, on a new page if the current one has no room.
func (l *manifestLayout) signatures() {
	if l.y+48 > l.bottom() {
		l.newPage()
	}
	p := l.cur()
	p.text(slipMargin, l.y, regular, 10, fmt.Sprintf("%s received %d parcels as listed above.", clean(l.m.Carrier), len(l.m.Parcels)))
	l.y += 20
	half := (l.right - slipMargin - 10) / 2
	for i, who := range []string{"Handed over by (signature, name)", "Received by, driver of " + clean(l.m.Carrier) + " (signature, name)"} {
		x := slipMargin + float64(i)*(half+10)
		p.add(&boxElem{X: x, Y: l.y, W: half, H: 0.3})
		s, size := p.fit(regular, who, 8, 6, half)
		p.text(x, l.y+4, regular, size, s)
	}
	l.y += 16
	p.add(&boxElem{X: slipMargin, Y: l.y, W: half, H: 0.3})
	p.text(slipMargin, l.y+4, regular, 8, "Date and time of collection")
	l.y += 10
}

// ManifestOf is the manifest of a closed handover, printed on the paper of
// the station's ship settings with the station as the shipper.
func ManifestOf(h *dispatch.Handover, s core.ShipSettings, closedBy string) Manifest {
	m := Manifest{Handover: h.Code, Carrier: h.Carrier, ShipFrom: s.ShipFrom, ClosedAt: h.ClosedAt, ClosedBy: closedBy, Paper: s.Paper}
	for _, p := range h.Parcels {
		m.Parcels = append(m.Parcels, ManifestParcel{OrderRef: p.OrderRef, Package: p.Package, Packages: p.Packages,
			Service: p.Service, Tracking: p.Tracking, SSCC: p.SSCC})
	}
	return m
}
