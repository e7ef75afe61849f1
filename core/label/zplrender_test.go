package label

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The ZPL tests print through an independent renderer: zebrash, the ZPL
// renderer of ingridhq, as the npm package zpl-renderer-js (WebAssembly
// under Node.js). scripts/deps.sh test installs it into the git-ignored
// scripts/zpl-render/node_modules; the tests install it there themselves
// (npm ci, from npm's cache when it has it) when it is missing. Without
// Node.js the tests skip, except under CI=true, where they fail.

var zplRendererInstall = sync.OnceValues(func() (string, error) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "scripts", "zpl-render"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "zpl-renderer-js", "package.json")); err == nil {
		return dir, nil
	}
	cmd := exec.Command("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return dir, nil
})

// zplRenderer returns the directory of render.js with zpl-renderer-js
// installed beside it.
func zplRenderer(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed; the ZPL renderer needs Node.js and npm (scripts/deps.sh test installs them): %v", tool, err)
			}
			t.Skipf("%s is not installed: the ZPL tests render labels with zebrash under Node.js; run scripts/deps.sh test to install it", tool)
		}
	}
	dir, err := zplRendererInstall()
	if err != nil {
		t.Fatalf("installing the ZPL renderer (scripts/deps.sh test does it too): %v", err)
	}
	return dir
}

// zplJob is one ZPL file to render at dpmm dots per mm.
type zplJob struct {
	path string
	dpmm int
}

// renderZPL renders 4x6 inch ZPL files to PNG (path + ".png") in one run
// of the renderer: loading its WebAssembly takes longer than a label.
func renderZPL(t *testing.T, jobs []zplJob) {
	t.Helper()
	dir := zplRenderer(t)
	args := []string{filepath.Join(dir, "render.js"), fmt.Sprint(labelW), fmt.Sprint(labelH)}
	for _, j := range jobs {
		args = append(args, fmt.Sprintf("%d=%s", j.dpmm, j.path))
	}
	cmd := exec.Command("node", args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node render.js: %v\n%s", err, out)
	}
}

// TestZPLRendered prints every document with a barcode as ZPL for 203 and
// 300 dpi heads, renders it at their real 8 and 12 dots/mm, and checks the
// picture: zbarimg reads the barcode, quiet zones are at least 10 X, bars
// are as tall as promised (32 mm for the SSCC), and human-readable lines
// are centred under the bars. The shipping label's DataMatrix must read
// with dmtxread.
func TestZPLRendered(t *testing.T) {
	t.Parallel()
	requireTool(t, "zbarimg", "dmtxread")
	zplRenderer(t)
	tmp := t.TempDir()
	docs := printedDocs()
	type rendered struct {
		doc  printedDoc
		job  zplJob
		name string
	}
	var all []rendered
	for _, head := range []struct{ dpi, dpmm int }{{203, 8}, {300, 12}} {
		for _, d := range docs {
			z, err := d.zpl(head.dpi)
			if err != nil {
				t.Fatalf("%s at %d dpi: %v", d.name, head.dpi, err)
			}
			name := fmt.Sprintf("%s/%d dpi", d.name, head.dpi)
			path := filepath.Join(tmp, docFile(d, fmt.Sprintf("-%d.zpl", head.dpi)))
			if err := os.WriteFile(path, z, 0o644); err != nil {
				t.Fatal(err)
			}
			all = append(all, rendered{d, zplJob{path, head.dpmm}, name})
		}
	}
	jobs := make([]zplJob, len(all))
	for i, r := range all {
		jobs[i] = r.job
	}
	renderZPL(t, jobs)
	for _, r := range all {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			png := r.job.path + ".png"
			checkPrinted(t, png, r.doc, float64(r.job.dpmm), 0)
			if r.doc.dm != "" {
				checkDataMatrix(t, png, r.doc.dm)
			}
		})
	}
}
