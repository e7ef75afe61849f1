package torture_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// runHubChild serves the hub API from the database $TORTURE_DSN on a free
// port of 127.0.0.1, its clock $TORTURE_CLOCK_MS off, and prints
// "listening ADDR".
func runHubChild() int {
	db, err := store.Open(context.Background(), os.Getenv("TORTURE_DSN"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
		return 3
	}
	if off := clockOffset(); off != 0 {
		db.Now = func() time.Time { return time.Now().Add(off) }
	}
	if err := startServing(db); err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
		return 3
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
		return 3
	}
	fmt.Printf("listening %s\n", ln.Addr())
	if err := http.Serve(ln, hub.NewServer(db, nil)); err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
	}
	return 1
}

// startServing does what `hub serve` does before it answers terminals:
// the hub's start-up check (a database restored, copied in or rolled back
// gets a new epoch).
func startServing(db *store.DB) error {
	if _, err := db.StartServing(context.Background()); err != nil {
		return fmt.Errorf("start-up check: %w", err)
	}
	return nil
}

func clockOffset() time.Duration {
	var ms int64
	fmt.Sscan(os.Getenv("TORTURE_CLOCK_MS"), &ms)
	return time.Duration(ms) * time.Millisecond
}

// child starts the test binary as a child process of the given role, its
// standard error appended to errPath.
func child(role, errPath string, env ...string) (*exec.Cmd, *bufio.Reader, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+role), env...)
	errFile, err := os.OpenFile(errPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	defer errFile.Close()
	cmd.Stderr = errFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	return cmd, bufio.NewReader(out), nil
}

// readLine reads the child's first line, or fails after timeout (and kills
// the child).
func readLine(cmd *exec.Cmd, out *bufio.Reader, timeout time.Duration) (string, error) {
	type read struct {
		line string
		err  error
	}
	ch := make(chan read, 1)
	go func() {
		line, err := out.ReadString('\n')
		ch <- read{strings.TrimSpace(line), err}
	}()
	select {
	case r := <-ch:
		return r.line, r.err
	case <-time.After(timeout):
		cmd.Process.Kill()
		return "", fmt.Errorf("no answer in %s", timeout)
	}
}

// hubProc is the hub process of a seed.
type hubProc struct {
	dsn, errPath string
	clock        time.Duration
	cmd          *exec.Cmd
	addr         string
}

// start starts the hub and waits until it listens.
func (h *hubProc) start() error {
	cmd, out, err := child("hub", h.errPath, "TORTURE_DSN="+h.dsn, fmt.Sprintf("TORTURE_CLOCK_MS=%d", h.clock.Milliseconds()))
	if err != nil {
		return err
	}
	line, err := readLine(cmd, out, 60*time.Second)
	addr, ok := strings.CutPrefix(line, "listening ")
	if err != nil || !ok {
		cmd.Wait()
		return fmt.Errorf("the hub did not start: %q, %v (stderr: %s)", line, err, tail(h.errPath))
	}
	h.cmd, h.addr = cmd, addr
	return nil
}

// kill kills the hub with SIGKILL, as a power cut or the OOM killer would.
func (h *hubProc) kill() {
	if h.cmd != nil {
		h.cmd.Process.Kill()
		h.cmd.Wait()
		h.cmd = nil
	}
}

// tail returns the end of a child's standard error, for a message.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}
