package torture_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/stationhand/stationhand/core"
)

// confirmed is one event a station showed as done, as it reported it to
// the parent: appended to its log and fsynced before the station moved on
// to the next action, so the log holds whatever a person saw confirmed.
type confirmed struct {
	Terminal string          `json:"terminal"`
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Order    string          `json:"order"`
	Staff    int64           `json:"staff"`
	AtMS     int64           `json:"at_ms"`
	Payload  json.RawMessage `json:"payload"`
}

func confirmedOf(ev core.Event) confirmed {
	return confirmed{Terminal: ev.Terminal, Seq: ev.Seq, ID: ev.ID, Type: ev.Type, Order: ev.OrderID, Staff: ev.StaffID,
		AtMS: ev.At.UnixMilli(), Payload: ev.Payload}
}

// sameContent reports how a held event differs from what the station
// confirmed ("" when it does not). The sequence may differ: a station
// whose database was rolled back numbers its events again.
func (c confirmed) sameContent(ev core.Event) string {
	switch {
	case ev.Type != c.Type:
		return fmt.Sprintf("type %q, confirmed %q", ev.Type, c.Type)
	case ev.OrderID != c.Order:
		return fmt.Sprintf("order %q, confirmed %q", ev.OrderID, c.Order)
	case ev.StaffID != c.Staff:
		return fmt.Sprintf("staff %d, confirmed %d", ev.StaffID, c.Staff)
	case ev.At.UnixMilli() != c.AtMS:
		return fmt.Sprintf("time %s, confirmed %s", ev.At.UTC().Format(time.RFC3339Nano), time.UnixMilli(c.AtMS).UTC().Format(time.RFC3339Nano))
	case !sameJSON(ev.Payload, c.Payload):
		return fmt.Sprintf("payload %s, confirmed %s", ev.Payload, c.Payload)
	}
	return ""
}

func sameJSON(a, b []byte) bool {
	var x, y bytes.Buffer
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// confirmLog is a station's append-only report of confirmed events.
type confirmLog struct{ f *os.File }

func openConfirmLog(path string) (*confirmLog, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	// A line torn by a kill is ended, so the next report starts a line of
	// its own.
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			f.Write([]byte("\n"))
		}
	}
	return &confirmLog{f: f}, nil
}

// report appends the events and syncs the file before returning.
func (l *confirmLog) report(evs []core.Event) error {
	var buf bytes.Buffer
	for _, ev := range evs {
		line, err := json.Marshal(confirmedOf(ev))
		if err != nil {
			return err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if _, err := l.f.Write(buf.Bytes()); err != nil {
		return err
	}
	return l.f.Sync()
}

// readConfirmLog reads a log; a torn last line (the station was killed
// while writing it) was never reported and is skipped.
func readConfirmLog(path string) ([]confirmed, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []confirmed
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var c confirmed
		if json.Unmarshal(sc.Bytes(), &c) != nil {
			continue
		}
		out = append(out, c)
	}
	return out, sc.Err()
}
