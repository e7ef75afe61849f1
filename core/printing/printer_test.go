package printing

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
)

func TestFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "labels") // created on first print
	f := Folder{Dir: dir}
	jobs := []Job{
		{ID: "a1", Name: "Label WEB-1 package 1 of 2", Format: FormatPDF, Data: []byte("%PDF one")},
		{ID: "a2", Name: "Bag tag Zoë/Großmann ../../etc", Format: FormatZPL, Data: []byte("^XA^XZ")},
	}
	for _, j := range jobs {
		if err := f.Print(context.Background(), j); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"Label_WEB-1_package_1_of_2-a1.pdf":     "%PDF one",
		"Bag_tag_Zoë_Großmann_.._.._etc-a2.zpl": "^XA^XZ",
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		t.Errorf("folder holds %v, want %d files", entries, len(want))
	}
	for name, data := range want {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != data {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
	// A folder that cannot be written is the printer being unavailable.
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	err := Folder{Dir: blocker}.Print(context.Background(), jobs[0])
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("unwritable folder: %v", err)
	}
}

// fakeLP puts an lp first in PATH that records its arguments and standard
// input in dir (args.N, stdin.N for the Nth call) and fails with
// FAKE_LP_FAIL as its message when that is set. The printer behind CUPS is
// an edge we do not own.
func fakeLP(t *testing.T) (dir string) {
	t.Helper()
	bin, dir := t.TempDir(), t.TempDir()
	script := `#!/bin/sh
n=$(ls "$FAKE_LP_DIR" | grep -c '^args')
printf '%s\n' "$@" > "$FAKE_LP_DIR/args.$n"
cat > "$FAKE_LP_DIR/stdin.$n"
if [ -n "$FAKE_LP_FAIL" ]; then echo "lp: $FAKE_LP_FAIL" >&2; exit 1; fi
echo "request id is $2-$n (0 file(s))"
`
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("FAKE_LP_DIR", dir)
	t.Setenv("FAKE_LP_FAIL", "")
	return dir
}

func lpCall(t *testing.T, dir string, n int) (args []string, stdin string) {
	t.Helper()
	a, err := os.ReadFile(filepath.Join(dir, "args."+string(rune('0'+n))))
	if err != nil {
		t.Fatalf("lp call %d: %v", n, err)
	}
	in, _ := os.ReadFile(filepath.Join(dir, "stdin."+string(rune('0'+n))))
	return strings.Split(strings.TrimSuffix(string(a), "\n"), "\n"), string(in)
}

func TestCUPS(t *testing.T) {
	dir := fakeLP(t)
	c := CUPS{Queue: "zebra1"}
	if err := c.Print(context.Background(), Job{Name: "Label WEB-1 1 of 2", Format: FormatZPL, Data: []byte("^XA^FDÅ^FS^XZ")}); err != nil {
		t.Fatal(err)
	}
	if err := c.Print(context.Background(), Job{Name: "Packing slip WEB-1", Format: FormatPDF, Data: []byte("%PDF-1.4\n\x00\xff")}); err != nil {
		t.Fatal(err)
	}
	args, in := lpCall(t, dir, 0)
	if strings.Join(args, " ") != "-d zebra1 -t Label WEB-1 1 of 2 -o raw" || in != "^XA^FDÅ^FS^XZ" {
		t.Errorf("ZPL: lp %q with %q", args, in)
	}
	args, in = lpCall(t, dir, 1)
	if strings.Join(args, "|") != "-d|zebra1|-t|Packing slip WEB-1" || in != "%PDF-1.4\n\x00\xff" {
		t.Errorf("PDF: lp %q with %q", args, in)
	}

	t.Setenv("FAKE_LP_FAIL", "The printer or class does not exist.")
	err := c.Print(context.Background(), Job{Name: "x", Format: FormatPDF, Data: []byte("x")})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(core.ErrorMessage(err), "The printer or class does not exist.") ||
		!strings.Contains(core.ErrorMessage(err), "zebra1") {
		t.Errorf("failing lp: %v", err)
	}

	t.Setenv("PATH", t.TempDir())
	err = c.Print(context.Background(), Job{Name: "x", Format: FormatPDF, Data: []byte("x")})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(core.ErrorMessage(err), "lp command") {
		t.Errorf("no lp: %v", err)
	}
}

