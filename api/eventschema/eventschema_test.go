package eventschema_test

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/api/eventschema"
	"github.com/stationhand/stationhand/core"
)

const apiFile = "../openapi.yaml"

var update = flag.Bool("update", false, "rewrite the event payload schemas of api/openapi.yaml from core's structs")

// TestFileMatchesPayloadStructs: the schemas in api/openapi.yaml are the
// ones generated from core's payload structs (run with -update after
// changing a struct).
func TestFileMatchesPayloadStructs(t *testing.T) {
	body, err := os.ReadFile(apiFile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := eventschema.Splice(string(body), eventschema.Generate())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(apiFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != string(body) {
		t.Fatalf("%s's event payload schemas differ from core's payload structs: run go test ./api/eventschema -update", apiFile)
	}
}

// TestEveryEventTypeIsDescribed: the file names a payload schema for
// exactly the event types core knows.
func TestEveryEventTypeIsDescribed(t *testing.T) {
	v, err := eventschema.Load(apiFile)
	if err != nil {
		t.Fatal(err)
	}
	var inFile []string
	for typ := range v.Types() {
		inFile = append(inFile, typ)
	}
	inCore := core.EventTypes()
	slices.Sort(inFile)
	slices.Sort(inCore)
	if !slices.Equal(inFile, inCore) {
		t.Fatalf("the file describes payloads of %v; core has event types %v", inFile, inCore)
	}
}

// TestValidatorRefusesWhatTheContractDoesNot: the validator is real: a
// field the struct lacks, a missing required field, a wrong type and a
// null where null is not allowed are each refused.
func TestValidatorRefusesWhatTheContractDoesNot(t *testing.T) {
	v, err := eventschema.Load(apiFile)
	if err != nil {
		t.Fatal(err)
	}
	good := `{"batch":"b1","sku":"MUG","gtin":"4006381333931","bin":"A-01","qty":1,"line":7,"tote":"T1"}`
	if err := v.Validate(core.EventPickItemPicked, []byte(good)); err != nil {
		t.Fatalf("a good payload was refused: %v", err)
	}
	for name, bad := range map[string]string{
		"unknown field":    `{"batch":"b1","sku":"MUG","gtin":"x","bin":"A-01","qty":1,"line":7,"tote":"T1","colour":"red"}`,
		"missing required": `{"batch":"b1","sku":"MUG","gtin":"x","bin":"A-01","line":7,"tote":"T1"}`,
		"wrong type":       `{"batch":"b1","sku":"MUG","gtin":"x","bin":"A-01","qty":"one","line":7,"tote":"T1"}`,
		"null string":      `{"batch":null,"sku":"MUG","gtin":"x","bin":"A-01","qty":1,"line":7,"tote":"T1"}`,
	} {
		if err := v.Validate(core.EventPickItemPicked, []byte(bad)); err == nil {
			t.Errorf("%s: %s was accepted", name, bad)
		}
	}
	// A nested struct is checked too.
	bad := `{"package":1,"packages":1,"sscc":"1","carton":"S","weight_g":1,"weight_accepted_by":0,"items":[{"sku":"MUG","line":"x","qty":1}]}`
	if err := v.Validate(core.EventPackPackageClosed, []byte(bad)); err == nil || !strings.Contains(err.Error(), "line") {
		t.Errorf("a nested wrong type was not refused: %v", err)
	}
	if err := v.Validate("drone.launched", []byte(`{}`)); err == nil {
		t.Error("an unknown type validated")
	}
}
