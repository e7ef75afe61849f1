package scan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// ownKinds names the kinds of own code for messages.
var ownKinds = map[Kind]string{
	KindOrder:    "order",
	KindTote:     "tote",
	KindBin:      "bin",
	KindReturn:   "return",
	KindBadge:    "badge",
	KindPickup:   "pickup",
	KindBatch:    "pick",
	KindHandover: "handover",
}

// match finds the own-code prefix s starts with, case-insensitively. The
// longest matching prefix wins, so "PU-" and "PUT-" could coexist.
func (ps Prefixes) match(s string) (Kind, string, bool) {
	cands := []struct {
		kind   Kind
		prefix string
	}{
		{KindOrder, ps.Order}, {KindTote, ps.Tote}, {KindBin, ps.Bin},
		{KindReturn, ps.Return}, {KindBadge, ps.Badge}, {KindPickup, ps.Pickup},
		{KindHandover, ps.Handover},
		{KindBatch, ps.Batch},
	}
	sort.SliceStable(cands, func(i, j int) bool { return len(cands[i].prefix) > len(cands[j].prefix) })
	for _, c := range cands {
		if c.prefix != "" && len(s) >= len(c.prefix) && strings.EqualFold(s[:len(c.prefix)], c.prefix) {
			return c.kind, c.prefix, true
		}
	}
	return "", "", false
}

// ownCode builds an own code: the ID is the rest after the prefix, trimmed
// and upper-cased; it must be non-empty printable ASCII without spaces.
func ownCode(c Code, kind Kind, prefix, s string) (Code, error) {
	id := strings.ToUpper(strings.TrimSpace(s[len(prefix):]))
	name := ownKinds[kind]
	if id == "" {
		return c, core.Explained(core.EINVALID, ReasonEmptyID, fmt.Sprintf("This %s code has nothing after %q. Scan the whole label or type the %s number.", name, prefix, name), prefix)
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] >= 0x7f {
			return c, core.Explained(core.EINVALID, ReasonBadCharset, fmt.Sprintf("This %s code contains a character Stationhand does not use (%q). Rescan or type the %s number.", name, id[i:i+1], name), id[i:i+1])
		}
	}
	c.Kind, c.ID, c.Format = kind, id, strings.ToUpper(prefix)+" label"
	return c, nil
}
