//go:build unix

package loadtest

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used so far, user and
// system: on a machine shared with other work it says what the hub and
// the simulated terminals cost, where wall-clock latencies only say how
// busy the machine was.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
