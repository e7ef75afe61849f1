package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hub serve --label-webhook needs a secret file with a real secret: a
// webhook the order system cannot verify would let anyone post label
// requests to it.
func TestServeLabelWebhookNeedsASecret(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "hub.db")
	short := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(short, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{{}, {"--label-webhook-secret-file", short}, {"--label-webhook-secret-file", filepath.Join(t.TempDir(), "missing")}} {
		var errs bytes.Buffer
		stderr = &errs
		args := append([]string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--label-webhook", "http://127.0.0.1:1/hook"}, extra...)
		code := run(context.Background(), args)
		stderr = os.Stderr
		if code != 2 || !strings.Contains(errs.String(), "--label-webhook-secret-file") {
			t.Errorf("serve %v: exit %d, %q", extra, code, errs.String())
		}
	}
	good := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(good, []byte("a secret of the order system\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if url, _ := serveHub(t, "--db", dsn, "--addr", "127.0.0.1:0", "--label-webhook", "http://127.0.0.1:1/hook", "--label-webhook-secret-file", good); url == "" {
		t.Fatal("the hub did not start with a webhook and its secret")
	}
}
