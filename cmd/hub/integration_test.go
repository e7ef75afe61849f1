package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// TestIntegrationCommand: add prints a token the hub takes as an
// integration's, list shows it and its webhook, webhook refuses a bad URL,
// revoke ends it.
func TestIntegrationCommand(t *testing.T) {
	dsn := hubtest.SQLiteDSN(t)
	db := "--db=" + dsn
	if code, out, errOut := runHub(t, "locations", db, "add", "L1"); code != 0 {
		t.Fatal(out, errOut)
	}
	code, out, errOut := runHub(t, "integration", db, "add", "OMS", "--location", "L1")
	if code != 0 {
		t.Fatalf("add: %d %s %s", code, out, errOut)
	}
	m := regexp.MustCompile(`integration (i-\S+) .*\ntoken: (shi_\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("add printed %q", out)
	}
	id, token := m[1], m[2]
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Authenticate(context.Background(), token)
	s.Close()
	if err != nil || p.Kind != store.KindIntegration || p.Integration.Location != "L1" {
		t.Fatalf("the printed token authenticates as %+v, %v", p, err)
	}
	if code, _, errOut := runHub(t, "integration", db, "webhook", id, "--url", "ftp://x", "--secret", "0123456789abcdef"); code != 1 || !strings.Contains(errOut, "not an http(s) URL") {
		t.Fatalf("a bad URL: %d %s", code, errOut)
	}
	if code, out, errOut := runHub(t, "integration", db, "webhook", id, "--url", "https://oms.example/hook", "--secret", "0123456789abcdef"); code != 0 {
		t.Fatal(out, errOut)
	}
	if _, out, _ := runHub(t, "integration", db, "list"); !strings.Contains(out, "https://oms.example/hook") || !strings.Contains(out, "active") {
		t.Fatalf("list: %q", out)
	}
	if code, out, errOut := runHub(t, "integration", db, "revoke", id); code != 0 {
		t.Fatal(out, errOut)
	}
	if _, out, _ := runHub(t, "integration", db, "list"); !strings.Contains(out, "revoked") {
		t.Fatalf("list after revoke: %q", out)
	}
}
