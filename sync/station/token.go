package station

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// TokenPath is where the hub token of the station whose database is
// dbPath lives: beside the database, never inside it (a copied database,
// a support bundle or a backup must not carry the station's credential).
func TokenPath(dbPath string) string { return dbPath + ".token" }

// CAPath is where the hub's pinned private CA certificate is kept.
func CAPath(dbPath string) string { return dbPath + ".hub-ca.pem" }

// SaveToken writes the token to path, readable and writable by the
// station's user only (0600), replacing any older one atomically.
func SaveToken(path, token string) error {
	token = strings.TrimSpace(token)
	if token == "" {
		return core.Errorf(core.EINVALID, "no_token", "The token is empty.")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".token-*")
	if err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("save token: %w", err)
	}
	if _, err := tmp.WriteString(token + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("save token: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save token: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	return nil
}

// LoadToken reads the token at path; "" when there is none. A token file
// others can read is made private again first (on Windows the user's
// profile folder is private already).
func LoadToken(path string) (string, error) {
	fi, err := os.Stat(path)
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return "", core.Errorf(core.EFORBIDDEN, "token_file_open",
				"The token file %s can be read by other users and could not be made private (%v): fix its permissions (chmod 600).", path, err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// ReadTokenFrom reads a token given to a command: from a file, or from
// standard input for "-". It is never taken from the command line, where
// ps and the shell history would show it.
func ReadTokenFrom(file string, stdin io.Reader) (string, error) {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 4096))
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return "", core.Errorf(core.EINVALID, "token_file", "Cannot read the token from %s: %v.", file, err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" || strings.ContainsAny(t, " \n\t") {
		return "", core.Errorf(core.EINVALID, "token_file", "%s does not hold one token.", file)
	}
	return t, nil
}

// Mask shows enough of a token to tell two apart, never enough to use it:
// "sht_Ab12…(47 characters)".
func Mask(token string) string {
	if len(token) <= 8 {
		return strings.Repeat("•", len(token))
	}
	return fmt.Sprintf("%s…(%d characters)", token[:8], len(token))
}
