package main

import "testing"

func TestVersion(t *testing.T) {
	old := version
	version = "v1.2.3-4-gabcdef0"
	defer func() { version = old }()
	if code, out, _ := runHub(t, "--version"); code != 0 || out != "hub v1.2.3-4-gabcdef0\n" {
		t.Fatalf("hub --version: %d %q", code, out)
	}
}
