package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// Every name the screens give an error for the supervisors' log (logErr,
// a panel's Refuse) has a heading in the translations, and the log reads
// in the language of whoever opens it.
func TestErrorLogReadsInThePersonsLanguage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	names := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if fn := calledName(call.Fun); fn != "logErr" && fn != "Refuse" && fn != "add" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			what, _ := strconv.Unquote(lit.Value)
			names++
			if errorLogHeading(what) == what && !i18n.Has("errlog."+strings.ReplaceAll(strings.ToLower(what), " ", "_")) {
				t.Errorf("%s: the log name %q has no heading errlog.%s", fset.Position(lit.Pos()), what, strings.ReplaceAll(strings.ToLower(what), " ", "_"))
			}
			return true
		})
	}
	if names < 20 {
		t.Fatalf("found %d log names: the scan is broken", names)
	}

	t.Cleanup(func() { i18n.SetLanguage("en") })
	recentErrors.add("test print", core.Errorf(core.EUNAVAILABLE, "printer_unavailable", "The printer cannot be reached."))
	i18n.SetLanguage("th")
	got := strings.SplitN(recentErrors.text(), "\n", 2)[0]
	if !strings.Contains(got, "ทดสอบพิมพ์: ไม่สามารถติดต่อเครื่องพิมพ์ได้") {
		t.Errorf("Thai log: %q", got)
	}
	i18n.SetLanguage("en")
	if got := strings.SplitN(recentErrors.text(), "\n", 2)[0]; !strings.Contains(got, "test print: The printer cannot be reached.") {
		t.Errorf("English log: %q", got)
	}
}
