package scale

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Reading is one weight from a scale.
type Reading struct {
	Grams  int
	Stable bool // the scale has settled: a weight to close a package with
}

// String says the reading for a person: "1.234 kg (stable)".
func (r Reading) String() string {
	s := "settling"
	if r.Stable {
		s = "stable"
	}
	if r.Grams < 1000 && r.Grams > -1000 {
		return fmt.Sprintf("%d g (%s)", r.Grams, s)
	}
	return fmt.Sprintf("%.3f kg (%s)", float64(r.Grams)/1000, s)
}

// Scale is a weighing device.
type Scale interface {
	// Read returns the weight now.
	Read(ctx context.Context) (Reading, error)
	Close() error
}

// Errors a scale reports; they say what the packer should do.
var (
	ErrOverload   = errors.New("the scale is overloaded: take the package off and weigh it on a bigger scale")
	ErrUnderZero  = errors.New("the scale reads below zero: empty it and zero it")
	ErrFault      = errors.New("the scale reports a fault: switch it off and on")
	ErrCalibrate  = errors.New("the scale needs calibrating or zeroing")
	ErrNoAnswer   = errors.New("the scale did not answer: check its cable and settings")
	ErrNotSettled = errors.New("the scale did not settle: keep the package still on it")
)

// gramsOf converts a value in a unit to whole grams.
func gramsOf(v float64, unit string) (int, error) {
	per, ok := map[string]float64{"g": 1, "kg": 1000, "mg": 0.001, "lb": 453.59237, "oz": 28.349523125, "t": 1e6}[unit]
	if !ok {
		return 0, fmt.Errorf("scale unit %q is not a weight unit this station reads", unit)
	}
	return int(math.Round(v * per)), nil
}
