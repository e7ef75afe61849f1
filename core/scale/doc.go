// Package scale reads package weights from the pack station's scale: a USB
// HID POS scale (usage page 0x8D, as Dymo and Mettler Toledo USB scales
// report) through its hidraw device, or a serial scale speaking the common
// continuous format ("ST,GS,+  1.234 kg") or Mettler Toledo MT-SICS
// requests ("S" for a stable weight, "SI" for the weight now). A weight
// typed or scanned into the pack screen stays the fallback.
package scale