// TestCUPSQueue prints a batch through the queue and lp, with lp failing
// for a while: nothing is lost or sent twice.
func TestCUPSQueue(t *testing.T) {
	dir := fakeLP(t)
	t.Setenv("FAKE_LP_FAIL", "Unable to connect to the scheduler.")
	rec := newRecorder()
	q := openQueue(t, t.TempDir(), CUPS{Queue: "office"}, Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, OnProgress: rec.record})
	if _, err := q.SubmitBatch([]Job{
		{Name: "one", Format: FormatPDF, Data: []byte("%PDF 1")},
		{Name: "two", Format: FormatPDF, Data: []byte("%PDF 2")},
	}); err != nil {
		t.Fatal(err)
	}
	f := rec.waitFor(t, 5*time.Second, "failure", func(p Progress) bool { return p.Event == EventFailed })
	if !strings.Contains(core.ErrorMessage(f.Err), "Unable to connect to the scheduler.") {
		t.Errorf("failure %v", f.Err)
	}
	q.Close()
	os.RemoveAll(dir)
	os.Mkdir(dir, 0o755)
	t.Setenv("FAKE_LP_FAIL", "")
	q.Close()
	q2 := openQueue(t, q.dir, CUPS{Queue: "office"}, Options{OnProgress: rec.record})
	rec.waitFor(t, 5*time.Second, "both sent", func(p Progress) bool { return p.Event == EventSent && p.Done == 2 })
	for i, want := range []string{"%PDF 1", "%PDF 2"} {
		if _, in := lpCall(t, dir, i); in != want {
			t.Errorf("lp call %d got %q, want %q", i, in, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "args.2")); err == nil {
		t.Errorf("lp called a third time")
	}
	q2.Close()
}

func TestRaw(t *testing.T) {
	srv := startPrinter(t, "", 0)
	data := []byte(strings.Repeat("^XA^FDlabel^FS^XZ\n", 20000)) // ~400 KB: more than one write
	if err := fastRaw(srv.addr).Print(context.Background(), Job{Name: "big", Format: FormatZPL, Data: data}); err != nil {
		t.Fatal(err)
	}
	srv.stop()
	if got := srv.received(); len(got) != 1 || string(got[0]) != string(data) {
		t.Fatalf("printer got %d documents", len(got))
	}

	// A bare host gets port 9100.
	if s := (Raw{Addr: "10.0.0.21"}).String(); s != "printer 10.0.0.21:9100" {
		t.Errorf("String() = %q", s)
	}

	// A printer that keeps the connection open after the job still has
	// it: Print returns after WaitClose.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 100)
		conn.Read(buf)
		time.Sleep(2 * time.Second)
		conn.Close()
	}()
	start := time.Now()
	err = Raw{Addr: ln.Addr().String(), Timeout: time.Second, WaitClose: 200 * time.Millisecond}.Print(context.Background(), Job{Data: []byte("^XA^XZ")})
	if err != nil || time.Since(start) > 1500*time.Millisecond {
		t.Errorf("printer keeping the line open: %v after %v", err, time.Since(start))
	}
}

// A printer that resets the connection without taking the job: an error,
// so the queue keeps the job.
func TestRawReset(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		conn.(*net.TCPConn).SetLinger(0) // close with RST
		time.Sleep(100 * time.Millisecond)
		conn.Close()
	}()
	err = Raw{Addr: ln.Addr().String(), Timeout: time.Second, WaitClose: 2 * time.Second}.Print(context.Background(), Job{Data: []byte("^XA^XZ")})
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("reset by the printer: %v, want printer_unavailable", err)
	}
}

// Closing the queue (cancelling the context) breaks a send off promptly.
func TestRawCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err == nil {
			time.Sleep(3 * time.Second) // never reads: a stuck printer
			conn.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	big := make([]byte, 32<<20) // more than the socket buffers take
	err = Raw{Addr: ln.Addr().String(), Timeout: 10 * time.Second}.Print(ctx, Job{Data: big})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("cancelled send: %v after %v", err, time.Since(start))
	}
}
