package scale

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
)

// HID POS scale data report (HID usage tables, usage page 0x8D, "Scale
// Data Report"), as Dymo and Mettler Toledo USB scales send it:
//
//	byte 0  report id (3)
//	byte 1  status: 1 fault, 2 stable at zero, 3 in motion, 4 stable,
//	        5 under zero, 6 overweight, 7 needs calibration, 8 needs re-zeroing
//	byte 2  unit: 1 mg, 2 g, 3 kg, 11 oz, 12 lb (others are not package weights)
//	byte 3  exponent, signed: weight = value × 10^exponent
//	byte 4  value, low byte
//	byte 5  value, high byte
const hidReportLen = 6

var hidUnits = map[byte]string{1: "mg", 2: "g", 3: "kg", 8: "t", 11: "oz", 12: "lb"}

// ParseHIDReport reads one HID POS scale data report.
func ParseHIDReport(b []byte) (Reading, error) {
	if len(b) < hidReportLen {
		return Reading{}, fmt.Errorf("scale report of %d bytes, want %d", len(b), hidReportLen)
	}
	switch b[1] {
	case 1:
		return Reading{}, ErrFault
	case 5:
		return Reading{}, ErrUnderZero
	case 6:
		return Reading{}, ErrOverload
	case 7, 8:
		return Reading{}, ErrCalibrate
	case 2:
		return Reading{Grams: 0, Stable: true}, nil
	case 3, 4:
	default:
		return Reading{}, fmt.Errorf("scale status %d is not one this station knows", b[1])
	}
	unit, ok := hidUnits[b[2]]
	if !ok {
		return Reading{}, fmt.Errorf("scale unit code %d is not a weight unit this station reads", b[2])
	}
	raw := float64(int(b[4]) | int(b[5])<<8)
	v := raw * math.Pow10(int(int8(b[3])))
	g, err := gramsOf(v, unit)
	return Reading{Grams: g, Stable: b[1] == 4}, err
}

// HIDScale reads a USB POS scale from its hidraw device (Linux
// /dev/hidrawN), which delivers one data report per read.
type HIDScale struct {
	r io.ReadCloser
	// pending is the read still waiting for a report when the last Read
	// gave up: the next Read takes its report rather than start a second
	// read that would lose it.
	pending chan readResult
}

type readResult struct {
	r   Reading
	err error
}

// OpenHID opens a hidraw device.
func OpenHID(path string) (*HIDScale, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open scale %s: %w", path, err)
	}
	return NewHIDScale(f), nil
}

// NewHIDScale reads reports from r (a hidraw device, or a test's fake).
func NewHIDScale(r io.ReadCloser) *HIDScale { return &HIDScale{r: r} }

// Read returns the weight of the next report, or ErrNoAnswer when ctx
// ends first. One goroutine calls Read at a time.
func (s *HIDScale) Read(ctx context.Context) (Reading, error) {
	if s.pending == nil {
		ch := make(chan readResult, 1)
		s.pending = ch
		go func() {
			buf := make([]byte, 64)
			n, err := s.r.Read(buf)
			if err != nil {
				ch <- readResult{err: fmt.Errorf("read scale: %w", err)}
				return
			}
			r, err := ParseHIDReport(buf[:n])
			ch <- readResult{r, err}
		}()
	}
	select {
	case <-ctx.Done():
		return Reading{}, ErrNoAnswer
	case res := <-s.pending:
		s.pending = nil
		return res.r, res.err
	}
}

// Close closes the device.
func (s *HIDScale) Close() error { return s.r.Close() }
