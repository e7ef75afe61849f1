package main

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// latencyFigures is p50, p99 and the maximum of ds.
func latencyFigures(ds []time.Duration) (p50, p99, maxD time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2], s[min(len(s)-1, len(s)*99/100)], s[len(s)-1]
}

// reportLatency logs the figures of a measurement, with the machine's load.
func reportLatency(t *testing.T, what string, ds []time.Duration) time.Duration {
	t.Helper()
	p50, p99, mx := latencyFigures(ds)
	t.Logf("%s (%d scans): p50 %s, p99 %s, max %s; load average %.1f on %d CPUs", what, len(ds),
		p50.Round(100*time.Microsecond), p99.Round(100*time.Microsecond), mx.Round(100*time.Microsecond), loadAverage(), runtime.NumCPU())
	return mx
}

// judgeLatency fails when an answer took more than 100 ms to be on screen,
// unless the machine is far busier than its cores (load above twice the
// CPUs), where the timing measures the machine: then it says so.
func judgeLatency(t *testing.T, what string, ds []time.Duration) {
	t.Helper()
	mx := reportLatency(t, what, ds)
	if mx <= 100*time.Millisecond {
		return
	}
	if load, cpus := loadAverage(), runtime.NumCPU(); load > float64(2*cpus) {
		t.Logf("%s: an answer took %s, but the load average is %.0f on %d CPUs: not judged", what, mx, load, cpus)
		return
	}
	t.Errorf("%s: an answer took %s to be on screen, more than 100 ms", what, mx)
}
