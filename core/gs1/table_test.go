package gs1

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// repoRoot walks up from the test's working directory to the directory
// holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func TestEmbeddedDictionaryMatchesShared(t *testing.T) {
	path := filepath.Join(repoRoot(t), "..", "shared", "data", "gs1", "gs1-syntax-dictionary.txt")
	shared, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("no shared copy at %s", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if string(shared) != Dictionary() {
		t.Fatalf("core/gs1/gs1-syntax-dictionary.txt differs from %s: copy it again", path)
	}
}

func TestTableEntries(t *testing.T) {
	tests := []struct {
		ai, spec, title string
		fnc1, dlAttr    bool
		min, max        int
	}{
		{"00", "N18,csum,gcppos2", "SSCC", false, true, 18, 18},
		{"01", "N14,csum,gcppos2", "GTIN", false, true, 14, 14},
		{"17", "N6,yymmd0", "USE BY or EXPIRY", false, true, 6, 6},
		{"10", "X..20", "BATCH/LOT", true, true, 1, 20},
		{"21", "X..20", "SERIAL", true, false, 1, 20},
		{"3103", "N6", "NET WEIGHT (kg)", false, true, 6, 6},
		{"253", "N13,csum,gcppos1 [X..17]", "GDTI", true, true, 13, 30},
		{"423", "N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166", "COUNTRY - INITIAL PROCESS", true, true, 3, 15},
		{"8003", "N1,zero N13,csum,gcppos1 [X..16]", "GRAI", true, true, 14, 30},
		{"8013", "X..25,csumalpha,gcppos1", "GMN", true, true, 1, 25},
		{"8030", "Z..90", "DIGSIG", true, true, 1, 90},
		{"8110", "X..70,couponcode", "", true, true, 1, 70},
		{"99", "X..90", "INTERNAL", true, true, 1, 90},
	}
	for _, tt := range tests {
		a, ok := Lookup(tt.ai)
		if !ok {
			t.Errorf("AI %s missing", tt.ai)
			continue
		}
		got, want := a.Spec(), tt.spec
		if got != want || a.Title != tt.title || a.FNC1Required != tt.fnc1 || a.DigitalLinkAttr != tt.dlAttr ||
			a.MinLength() != tt.min || a.MaxLength() != tt.max {
			t.Errorf("AI %s = {%q %q fnc1=%v dl=%v %d..%d}, want {%q %q fnc1=%v dl=%v %d..%d}", tt.ai,
				got, a.Title, a.FNC1Required, a.DigitalLinkAttr, a.MinLength(), a.MaxLength(),
				want, tt.title, tt.fnc1, tt.dlAttr, tt.min, tt.max)
		}
	}
}

func TestTableAttributes(t *testing.T) {
	gtin, _ := Lookup("01")
	if !gtin.PrimaryKey || !reflect.DeepEqual(gtin.Qualifiers, [][]string{{"22", "10", "21"}, {"235"}}) {
		t.Errorf("01 dlpkey = %v %v", gtin.PrimaryKey, gtin.Qualifiers)
	}
	if !reflect.DeepEqual(gtin.Excludes, []string{"255", "37"}) {
		t.Errorf("01 ex = %v", gtin.Excludes)
	}
	serial, _ := Lookup("21")
	if !reflect.DeepEqual(serial.Requires, [][][]string{{{"01"}, {"03"}, {"8006"}}}) || serial.PrimaryKey {
		t.Errorf("21 req = %v", serial.Requires)
	}
	sec, _ := Lookup("250")
	if !reflect.DeepEqual(sec.Requires, [][][]string{{{"01", "21"}, {"03", "21"}, {"8006", "21"}}}) {
		t.Errorf("250 req = %v", sec.Requires)
	}
	w, _ := Lookup("3102")
	if w.Code != "3102" || !reflect.DeepEqual(w.Excludes, []string{"310n"}) {
		t.Errorf("3102 = %s ex %v", w.Code, w.Excludes)
	}
	sscc, _ := Lookup("00")
	if !sscc.PrimaryKey || len(sscc.Qualifiers) != 0 {
		t.Errorf("00 dlpkey = %v %v", sscc.PrimaryKey, sscc.Qualifiers)
	}
	if _, ok := Lookup("23"); ok {
		t.Error("AI 23 should not exist")
	}
}

// Element strings are split by matching AIs as prefixes; that only works
// because no AI is a prefix of another.
func TestTableIsPrefixFree(t *testing.T) {
	ais := AIs()
	if len(ais) < 500 {
		t.Fatalf("only %d AIs loaded", len(ais))
	}
	for _, a := range ais {
		for _, b := range ais {
			if a != b && strings.HasPrefix(b.Code, a.Code) {
				t.Errorf("AI %s is a prefix of %s", a.Code, b.Code)
			}
		}
	}
}

func TestEveryDictionaryLinterIsImplemented(t *testing.T) {
	for _, a := range AIs() {
		for _, c := range a.Components {
			for _, l := range c.Linters {
				if _, ok := linters[l]; !ok {
					t.Errorf("AI %s uses linter %q, which gs1 does not implement", a.Code, l)
				}
			}
		}
	}
}

func TestParseDictionaryRejectsMalformedEntries(t *testing.T) {
	for _, text := range []string{
		"",
		"# only comments\n",
		"01 *? # no spec\n",
		"0x *? N14\n",
		"3105-3100 N6\n",
		"10 X..20 N2\n",   // variable component not last
		"11 [N2] N2\n",    // mandatory after optional
		"12 * X..20\n",    // predefined length but variable
		"13 [N2 # open\n", // unclosed optional
		"01 N14\n01 N14\n",
	} {
		if _, err := ParseDictionary(text); err == nil {
			t.Errorf("ParseDictionary(%q) succeeded", text)
		}
	}
	tab, err := ParseDictionary("91-93 ? X..90 # INTERNAL\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tab.AIs()); got != 3 {
		t.Fatalf("range 91-93 expanded to %d AIs", got)
	}
	if a, _ := tab.Lookup("92"); a == nil || a.Title != "INTERNAL" || !a.DigitalLinkAttr {
		t.Fatalf("92 = %+v", a)
	}
}
