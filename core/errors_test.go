package core_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestErrorMatchingAndMessages(t *testing.T) {
	specific := core.Errorf(core.ECONFLICT, core.ErrWrongBin.Reason, "Wrong bin: this is A-01-1. Go to bin B-02-2.")
	wrapped := fmt.Errorf("pick b1: %w", specific)
	for _, tc := range []struct {
		err, target error
		want        bool
	}{
		{wrapped, core.ErrWrongBin, true},
		{wrapped, core.ErrWrongItem, false},
		{wrapped, &core.Error{Code: core.ECONFLICT}, true},
		{wrapped, &core.Error{Code: core.EINVALID}, false},
		{errors.New("disk full"), core.ErrWrongBin, false},
	} {
		if got := errors.Is(tc.err, tc.target); got != tc.want {
			t.Errorf("errors.Is(%v, %v) = %v, want %v", tc.err, tc.target, got, tc.want)
		}
	}
	if got := core.ErrorMessage(wrapped); got != specific.Message {
		t.Errorf("message %q, want the specific one", got)
	}
	if core.ErrorCode(wrapped) != core.ECONFLICT || core.ErrorReason(wrapped) != "wrong_bin" {
		t.Errorf("code %q reason %q", core.ErrorCode(wrapped), core.ErrorReason(wrapped))
	}
	internal := errors.New("sql: database is locked")
	if core.ErrorCode(internal) != core.EINTERNAL || core.ErrorMessage(internal) == internal.Error() {
		t.Errorf("an internal error leaks to the person: %q", core.ErrorMessage(internal))
	}
	if core.ErrorCode(nil) != "" || core.ErrorMessage(nil) != "" {
		t.Error("nil is an error")
	}
}

func TestPIN(t *testing.T) {
	h, err := core.HashPIN("4821")
	if err != nil {
		t.Fatal(err)
	}
	if !core.CheckPIN(h, "4821") || core.CheckPIN(h, "4822") || core.CheckPIN("not a hash", "4821") {
		t.Fatal("PIN check is wrong")
	}
	for _, bad := range []string{"12", "123456789", "12a4"} {
		if _, err := core.HashPIN(bad); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("HashPIN(%q): %v", bad, err)
		}
	}
}
