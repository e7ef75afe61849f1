//go:build windows

package main

import "golang.org/x/sys/windows"

// freeDiskBytes is the space the current user may still write on the volume
// holding dir (quotas included).
func freeDiskBytes(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var freeToCaller, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &freeToCaller, &total, &free); err != nil {
		return 0, err
	}
	return freeToCaller, nil
}
