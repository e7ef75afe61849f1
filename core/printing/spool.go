package printing

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A spool file holds one job: a line of JSON with the job's fields, then
// the document bytes. Its name, <seq>-<id>.job with a zero-padded sequence
// number, keeps jobs in submission order across restarts.
const spoolExt = ".job"

// spooled is a job waiting in the spool; its document stays on disk until
// it is sent.
type spooled struct {
	Seq       int64     `json:"seq"`
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Format    string    `json:"format"`
	Batch     string    `json:"batch,omitempty"`
	BatchSize int       `json:"batch_size,omitempty"`
	Submitted time.Time `json:"submitted"`

	path     string
	failures int // failed attempts since the queue opened
}

func (s *spooled) info() JobInfo {
	return JobInfo{ID: s.ID, Name: s.Name, Format: s.Format, Batch: s.Batch, Submitted: s.Submitted, Failures: s.failures}
}

func spoolName(seq int64, id string) string {
	return fmt.Sprintf("%012d-%s%s", seq, fileSafe(id), spoolExt)
}

// writeSpool stores j as a spool file, durably, before the queue takes it.
func writeSpool(dir string, s *spooled, data []byte) error {
	meta, err := json.Marshal(s)
	if err != nil {
		return err
	}
	s.path = filepath.Join(dir, spoolName(s.Seq, s.ID))
	buf := make([]byte, 0, len(meta)+1+len(data))
	buf = append(append(append(buf, meta...), '\n'), data...)
	return writeFileAtomic(s.path, buf)
}

// readSpool reads a spool file's header, and its document when withData.
func readSpool(path string, withData bool) (*spooled, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, nil, fmt.Errorf("%s: no header: %w", filepath.Base(path), err)
	}
	s := &spooled{path: path}
	if err := json.Unmarshal(line, s); err != nil || s.ID == "" {
		return nil, nil, fmt.Errorf("%s: bad header: %v", filepath.Base(path), err)
	}
	if !withData {
		return s, nil, nil
	}
	var data bytes.Buffer
	if _, err := data.ReadFrom(r); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return s, data.Bytes(), nil
}

// loadSpool lists the jobs in dir in submission order. Leftover temporary
// files (a write cut short by a crash) are removed; unreadable spool files
// are renamed to .bad so a person can look at them, and reported in bad.
func loadSpool(dir string) (jobs []*spooled, bad []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir():
		case strings.HasPrefix(name, ".tmp-"):
			os.Remove(filepath.Join(dir, name))
		case strings.HasSuffix(name, spoolExt):
			path := filepath.Join(dir, name)
			s, _, err := readSpool(path, false)
			seq, perr := strconv.ParseInt(strings.SplitN(name, "-", 2)[0], 10, 64)
			if err != nil || perr != nil || s.Seq != seq {
				os.Rename(path, path+".bad")
				bad = append(bad, name)
				continue
			}
			jobs = append(jobs, s)
		}
	}
	sort.Slice(jobs, func(i, j int) bool { return jobs[i].Seq < jobs[j].Seq })
	return jobs, bad, nil
}
