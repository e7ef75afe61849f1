package loadtest

import (
	"runtime/metrics"
	"time"
)

// schedLatencies reads how long goroutines have waited, runnable, for a
// processor, since the process started: a load test whose answers are
// late while its processors are not all busy is waiting on something
// else than the machine.
func schedLatencies() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		return nil
	}
	return s[0].Value.Float64Histogram()
}

// schedPercentile is the p-th percentile of the waits between two reads
// of schedLatencies.
func schedPercentile(before, after *metrics.Float64Histogram, p float64) time.Duration {
	if before == nil || after == nil || len(before.Counts) != len(after.Counts) {
		return 0
	}
	var total uint64
	diff := make([]uint64, len(after.Counts))
	for i := range diff {
		diff[i] = after.Counts[i] - before.Counts[i]
		total += diff[i]
	}
	if total == 0 {
		return 0
	}
	want := uint64(float64(total) * p)
	var seen uint64
	for i, n := range diff {
		seen += n
		if seen > want {
			return time.Duration(after.Buckets[i+1] * float64(time.Second))
		}
	}
	return time.Duration(after.Buckets[len(after.Buckets)-1] * float64(time.Second))
}
