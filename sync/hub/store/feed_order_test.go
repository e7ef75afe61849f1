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
