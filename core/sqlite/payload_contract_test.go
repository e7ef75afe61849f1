package sqlite_test

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	gosync "sync"

	"github.com/stationhand/stationhand/api/eventschema"
	"github.com/stationhand/stationhand/core"
)

// The event contract, held against what the station really writes: every
// store a test of this package opens (mustOpenPath) gives its outbox to
// the recorder when the test ends, and after the whole suite ran
// checkWrittenPayloads validates each payload against api/openapi.yaml
// with a real OpenAPI validator and decodes it strictly into its core
// struct. The workflow tests are the drivers: pick, pack, pickup, returns,
// sign-in, exceptions, as a person works them.

// notYetWritten are event types no workflow of this store writes yet. A
// type here that the suite does write fails the check, so the list only
// shrinks; it is empty now.
var notYetWritten = map[string]bool{}

// testOnlyTypes are event types tests of this package write through
// RecordEvent to exercise the outbox itself; no workflow writes them.
var testOnlyTypes = map[string]bool{"note.added": true, "test.after_enrol": true}

// maxPerType bounds the events kept per type (distinct payloads first).
const maxPerType = 2000

var written = struct {
	gosync.Mutex
	byType map[string]map[string]bool // type → payloads seen
	count  int
}{byType: map[string]map[string]bool{}}

// recordOutbox reads the outbox of the store file at path (closed) into
// the recorder.
func recordOutbox(path string) {
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return
	}
	defer raw.Close()
	rows, err := raw.Query("SELECT type, payload FROM events")
	if err != nil {
		return // a test that damaged its file on purpose
	}
	defer rows.Close()
	written.Lock()
	defer written.Unlock()
	for rows.Next() {
		var typ, payload string
		if rows.Scan(&typ, &payload) != nil {
			return
		}
		seen := written.byType[typ]
		if seen == nil {
			seen = map[string]bool{}
			written.byType[typ] = seen
		}
		if len(seen) < maxPerType {
			seen[payload] = true
		}
		written.count++
	}
}

// checkWrittenPayloads validates what the recorder holds; it returns 1
// (and says why) when a payload breaks the contract, or when the whole
// suite ran and an event type was never written.
func checkWrittenPayloads() int {
	v, err := eventschema.Load("../../api/openapi.yaml")
	if err != nil {
		fmt.Fprintln(os.Stderr, "event contract:", err)
		return 1
	}
	written.Lock()
	defer written.Unlock()
	var problems []string
	for typ, payloads := range written.byType {
		if testOnlyTypes[typ] {
			continue
		}
		for p := range payloads {
			if err := v.Validate(typ, []byte(p)); err != nil {
				problems = append(problems, err.Error())
			}
			if _, err := core.DecodePayload(core.Event{Type: typ, Payload: []byte(p)}); err != nil {
				problems = append(problems, err.Error())
			}
		}
	}
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() == "" && written.count > 0 {
		for _, typ := range core.EventTypes() {
			_, seen := written.byType[typ]
			switch {
			case !seen && !notYetWritten[typ]:
				problems = append(problems, fmt.Sprintf("no test of this package writes a %s event: the contract of its payload is unchecked", typ))
			case seen && notYetWritten[typ]:
				problems = append(problems, fmt.Sprintf("%s is written now: take it out of notYetWritten", typ))
			}
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "event contract: %d problems:\n  %s\n", len(problems), strings.Join(problems, "\n  "))
		return 1
	}
	fmt.Fprintf(os.Stderr, "event contract: %d events of %d types written by the tests match api/openapi.yaml and core's structs\n", written.count, len(written.byType))
	return 0
}
