package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	gosync "sync"
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

type lockedBuffer struct {
	mu gosync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeLogsJSON: `hub serve --log-format json -v` writes one JSON
// object a line, with the request's method, path and status.
func TestServeLogsJSON(t *testing.T) {
	r, w := io.Pipe()
	logs := &lockedBuffer{}
	stdout, stderr = w, logs
	defer func() { stdout, stderr = os.Stdout, os.Stderr }()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", hubtest.SQLiteDSN(t), "--addr", "127.0.0.1:0", "--log-format", "json", "-v"})
	}()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, r)
	url := regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	resp, err := http.Get(url + "/v1/health/live")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	w.Close()
	found := false
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		if rec["msg"] == "request" && rec["path"] == "/v1/health/live" && rec["status"] == float64(200) {
			found = true
		}
	}
	if !found {
		t.Errorf("no JSON record of the request in:\n%s", logs.String())
	}
	if code, _, errOut := runHub(t, "serve", "--db", hubtest.SQLiteDSN(t), "--log-format", "xml"); code != 2 || !strings.Contains(errOut, "text or json") {
		t.Errorf("--log-format xml: %d %q", code, errOut)
	}
}
