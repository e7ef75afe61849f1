//go:build !linux

package scale

import (
	"fmt"
	"os"
	"strings"
)

// OpenSerial opens a serial port. Off Linux the port keeps the speed and
// framing set in the operating system (Windows: Device Manager, the
// port's properties), because this station does not set line parameters
// there yet; baud is accepted for the same settings string on every
// system. A bare "COM3" is opened as \\.\COM3, which Windows needs for
// ports above COM9.
func OpenSerial(path string, baud int) (*os.File, error) {
	if strings.HasPrefix(strings.ToUpper(path), "COM") {
		path = `\\.\` + path
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("scale: open %s (%d baud as set in the system): %w", path, baud, err)
	}
	return f, nil
}
