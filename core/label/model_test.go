package label

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestValidateSSCC(t *testing.T) {
	tests := []struct {
		sscc   string
		reason string // "" = valid
	}{
		{"106141411234567897", ""},
		{ssccN(1), ""},
		{"106141411234567898", "bad_check_digit"},
		{"10614141123456789", "bad_sscc"},   // 17 digits
		{"0106141411234567897", "bad_sscc"}, // 19 digits
		{"10614141123456789X", "bad_sscc"},
		{"", "bad_sscc"},
	}
	for _, tt := range tests {
		err := ValidateSSCC(tt.sscc)
		if got := core.ErrorReason(err); got != tt.reason {
			t.Errorf("ValidateSSCC(%q) = %v, want reason %q", tt.sscc, err, tt.reason)
		}
		if err != nil && core.ErrorCode(err) != core.EINVALID {
			t.Errorf("ValidateSSCC(%q): code %q, want invalid", tt.sscc, core.ErrorCode(err))
		}
	}
}

func TestSSCCText(t *testing.T) {
	tests := []struct {
		prefixLen int
		want      string
	}{
		{0, "(00) 1 0614141 123456789 7"},
		{7, "(00) 1 0614141 123456789 7"},
		{9, "(00) 1 061414112 3456789 7"},
		{10, "(00) 1 0614141123 456789 7"},
	}
	for _, tt := range tests {
		if got := SSCCText(validSSCC, tt.prefixLen); got != tt.want {
			t.Errorf("SSCCText(prefix %d) = %q, want %q", tt.prefixLen, got, tt.want)
		}
	}
}

func TestShippingLabelValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*ShippingLabel)
		reason string
		msg    string // part of the message the station sees
	}{
		{"valid", func(*ShippingLabel) {}, "", ""},
		{"company instead of name", func(l *ShippingLabel) { l.To.Name = "" }, "", ""},
		{"no ship-to at all", func(l *ShippingLabel) { l.To = core.Address{} }, "missing_address", "ship-to address has no name"},
		{"no ship-to street", func(l *ShippingLabel) { l.To.Line1 = "  " }, "missing_address", "ship-to address has no street"},
		{"no ship-to city", func(l *ShippingLabel) { l.To.City = "" }, "missing_address", "ship-to address has no city"},
		{"no ship-to country", func(l *ShippingLabel) { l.To.Country = "" }, "missing_address", "ship-to address has no country"},
		{"no ship-from", func(l *ShippingLabel) { l.From = core.Address{} }, "missing_address", "ship-from address"},
		{"no order", func(l *ShippingLabel) { l.OrderRef = "" }, "missing_order_ref", "order reference"},
		{"package 0", func(l *ShippingLabel) { l.Package = 0 }, "bad_package_count", "Package 0 of 3"},
		{"package 4 of 3", func(l *ShippingLabel) { l.Package = 4 }, "bad_package_count", "Package 4 of 3"},
		{"negative weight", func(l *ShippingLabel) { l.WeightG = -1 }, "bad_weight", "weight"},
		{"bad SSCC check digit", func(l *ShippingLabel) { l.SSCC = "106141411234567890" }, "bad_check_digit", "should be 7"},
		{"short SSCC", func(l *ShippingLabel) { l.SSCC = "1234" }, "bad_sscc", "18 digits"},
		{"prefix 6", func(l *ShippingLabel) { l.CompanyPrefixLen = 6 }, "bad_company_prefix", "7 to 10"},
		{"no shipment ref", func(l *ShippingLabel) { l.ShipmentRef = "" }, "missing_shipment_ref", "shipment reference"},
		{"non-ASCII shipment ref", func(l *ShippingLabel) { l.ShipmentRef = "SHPé" }, "bad_shipment_ref", "plain ASCII"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := sampleLabel()
			tt.change(&l)
			checkInvalid(t, l.Validate(), tt.reason, tt.msg)
		})
	}
}

func TestPackingSlipValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*PackingSlip)
		reason string
	}{
		{"valid", func(*PackingSlip) {}, ""},
		{"Letter", func(s *PackingSlip) { s.Paper = PaperLetter }, ""},
		{"A5", func(s *PackingSlip) { s.Paper = "A5" }, "bad_paper"},
		{"no order number", func(s *PackingSlip) { s.Order.ExternalID = "" }, "missing_order_ref"},
		{"no address", func(s *PackingSlip) { s.Order.ShipTo = core.Address{} }, "missing_address"},
		{"no packages", func(s *PackingSlip) { s.Packages = 0 }, "bad_package_count"},
		{"no lines", func(s *PackingSlip) { s.Order.Lines = nil }, "no_lines"},
		{"over-packed", func(s *PackingSlip) { s.Order.Lines[0].PickedQty = 3 }, "bad_quantity"},
		{"packed + short > ordered", func(s *PackingSlip) { s.Order.Lines[2].PickedQty = 2 }, "bad_quantity"},
		{"no return URL", func(s *PackingSlip) { s.ReturnURL = "" }, "bad_return_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := PackingSlip{Order: sampleOrder(3), Packages: 1, ReturnURL: "https://example.com/r"}
			tt.change(&s)
			checkInvalid(t, s.Validate(), tt.reason, "")
		})
	}
}

func TestBagTagValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*BagTag)
		reason string
	}{
		{"valid", func(*BagTag) {}, ""},
		{"no order", func(b *BagTag) { b.OrderRef = " " }, "missing_order_ref"},
		{"no customer", func(b *BagTag) { b.CustomerName = "" }, "missing_customer"},
		{"bag 3 of 2", func(b *BagTag) { b.Bag = 3 }, "bad_bag_count"},
		{"no bags", func(b *BagTag) { b.Bag, b.Bags = 0, 0 }, "bad_bag_count"},
		{"empty code", func(b *BagTag) { b.BagCode = "" }, "bad_bag_code"},
		{"non-ASCII code", func(b *BagTag) { b.BagCode = "BAG-ß" }, "bad_bag_code"},
		{"control character", func(b *BagTag) { b.BagCode = "BAG\x1d1" }, "bad_bag_code"},
		{"41 characters", func(b *BagTag) { b.BagCode = strings.Repeat("A", 41) }, "bad_bag_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := BagTag{OrderRef: "WEB-1", CustomerName: "Zoë", Bag: 1, Bags: 2, BagCode: "BAG-1-1"}
			tt.change(&b)
			checkInvalid(t, b.Validate(), tt.reason, "")
		})
	}
}

// checkInvalid asserts err is nil for reason "", else a *core.Error with
// code EINVALID, that reason and a message containing msg.
func checkInvalid(t *testing.T, err error, reason, msg string) {
	t.Helper()
	if reason == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var e *core.Error
	if !errors.As(err, &e) || e.Code != core.EINVALID || e.Reason != reason {
		t.Fatalf("error %v, want invalid (%s)", err, reason)
	}
	if !strings.Contains(e.Message, msg) {
		t.Errorf("message %q lacks %q", e.Message, msg)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Zoë\t Großmann \n", "Zoë Großmann"},
		{"Cafe\u0301", "Café"},                // decomposed é composed
		{"a\x00b\x1dc", "a b c"},              // control characters
		{"emoji 😀 name", "emoji \uFFFD name"}, // beyond the BMP
		{"中文", "中文"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFitAndWrap(t *testing.T) {
	s, size := fit(bold, "Short", 16, 8, 90)
	if s != "Short" || size != 16 {
		t.Errorf("fit short: %q at %v", s, size)
	}
	long := strings.Repeat("Großmann ", 8)
	s, size = fit(bold, long, 16, 8, 90)
	if size != 8 || !strings.HasSuffix(s, "…") || textWidth(bold, s, size) > 90 {
		t.Errorf("fit long: %q at %v, width %.1f", s, size, textWidth(bold, s, size))
	}
	s, size = fit(regular, "Großmann Großmann Großmann", 16, 6, 60)
	if size >= 16 || size < 6 || strings.HasSuffix(s, "…") || textWidth(regular, s, size) > 60 {
		t.Errorf("fit shrink: %q at %v", s, size)
	}
	for _, text := range []string{long, "中文书店中文书店中文书店中文书店中文书店中文书店中文书店", "Supercalifragilisticexpialidocious-and-more"} {
		lines := wrap(regular, text, 10, 40)
		if len(lines) < 2 {
			t.Errorf("wrap(%q) = %q: want several lines", text, lines)
		}
		for _, ln := range lines {
			if w := textWidth(regular, ln, 10); w > 40 {
				t.Errorf("wrap(%q): line %q is %.1f mm wide", text, ln, w)
			}
		}
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("wrap lost text: %q", lines)
		}
	}
}

func TestShapePicksFallbackFaces(t *testing.T) {
	got := shape(bold, "Zoë 中文 Ж ไทย 김 שלום")
	var faces []face
	for _, r := range got.runs {
		faces = append(faces, r.face)
	}
	want := []face{faceBold, faceCJK, faceBold, faceThaiBold, faceKoreanBold, faceHebrewBold}
	if !slices.Equal(faces, want) {
		t.Fatalf("faces %v, want %v", faces, want)
	}
}
