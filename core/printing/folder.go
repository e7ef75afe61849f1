package printing

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Folder "prints" by writing each document as a file into Dir: for
// stations that print from another program, or for trying things out.
type Folder struct {
	Dir string
}

func (f Folder) String() string { return "folder " + f.Dir }

// Print writes the job as <name>-<id>.<format> in the folder, atomically:
// the file appears complete or not at all.
func (f Folder) Print(ctx context.Context, j Job) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return unavailable(f, "cannot create the folder (%v).", err)
	}
	name := fileSafe(j.Name)
	if j.ID != "" {
		name += "-" + j.ID
	}
	path := filepath.Join(f.Dir, name+"."+fileSafe(j.Format))
	if err := writeFileAtomic(path, j.Data); err != nil {
		return unavailable(f, "cannot write %s (%v).", filepath.Base(path), err)
	}
	return nil
}

// fileSafe turns a job name into a file name that works on any system:
// letters, digits, '-', '_' and '.' kept, anything else becomes '_'.
func fileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
	s = strings.Trim(s, "._")
	if s == "" {
		return "job"
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

// writeFileAtomic writes data to a temporary file beside path, syncs it
// and renames it into place, then syncs the directory.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isUnsupported(err) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
