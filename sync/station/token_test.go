package station

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenFile(t *testing.T) {
	path := TokenPath(filepath.Join(t.TempDir(), "station.db"))
	if tok, err := LoadToken(path); err != nil || tok != "" {
		t.Fatalf("no file yet: %q %v", tok, err)
	}
	const token = "sht_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	if err := SaveToken(path, token); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
	// Someone made it readable to others: loading makes it private again.
	os.Chmod(path, 0o644)
	if tok, err := LoadToken(path); err != nil || tok != token {
		t.Fatalf("load: %q %v", tok, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode after load %v", fi.Mode())
	}
	if m := Mask(token); strings.Contains(m, token[8:]) || !strings.HasPrefix(m, "sht_0123") {
		t.Fatalf("mask %q", m)
	}
	if tok, err := ReadTokenFrom("-", strings.NewReader("  "+token+"\n")); err != nil || tok != token {
		t.Fatalf("stdin: %q %v", tok, err)
	}
	if _, err := ReadTokenFrom("-", strings.NewReader("two tokens")); err == nil {
		t.Fatal("two words taken as a token")
	}
}
