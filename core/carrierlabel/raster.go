package carrierlabel

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/stationhand/stationhand/core"
)

// A PDF label for a ZPL printer is rasterised by PDFium, compiled to
// WebAssembly and run by wazero: pure Go, no renderer to install on the
// station. Compiling the module takes a few seconds of CPU, so it happens
// once per process, on first use, and the compiled code is cached in the
// user's cache directory for the next start.

var rasterizer struct {
	once gosync.Once
	mu   gosync.Mutex // a PDFium instance renders one document at a time
	inst pdfium.Pdfium
	err  error
}

func pdfiumInstance() (pdfium.Pdfium, error) {
	rasterizer.once.Do(func() {
		// PDFium's build needs the exception-handling proposal.
		rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
		if dir, err := os.UserCacheDir(); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "stationhand", "pdfium-wasm")); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
		pool, err := webassembly.Init(webassembly.Config{Context: context.Background(), MinIdle: 1, MaxIdle: 1, MaxTotal: 1, RuntimeConfig: rc, ReuseWorkers: true})
		if err != nil {
			rasterizer.err = fmt.Errorf("start the PDF renderer: %w", err)
			return
		}
		rasterizer.inst, rasterizer.err = pool.GetInstance(time.Minute)
	})
	return rasterizer.inst, rasterizer.err
}

// PDFToZPL rasterises each page of a PDF label, scaled to 4x6 in as on a
// PDF printer (To4x6), at the printer's dpi, and returns one ZPL label per
// page with the picture as a ^GF graphic field: black where the page is
// darker than mid-grey. Barcodes keep their bars whole at 203 dpi and up
// when the PDF's modules are at least two dots wide after scaling.
func PDFToZPL(pdf []byte, dpi int) ([]byte, error) {
	if dpi < 100 || dpi > 600 {
		return nil, core.Errorf(core.EINVALID, "printer_dpi", "A ZPL printer prints at 152 to 600 dpi, not %d: set its dpi in label-setup.", dpi)
	}
	scaled, err := To4x6(pdf)
	if err != nil {
		return nil, err
	}
	inst, err := pdfiumInstance()
	if err != nil {
		return nil, err
	}
	rasterizer.mu.Lock()
	defer rasterizer.mu.Unlock()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &scaled})
	if err != nil {
		return nil, core.Errorf(core.EINVALID, "carrier_label_pdf", "The carrier label's PDF cannot be rendered: %v.", err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	pages, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("carrier label pages: %w", err)
	}
	var out strings.Builder
	for i := 0; i < pages.PageCount; i++ {
		r, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{DPI: dpi, ImageFormat: requests.RenderImageFormatGrayscale,
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			return nil, fmt.Errorf("render carrier label page %d: %w", i+1, err)
		}
		writeGF(&out, r.Result.RenderedImage, 4*dpi, 6*dpi)
		r.Cleanup()
	}
	return []byte(out.String()), nil
}

const hexDigits = "0123456789ABCDEF"

// writeGF writes one ZPL label holding img as a ^GFA graphic field (one
// bit per dot, rows padded to whole bytes, hex), at most maxW by maxH
// dots: PDFium rounds a page's size in dots up, one dot past the stock.
func writeGF(b *strings.Builder, img image.Image, maxW, maxH int) {
	bounds := img.Bounds()
	w, h := min(bounds.Dx(), maxW), min(bounds.Dy(), maxH)
	row := (w + 7) / 8
	fmt.Fprintf(b, "^XA^PW%d^LL%d^LH0,0\n^FO0,0^GFA,%d,%d,%d,\n", w, h, row*h, row*h, row)
	gray, _ := img.(*image.Gray)
	line := make([]byte, row)
	for y := 0; y < h; y++ {
		clear(line)
		for x := 0; x < w; x++ {
			var lum uint8
			if gray != nil {
				lum = gray.Pix[(y)*gray.Stride+x]
			} else {
				r, g, bl, _ := img.At(bounds.Min.X+x, bounds.Min.Y+y).RGBA()
				lum = uint8((299*r + 587*g + 114*bl) / 1000 >> 8)
			}
			if lum < 128 {
				line[x/8] |= 0x80 >> (x % 8)
			}
		}
		for _, c := range line {
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
		b.WriteByte('\n')
	}
	b.WriteString("^FS\n^XZ\n")
}
