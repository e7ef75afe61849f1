package store

import (
	"slices"
	"testing"
)

func TestKeepTerminalOrder(t *testing.T) {
	terms := []string{"a", "b", "a", "b", "a"}
	seqs := []int64{7, 3, 5, 2, 6} // a's clock stepped back between its pushes
	keepTerminalOrder(terms, seqs)
	if want := []int64{5, 2, 6, 3, 7}; !slices.Equal(seqs, want) {
		t.Fatalf("got %v, want %v", seqs, want)
	}
}

func TestParseFeedCursor(t *testing.T) {
	for _, c := range []struct {
		in    string
		epoch string
		pos   int64
		bad   bool
	}{
		{"", "", 0, false}, {"42", "", 42, false}, {"ab12.42", "ab12", 42, false},
		{".42", "", 0, true}, {"ab12.", "", 0, true}, {"x", "", 0, true}, {"ab12.-1", "", 0, true},
	} {
		epoch, pos, err := ParseFeedCursor(c.in)
		if (err != nil) != c.bad || (!c.bad && (epoch != c.epoch || pos != c.pos)) {
			t.Errorf("ParseFeedCursor(%q) = %q, %d, %v", c.in, epoch, pos, err)
		}
	}
}
