//go:build windows

package printing

// isUnsupported: Windows cannot sync a directory handle; renames there are
// made durable by the file system itself.
func isUnsupported(error) bool { return true }
