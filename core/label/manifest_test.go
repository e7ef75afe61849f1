package label

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
)

// TestManifestPDF: a handover of 60 parcels over two services prints on
// Letter paper over more than one page; pdftotext finds the counts per
// service, every tracking number, a shipper in Thai script and the
// signature lines.
func TestManifestPDF(t *testing.T) {
	m := Manifest{
		Handover: "UPS-1", Carrier: "UPS", Paper: PaperLetter, ClosedBy: "Dev Dock",
		ClosedAt: time.Date(2026, 11, 30, 16, 45, 0, 0, time.UTC),
		ShipFrom: core.Address{Name: "คลังสินค้า Bangkok", Line1: "1 Dock Road", City: "Bangkok", PostalCode: "10110", Country: "TH"},
	}
	for i := 1; i <= 60; i++ {
		svc := "Ground"
		if i%3 == 0 {
			svc = "Express Saver"
		}
		m.Parcels = append(m.Parcels, ManifestParcel{OrderRef: fmt.Sprintf("W%03d", i), Package: 1, Packages: 1, Service: svc,
			Tracking: fmt.Sprintf("1Z999AA1%010d", i), SSCC: fmt.Sprintf("1061414100000%05d", i)})
	}
	var buf bytes.Buffer
	if err := WriteManifestPDF(&buf, m); err != nil {
		t.Fatal(err)
	}
	info := pdfInfo(t, buf.Bytes())
	if !strings.Contains(info["Page size"], "612 x 792") {
		t.Errorf("page size %q, want Letter", info["Page size"])
	}
	if info["Pages"] == "1" {
		t.Errorf("60 parcels on one page")
	}
	text := pdfText(t, buf.Bytes())
	assertContains(t, text, "Carrier manifest", "HANDOVER-UPS-1", "Parcels per service", "คลังสินค้า", "Handed over by", "Received by, driver of UPS", "UPS received 60 parcels")
	// Laid out as printed, each service's count stands on its line.
	layout := string(runTool(t, "pdftotext", "-layout", "-enc", "UTF-8", writeTemp(t, "layout.pdf", buf.Bytes()), "-"))
	for _, want := range []string{`Express Saver\s+20\n`, `Ground\s+40\n`, `Total\s+60\n`} {
		if !regexp.MustCompile(want).MatchString(layout) {
			t.Errorf("laid-out text lacks %s:\n%s", want, layout[:min(len(layout), 1500)])
		}
	}
	for _, p := range m.Parcels {
		assertContains(t, text, p.Tracking)
	}

	m.Paper = ""
	m.Parcels = m.Parcels[:2]
	buf.Reset()
	if err := WriteManifestPDF(&buf, m); err != nil {
		t.Fatal(err)
	}
	if info := pdfInfo(t, buf.Bytes()); !strings.Contains(info["Page size"], "595") || info["Pages"] != "1" {
		t.Errorf("A4 manifest: %v", info)
	}
	if err := WriteManifestPDF(&buf, Manifest{Handover: "X"}); core.ErrorReason(err) != "empty_manifest" {
		t.Errorf("empty manifest: %v", err)
	}
}
