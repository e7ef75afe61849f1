//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentConsole lets the subcommands (`stationhand --version`,
// `parse`, `doctor`, …) print when started from cmd.exe or PowerShell: the
// packaged exe is a GUI program (no console window of its own), so Windows
// gives it no standard output unless the caller redirected it.
func init() {
	if len(os.Args) < 2 {
		return // the window: no console wanted
	}
	if h, err := windows.GetStdHandle(windows.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != windows.InvalidHandle {
		return // output redirected to a file or pipe: keep it
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return
	}
	if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = out, out
	}
}
