package scale

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Device is a scale, or a port a scale may be on, found on this computer.
type Device struct {
	Kind string // KindHID or KindSerial
	Path string // /dev/hidraw0, /dev/ttyUSB0
	Name string // what the device calls itself, when it says
}

// Config is the device as a scale setting (serial at 9600, continuous:
// the settings screen lets a person change those).
func (d Device) Config() Config {
	if d.Kind == KindSerial {
		return Config{Kind: KindSerial, Path: d.Path, Baud: 9600, Protocol: Continuous}
	}
	return Config{Kind: KindHID, Path: d.Path}
}

// Devices lists the USB HID scales (hidraw devices whose report
// descriptor declares the scale usage page 0x8D) and the serial ports
// (USB serial adapters, and the first two built-in ports) of this Linux
// computer. Elsewhere it finds none, and the settings screen takes a
// typed port (COM3).
func Devices() []Device { return ListDevices("/") }

// ListDevices is Devices under root (a test's fake /sys and /dev).
func ListDevices(root string) []Device {
	var out []Device
	hidraws, _ := filepath.Glob(filepath.Join(root, "sys/class/hidraw/hidraw*"))
	for _, dir := range hidraws {
		desc, err := os.ReadFile(filepath.Join(dir, "device/report_descriptor"))
		if err != nil || !declaresScalePage(desc) {
			continue
		}
		out = append(out, Device{Kind: KindHID, Path: filepath.Join(root, "dev", filepath.Base(dir)), Name: hidName(dir)})
	}
	ttys, _ := filepath.Glob(filepath.Join(root, "sys/class/tty/tty*"))
	for _, dir := range ttys {
		name := filepath.Base(dir)
		switch {
		case strings.HasPrefix(name, "ttyUSB"), strings.HasPrefix(name, "ttyACM"):
		case name == "ttyS0", name == "ttyS1":
		default:
			continue
		}
		out = append(out, Device{Kind: KindSerial, Path: filepath.Join(root, "dev", name)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind == KindHID
		}
		return out[i].Path < out[j].Path
	})
	return out
}

// declaresScalePage reports whether a HID report descriptor has a Usage
// Page item for the scale page 0x8D (one data byte: 05 8D; two: 06 8D 00).
func declaresScalePage(desc []byte) bool {
	return bytes.Contains(desc, []byte{0x05, 0x8D}) || bytes.Contains(desc, []byte{0x06, 0x8D, 0x00})
}

// hidName is the HID_NAME from the device's uevent ("DYMO M25 Digital
// Postal Scale"), or "".
func hidName(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "device/uevent"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "HID_NAME="); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
