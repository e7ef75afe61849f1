//go:build unix

package label

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (user + system): unlike
// wall time, it does not grow when other programs share the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
