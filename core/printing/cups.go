package printing

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
)

// CUPS prints through a CUPS queue with the lp command, which must be on
// PATH. ZPL goes with -o raw so CUPS hands it to the printer untouched;
// PDF is converted by the queue's filters.
type CUPS struct {
	Queue string
}

func (c CUPS) String() string { return "CUPS queue " + c.Queue }

// Print runs `lp -d QUEUE -t NAME [-o raw]` with the document on standard
// input. An lp that fails, or no lp at all, is reported as the printer
// being unavailable, with what lp said.
func (c CUPS) Print(ctx context.Context, j Job) error {
	lp, err := exec.LookPath("lp")
	if err != nil {
		return unavailable(c, "the lp command (CUPS) is not installed on this computer.")
	}
	args := []string{"-d", c.Queue, "-t", j.Name}
	if j.Format == FormatZPL {
		args = append(args, "-o", "raw")
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, lp, args...)
	cmd.Stdin = bytes.NewReader(j.Data)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		var ee *exec.ExitError
		if msg == "" || !errors.As(err, &ee) {
			msg = err.Error()
		}
		return unavailable(c, "lp failed: %s", msg)
	}
	return nil
}
