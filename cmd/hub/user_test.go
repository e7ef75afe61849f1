package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"golang.org/x/crypto/bcrypt"
	_ "modernc.org/sqlite"
)

// TestUserAdd: `hub user add` reads the password from standard input and
// stores a bcrypt hash of cost 12 or more; a short password, an unknown
// location or a bad role are refused.
func TestUserAdd(t *testing.T) {
	ctx := context.Background()
	dsn := hubtest.SQLiteDSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutLocation(ctx, "L1", "One"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	withStdin := func(s string) {
		old := stdin
		stdin = strings.NewReader(s)
		t.Cleanup(func() { stdin = old })
	}

	withStdin("a long enough password\n")
	if code, out, errOut := runHub(t, "user", "add", "sofia", "--db", dsn, "--role", "supervisor", "--location", "L1"); code != 0 || !strings.Contains(out, "sofia (supervisor) added for L1") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	for _, c := range []struct{ stdin, role, loc, want string }{
		{"short\n", "supervisor", "L1", "at least 10"},
		{"a long enough password\n", "owner", "L1", "supervisor or admin"},
		{"a long enough password\n", "admin", "L9", "L9"},
	} {
		withStdin(c.stdin)
		if code, _, errOut := runHub(t, "user", "add", "x-"+c.role, "--db", dsn, "--role", c.role, "--location", c.loc); code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("user add %+v: %d %q", c, code, errOut)
		}
	}
	if code, out, _ := runHub(t, "user", "list", "--db", dsn); code != 0 || !strings.Contains(out, "sofia") || strings.Contains(out, "x-") {
		t.Fatalf("user list: %d %q", code, out)
	}

	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var hash string
	if err := raw.QueryRowContext(ctx, "SELECT password_hash FROM hub_users WHERE name = 'sofia'").Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if cost, err := bcrypt.Cost([]byte(hash)); err != nil || cost < 12 {
		t.Errorf("bcrypt cost %d (%v), want at least 12", cost, err)
	}
	if _, err := db.CheckHubUser(ctx, "sofia", "a long enough password"); err != nil {
		t.Errorf("sign-in with the password given: %v", err)
	}
}
