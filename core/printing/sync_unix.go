//go:build !windows

package printing

import (
	"errors"
	"syscall"
)

// isUnsupported reports whether a directory sync failed only because the
// file system does not support it.
func isUnsupported(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}
