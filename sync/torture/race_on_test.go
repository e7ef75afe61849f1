//go:build race

package torture_test

// raceEnabled makes the slowest tests smaller under the race detector,
// which slows SQLite (pure Go) several times over.
const raceEnabled = true
