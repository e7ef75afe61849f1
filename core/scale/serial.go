package scale

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Protocol is how a serial scale sends its weight.
type Protocol string

const (
	// Continuous scales send a line per reading without being asked:
	// "ST,GS,+  1.234 kg" (ST stable or US unstable, GS gross or NT net),
	// or a bare "   1.234 kg".
	Continuous Protocol = "continuous"
	// SICS is Mettler Toledo's MT-SICS: the station sends "S" (a stable
	// weight) or "SI" (the weight now) and the scale answers
	// "S S      1.234 kg" (S stable, D dynamic; I busy, + overload,
	// - underload).
	SICS Protocol = "sics"
)

var (
	continuousRE = regexp.MustCompile(`(?i)^\s*(?:(ST|US|OL)\s*,\s*(?:GS|NT|TR)\s*,?)?\s*([+-]?)\s*(\d+(?:[.,]\d+)?)\s*(kg|g|lb|oz)\s*$`)
	sicsRE       = regexp.MustCompile(`(?i)^\s*S\s+([SDI+-])\s*(?:([+-]?)\s*(\d+(?:[.,]\d+)?)\s*(kg|g|lb|oz))?\s*$`)
)

// ParseLine reads one line a serial scale sent, in either protocol.
func ParseLine(line string) (Reading, error) {
	line = strings.TrimRight(line, "\r\n")
	if m := sicsRE.FindStringSubmatch(line); m != nil {
		switch m[1] {
		case "I":
			return Reading{}, ErrNoAnswer
		case "+":
			return Reading{}, ErrOverload
		case "-":
			return Reading{}, ErrUnderZero
		}
		if m[3] == "" {
			return Reading{}, fmt.Errorf("scale answer %q has no weight", line)
		}
		return reading(m[2], m[3], m[4], strings.EqualFold(m[1], "S"))
	}
	if m := continuousRE.FindStringSubmatch(line); m != nil {
		if strings.EqualFold(m[1], "OL") {
			return Reading{}, ErrOverload
		}
		return reading(m[2], m[3], m[4], !strings.EqualFold(m[1], "US"))
	}
	return Reading{}, fmt.Errorf("scale sent %q, which is not a weight", line)
}

func reading(sign, num, unit string, stable bool) (Reading, error) {
	v, err := strconv.ParseFloat(strings.Replace(num, ",", ".", 1), 64)
	if err != nil {
		return Reading{}, fmt.Errorf("scale weight %q: %w", num, err)
	}
	if sign == "-" {
		v = -v
	}
	g, err := gramsOf(v, strings.ToLower(unit))
	if err != nil {
		return Reading{}, err
	}
	if g < 0 {
		return Reading{}, ErrUnderZero
	}
	return Reading{Grams: g, Stable: stable}, nil
}

// SerialScale reads a scale on a serial line (a port opened with
// OpenSerial, or a test's pipe).
type SerialScale struct {
	rw       io.ReadWriteCloser
	protocol Protocol
	lines    *bufio.Reader
	// pending is the line still awaited when the last Read gave up (see
	// HIDScale.pending); an MT-SICS scale is not asked again meanwhile.
	pending chan readResult
}

// NewSerialScale reads a scale speaking protocol over rw.
func NewSerialScale(rw io.ReadWriteCloser, protocol Protocol) *SerialScale {
	return &SerialScale{rw: rw, protocol: protocol, lines: bufio.NewReader(rw)}
}

// Read returns the weight: the next line of a continuous scale, or the
// answer to "SI" (the weight now, stable or not) from an MT-SICS scale;
// ErrNoAnswer when ctx ends first. One goroutine calls Read at a time.
func (s *SerialScale) Read(ctx context.Context) (Reading, error) {
	if s.pending == nil {
		if s.protocol == SICS {
			if _, err := io.WriteString(s.rw, "SI\r\n"); err != nil {
				return Reading{}, fmt.Errorf("ask the scale: %w", err)
			}
		}
		ch := make(chan readResult, 1)
		s.pending = ch
		go func() {
			line, err := s.lines.ReadString('\n')
			if err != nil {
				ch <- readResult{err: fmt.Errorf("read scale: %w", err)}
				return
			}
			r, err := ParseLine(line)
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

// Close closes the line.
func (s *SerialScale) Close() error { return s.rw.Close() }
