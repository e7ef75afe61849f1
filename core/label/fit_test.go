package label

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// Long names and addresses shrink or wrap inside their box, in any script,
// and every word of them is printed: the ship-to block stays above its
// rule at 75 mm, and pdftotext finds each word.
func TestLongAddressesWrapInsideTheirBox(t *testing.T) {
	requireTool(t, "pdftotext")
	for _, to := range []core.Address{
		{Name: "Maria Guadalupe Fernández de la Santísima Trinidad y Montenegro-Villavicencio", Company: "Distribuidora Internacional de Productos Agrícolas del Noroeste S.A. de C.V.",
			Line1: "Avenida Insurgentes Sur 1602, Piso 4, Oficina 401, Colonia Crédito Constructor", Line2: "Entre Calle Manuel M. Ponce y Avenida Barranca del Muerto",
			City: "Ciudad de México", Region: "CDMX", PostalCode: "03940", Country: "MX"},
		{Name: "นางสาวสมศรีประเสริฐวงศ์ไพบูลย์สุขสวัสดิ์มงคลชัย", Line1: "999/123 หมู่บ้านศุภาลัยพาร์ควิลล์ ถนนรามคำแหงซอยหกสิบห้าแยกสิบเจ็ด",
			City: "แขวงหัวหมาก เขตบางกะปิ กรุงเทพมหานคร", PostalCode: "10240", Country: "TH"},
		{Name: "عبد الرحمن بن محمد بن عبد الله آل سعود الفيصل", Line1: "طريق الملك عبد العزيز، حي الملك فهد، مبنى 4521، الطابق الثالث",
			City: "الرياض", PostalCode: "12271", Country: "SA"},
	} {
		l := sampleLabel()
		l.To = to
		p, err := shippingLabelPage(l)
		if err != nil {
			t.Fatalf("%s: %v", to.Name, err)
		}
		for _, e := range p.elems {
			te, ok := e.(*textElem)
			if !ok || te.Y <= 34.5 || te.Y >= 75 {
				continue
			}
			if w := textWidth(te.Style, te.Text, te.Size); te.X+w > labelW-margin+0.01 {
				t.Errorf("%q: %.1f mm wide at %.1f pt, past the right margin", te.Text, w, te.Size)
			}
			if te.Size < smallestSize {
				t.Errorf("%q at %.1f pt, below %d pt", te.Text, te.Size, smallestSize)
			}
		}
		var pdf bytes.Buffer
		if err := WriteShippingLabelPDF(&pdf, l); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), "")
		if strings.Contains(text, "…") {
			t.Errorf("%s: cut short", to.Name)
		}
		for _, part := range []string{to.Name, to.Company, to.Line1, to.Line2, to.City} {
			// pdftotext orders right-to-left words, and the punctuation
			// beside them, its own way; compare the words, not their order
			// or their commas.
			for _, w := range strings.Fields(part) {
				w = strings.Trim(w, "،,")
				if !strings.Contains(text, w) {
					t.Errorf("%s: %q missing from the PDF text", to.Name, w)
				}
			}
		}
	}
}

// Text too long even in the smallest type is refused, never printed cut
// short without a word: the address block, and one-line fields.
func TestTooLongTextIsRefusedNotCut(t *testing.T) {
	l := sampleLabel()
	l.To.Line1 = strings.Repeat("Hauptstraße ", 400)
	if err := WriteShippingLabelPDF(&bytes.Buffer{}, l); core.ErrorReason(err) != "address_too_long" {
		t.Errorf("400 words of street: err %v, want address_too_long", err)
	}
	if _, err := ShippingLabelZPL(l, 203); core.ErrorReason(err) != "address_too_long" {
		t.Errorf("ZPL: err %v, want address_too_long", err)
	}
	l = sampleLabel()
	l.Service = strings.Repeat("Express ", 30)
	if err := WriteShippingLabelPDF(&bytes.Buffer{}, l); core.ErrorReason(err) != "text_too_long" {
		t.Errorf("a 240-letter service: err %v, want text_too_long", err)
	}
	b := BagTag{OrderRef: "WEB-1", CustomerName: strings.Repeat("Zoë ", 100), Bag: 1, Bags: 1, BagCode: "P1"}
	if err := WriteBagTagPDF(&bytes.Buffer{}, b); core.ErrorReason(err) != "text_too_long" {
		t.Errorf("a 400-letter customer on a bag tag: err %v, want text_too_long", err)
	}
}
