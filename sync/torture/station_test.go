package torture_test

import (
	"fmt"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

// stationProc is a station of a seed: its files, its proxy to the hub, and
// its process while it runs.
type stationProc struct {
	n                      int
	name, loc, id, token   string
	staff                  int64
	path, logPath, errPath string
	proxy                  *faultproxy.Proxy
	clock                  time.Duration
	starts                 int
	// confirmedBeforeBackup is how many events the station had confirmed
	// when its last backup began.
	confirmedBeforeBackup int

	cmd  *exec.Cmd
	done chan struct{} // closed when the process ended
}

// start starts the station process. It does not wait until the station
// works: a kill may land while it opens its database, as a power cut may.
// A station that ends on its own (it could not open its database, it
// failed to report) is found when it is killed.
func (s *stationProc) start(seed uint64, orders int) error {
	s.starts++
	cmd, out, err := child("station", s.errPath,
		"TORTURE_DB="+s.path, "TORTURE_HUB="+s.proxy.URL(), "TORTURE_TOKEN="+s.token, "TORTURE_LOG="+s.logPath,
		"TORTURE_LOC="+s.loc, fmt.Sprintf("TORTURE_STAFF=%d", s.staff), fmt.Sprintf("TORTURE_ORDERS=%d", orders),
		fmt.Sprintf("TORTURE_SEED=%d", seed*1000+uint64(s.n*100+s.starts)),
		fmt.Sprintf("TORTURE_CLOCK_MS=%d", s.clock.Milliseconds()))
	if err != nil {
		return err
	}
	s.cmd, s.done = cmd, make(chan struct{})
	go io.Copy(io.Discard, out)
	go func(done chan struct{}) {
		cmd.Wait()
		close(done)
	}(s.done)
	return nil
}

// running reports whether the process is up.
func (s *stationProc) running() bool { return s.cmd != nil }

// kill kills the station with SIGKILL. It returns an error when the
// process had ended on its own before: a station must work until killed.
func (s *stationProc) kill() error {
	if s.cmd == nil {
		return nil
	}
	s.cmd.Process.Kill()
	<-s.done
	st := s.cmd.ProcessState
	s.cmd = nil
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return nil
	}
	return fmt.Errorf("station %s ended on its own (%v): %s", s.name, st, lastLines(tail(s.errPath), 5))
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
