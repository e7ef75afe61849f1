package scale

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kinds of scale connection.
const (
	KindHID    = "hid"    // a USB HID POS scale's hidraw device
	KindSerial = "serial" // a serial port (RS-232, or USB serial)
)

// Bauds are the speeds a serial scale can be set to here, the usual 9600
// first.
var Bauds = []int{9600, 1200, 2400, 4800, 19200, 38400, 57600, 115200}

// Config is a station's scale, as kept in the station's settings:
// "hid:/dev/hidraw0", or "serial:/dev/ttyUSB0:9600:continuous" (or
// ":sics" for Mettler Toledo MT-SICS). The zero Config is "no scale".
type Config struct {
	Kind     string
	Path     string
	Baud     int      // serial only
	Protocol Protocol // serial only
}

// ParseConfig reads a scale setting; "" is no scale.
func ParseConfig(s string) (Config, error) {
	kind, rest, _ := strings.Cut(strings.TrimSpace(s), ":")
	switch kind {
	case "":
		return Config{}, nil
	case KindHID:
		if rest == "" {
			return Config{}, fmt.Errorf("scale setting %q names no device", s)
		}
		return Config{Kind: KindHID, Path: rest}, nil
	case KindSerial:
		c := Config{Kind: KindSerial, Baud: 9600, Protocol: Continuous}
		// A Windows port (COM3) has no colon; a path may not either.
		parts := strings.Split(rest, ":")
		c.Path = parts[0]
		if len(parts) > 1 && parts[1] != "" {
			b, err := strconv.Atoi(parts[1])
			if err != nil || !slices.Contains(Bauds, b) {
				return Config{}, fmt.Errorf("scale setting %q: %q is not a serial speed (one of %v)", s, parts[1], Bauds)
			}
			c.Baud = b
		}
		if len(parts) > 2 && parts[2] != "" {
			switch Protocol(parts[2]) {
			case Continuous, SICS:
				c.Protocol = Protocol(parts[2])
			default:
				return Config{}, fmt.Errorf("scale setting %q: protocol %q is neither %s nor %s", s, parts[2], Continuous, SICS)
			}
		}
		if c.Path == "" {
			return Config{}, fmt.Errorf("scale setting %q names no port", s)
		}
		return c, nil
	}
	return Config{}, fmt.Errorf("scale setting %q is neither hid:… nor serial:…", s)
}

// String is the setting that ParseConfig reads back.
func (c Config) String() string {
	switch c.Kind {
	case KindHID:
		return KindHID + ":" + c.Path
	case KindSerial:
		baud, p := c.Baud, c.Protocol
		if baud == 0 {
			baud = 9600
		}
		if p == "" {
			p = Continuous
		}
		return fmt.Sprintf("%s:%s:%d:%s", KindSerial, c.Path, baud, p)
	}
	return ""
}

// Open opens the scale a Config names.
func Open(c Config) (Scale, error) {
	switch c.Kind {
	case KindHID:
		return OpenHID(c.Path)
	case KindSerial:
		baud := c.Baud
		if baud == 0 {
			baud = 9600
		}
		port, err := OpenSerial(c.Path, baud)
		if err != nil {
			return nil, err
		}
		p := c.Protocol
		if p == "" {
			p = Continuous
		}
		return NewSerialScale(port, p), nil
	}
	return nil, fmt.Errorf("no scale is set up")
}

// OpenSetting opens the scale a setting names (see Config).
func OpenSetting(setting string) (Scale, error) {
	c, err := ParseConfig(setting)
	if err != nil {
		return nil, err
	}
	return Open(c)
}

// ReadStable reads until the scale settles and returns that weight, or the
// scale's error, or ErrNotSettled when ctx ends first while it moves.
func ReadStable(ctx context.Context, s interface {
	Read(context.Context) (Reading, error)
}) (Reading, error) {
	var last Reading
	seen := false
	for {
		r, err := s.Read(ctx)
		if err != nil {
			if seen && ctx.Err() != nil {
				return last, ErrNotSettled
			}
			return Reading{}, err
		}
		if r.Stable {
			return r, nil
		}
		last, seen = r, true
	}
}
