package ui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// errorReasons are the reasons core's errors can carry, read from core's
// source: the Reason of every core.Error literal, the reason of every
// core.Errorf call and of every call to a helper that takes the reason as
// its first parameter (gs1's invalid, sentinel), resolved through the
// constants and sentinel errors they name. A reason the scan cannot
// resolve fails the test, so a new way of building errors is noticed.
// Each reason comes with the places that make it and how many values each
// writes into its message (errorSite).
func errorReasons(t *testing.T) map[string][]errorSite {
	t.Helper()
	fset := token.NewFileSet()
	type file struct {
		dir string
		f   *ast.File
	}
	var files []file
	collect := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && filepath.ToSlash(p) == "../sync/hub/console" {
			return filepath.SkipDir // the hub's web console answers its own users, in its own pages
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, file{filepath.Dir(p), f})
		return nil
	}
	// core's errors, and sync's: the station's client and the hub, whose
	// refusals reach the station's screens through the wire.
	for _, root := range []string{"../core", "../sync"} {
		if err := filepath.WalkDir(root, collect); err != nil {
			t.Fatal(err)
		}
	}
	pkgName := func(dir string) string { return filepath.Base(dir) }
	// String constants and helpers taking a reason, by package.
	consts := map[string]string{} // "pkg.Name" -> value
	helpers := map[string]bool{}  // "pkg.func"
	// A helper's fixed parameters when its last is the values (args
	// ...any); absent when it takes no values (gs1's sentinel).
	helperFixed := map[string]int{}
	for _, fl := range files {
		pkg := pkgName(fl.dir)
		for _, decl := range fl.f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if i < len(vs.Values) {
							if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								consts[pkg+"."+name.Name], _ = strconv.Unquote(lit.Value)
							}
						}
					}
				}
			case *ast.FuncDecl:
				if ps := d.Type.Params.List; len(ps) > 0 && len(ps[0].Names) > 0 && ps[0].Names[0].Name == "reason" {
					helpers[pkg+"."+d.Name.Name] = true
					if last := ps[len(ps)-1]; len(ps) > 1 && isVariadic(last) {
						fixed := 0
						for _, p := range ps {
							fixed += max(1, len(p.Names))
						}
						helperFixed[pkg+"."+d.Name.Name] = fixed - 1
					}
				}
			}
		}
	}
	// Sentinels: "pkg.ErrX" -> reason, from `ErrX = &Error{Reason: …}`
	// and `ErrX = sentinel(ReasonX, …)`; resolved after the reasons.
	type pending struct {
		pkg    string
		expr   ast.Expr
		pos    token.Pos
		fn     *ast.FuncDecl
		values int    // how many values the message names; -1: cannot tell
		format string // the English message's format, when a literal
	}
	sentinelExpr := map[string]pending{}
	var uses []pending
	wrappers := map[string]valueWrapper{} // "pkg.name"
	wrapped := map[token.Pos]bool{}       // their inner core.Errorf
	for _, fl := range files {
		pkg := pkgName(fl.dir)
		for name, w := range valueWrappers(pkg, fl.f) {
			wrappers[pkg+"."+name] = w
			wrapped[w.inner] = true
		}
	}
	for _, fl := range files {
		pkg := pkgName(fl.dir)
		for _, decl := range fl.f.Decls {
			fn, _ := decl.(*ast.FuncDecl)
			if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if i >= len(vs.Values) {
							continue
						}
						v := vs.Values[i]
						if u, ok := v.(*ast.UnaryExpr); ok {
							v = u.X
						}
						switch x := v.(type) {
						case *ast.CompositeLit:
							if !isErrorType(pkg, x.Type) {
								continue
							}
							for _, el := range x.Elts {
								if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Reason") {
									sentinelExpr[pkg+"."+name.Name] = pending{pkg: pkg, expr: kv.Value, pos: kv.Pos(), values: literalValues(x)}
								}
							}
						case *ast.CallExpr:
							if id, ok := x.Fun.(*ast.Ident); ok && helpers[pkg+"."+id.Name] && len(x.Args) > 0 {
								values, format := helperValues(helperFixed, pkg+"."+id.Name, x)
								sentinelExpr[pkg+"."+name.Name] = pending{pkg, x.Args[0], x.Pos(), nil, values, format}
							}
						}
					}
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CompositeLit:
					if !isErrorType(pkg, x.Type) {
						return true
					}
					for _, el := range x.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Reason") {
							uses = append(uses, pending{pkg: pkg, expr: kv.Value, pos: kv.Pos(), fn: fn, values: literalValues(x)})
						}
					}
				case *ast.CallExpr:
					switch f := x.Fun.(type) {
					case *ast.SelectorExpr:
						if isIdent(f.X, "core") && isErrorMaker(f.Sel.Name) && len(x.Args) > 1 && !wrapped[x.Pos()] {
							values, format := errorfValues(x)
							uses = append(uses, pending{pkg, x.Args[1], x.Pos(), fn, values, format})
						}
					case *ast.Ident:
						if w, ok := wrappers[pkg+"."+f.Name]; ok {
							values, format := callValues(x, w.fixed)
							if values >= 0 {
								values += w.extra
							}
							uses = append(uses, pending{pkg, w.reason, x.Pos(), fn, values, format})
						} else if pkg == "core" && isErrorMaker(f.Name) && len(x.Args) > 1 && !wrapped[x.Pos()] {
							values, format := errorfValues(x)
							uses = append(uses, pending{pkg, x.Args[1], x.Pos(), fn, values, format})
						} else if helpers[pkg+"."+f.Name] && len(x.Args) > 0 {
							values, format := helperValues(helperFixed, pkg+"."+f.Name, x)
							uses = append(uses, pending{pkg, x.Args[0], x.Pos(), fn, values, format})
						}
					}
				}
				return true
			})
		}
	}
	var resolve func(pkg string, e ast.Expr) (string, bool)
	resolve = func(pkg string, e ast.Expr) (string, bool) {
		switch x := e.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(x.Value)
			return s, err == nil
		case *ast.Ident:
			v, ok := consts[pkg+"."+x.Name]
			return v, ok
		case *ast.SelectorExpr:
			if x.Sel.Name == "Reason" { // ErrX.Reason, core.ErrX.Reason
				key := ""
				switch s := x.X.(type) {
				case *ast.Ident:
					key = pkg + "." + s.Name
				case *ast.SelectorExpr:
					if id, ok := s.X.(*ast.Ident); ok {
						key = id.Name + "." + s.Sel.Name
					}
				}
				if p, ok := sentinelExpr[key]; ok {
					return resolve(p.pkg, p.expr)
				}
				return "", false
			}
			if id, ok := x.X.(*ast.Ident); ok {
				v, ok := consts[id.Name+"."+x.Sel.Name]
				return v, ok
			}
		}
		return "", false
	}
	reasons := map[string][]errorSite{}
	// Outside package core (whose Reason… constants include why a
	// customer returns an item), a package's Reason… constants are the
	// reasons of its errors.
	reasonConsts := map[string]bool{}
	for name, v := range consts {
		pkg, c, _ := strings.Cut(name, ".")
		if pkg != "core" && strings.HasPrefix(c, "Reason") {
			reasonConsts[pkg] = true
			reasons[v] = append(reasons[v], errorSite{where: "core/" + pkg + " " + c})
		}
	}
	for _, u := range append(uses, mapValues(sentinelExpr)...) {
		r, ok := resolve(u.pkg, u.expr)
		if !ok {
			// A helper passing its own reason parameter on is resolved
			// at its callers.
			if id, isID := u.expr.(*ast.Ident); isID && id.Name == "reason" && u.fn != nil &&
				(helpers[u.pkg+"."+u.fn.Name.Name] || (u.pkg == "core" && isErrorMaker(u.fn.Name.Name))) {
				continue
			}
			// An error rebuilt from another's reason (e.Reason, the wire's
			// e.Detail.Reason) carries one counted where it was made.
			if sel, isSel := u.expr.(*ast.SelectorExpr); isSel && sel.Sel.Name == "Reason" {
				if _, sentinel := u.expr.(*ast.SelectorExpr).X.(*ast.Ident); !sentinel || !strings.HasPrefix(sel.X.(*ast.Ident).Name, "Err") {
					continue
				}
			}
			// A package's own Reason… constants are all counted below,
			// whichever function hands them on (gs1's lint).
			if _, isID := u.expr.(*ast.Ident); isID && reasonConsts[u.pkg] {
				continue
			}
			t.Errorf("%s: cannot tell which reason this error has; name it with a literal, a constant or a sentinel's Reason", fset.Position(u.pos))
			continue
		}
		reasons[r] = append(reasons[r], errorSite{fset.Position(u.pos).String(), u.values, u.format})
	}
	return reasons
}

// isErrorType reports whether a composite literal's type is core.Error.
func isErrorType(pkg string, e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return pkg == "core" && x.Name == "Error"
	case *ast.SelectorExpr:
		return isIdent(x.X, "core") && x.Sel.Name == "Error"
	}
	return false
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func mapValues[K comparable, V any](m map[K]V) []V {
	var vs []V
	for _, v := range m {
		vs = append(vs, v)
	}
	return vs
}

// Every reason core's errors can carry has a text in the translations
// (error.<reason>, in general words, so without values), and a detail
// text names only values ({{.V1}}…). i18n_test.go checks every language
// has what English has.
func TestEveryErrorReasonIsTranslated(t *testing.T) {
	reasons := errorReasons(t)
	if len(reasons) < 100 {
		t.Fatalf("found only %d reasons in core: the scan is broken", len(reasons))
	}
	en := i18n.English()
	var missing []string
	for r, where := range reasons {
		text, ok := en["error."+r]
		if !ok {
			missing = append(missing, r+" ("+where[0].where+")")
			continue
		}
		if i18n.Placeholders("error."+r) > 0 {
			t.Errorf("error.%s names values (%q): values go in error.%s.detail, the general text is shown when the error has none", r, text, r)
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("no translation for the error reason %s", m)
	}
	for key := range en {
		base, ok := strings.CutSuffix(key, ".detail")
		if !ok || !strings.HasPrefix(key, "error.") {
			continue
		}
		if _, ok := en[base]; !ok {
			t.Errorf("%s has no general text %s", key, base)
		}
	}
}

// A domain error reads in the screen's language: with the values it names
// when it carries them, in general words when it does not (a sentinel
// returned as it is), and as core wrote it in English.
func TestErrorTextNamesTheErrorsValues(t *testing.T) {
	wrongBin := core.Errorf(core.ECONFLICT, core.ErrWrongBin.Reason, "Wrong bin: this is %s. Go to bin %s.", "A-01-1", "B-02-3")
	t.Cleanup(func() { i18n.SetLanguage("en") })

	i18n.SetLanguage("en")
	if got := errorText(wrongBin); got != "Wrong bin: this is A-01-1. Go to bin B-02-3." {
		t.Errorf("English: %q, want core's message", got)
	}
	i18n.SetLanguage("th")
	if got, want := errorText(fmt.Errorf("pick 7: %w", wrongBin)), "ช่องเก็บผิด นี่คือ A-01-1 ไปที่ช่องเก็บ B-02-3"; got != want {
		t.Errorf("Thai, with values: %q, want %q", got, want)
	}
	if got, want := errorText(core.ErrWrongBin), i18n.T("error.wrong_bin"); got != want || got == core.ErrWrongBin.Message {
		t.Errorf("Thai, a sentinel without values: %q, want %q", got, want)
	}
	// One value where the detail text names two: the general text.
	short := core.Errorf(core.ECONFLICT, core.ErrWrongBin.Reason, "Wrong bin %s.", "A-01-1")
	if got := errorText(short); got != i18n.T("error.wrong_bin") {
		t.Errorf("Thai, too few values: %q, want the general text", got)
	}
	i18n.SetLanguage("es")
	cancelled := core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: do not pick it.", "ORD-1001")
	if got := errorText(cancelled); !strings.Contains(got, "ORD-1001") || !strings.Contains(got, "se canceló") {
		t.Errorf("Spanish: %q, want the order named in Spanish", got)
	}
	// A reason new in core: every language shows it, in general words.
	i18n.SetLanguage("vi")
	parcel := core.Errorf(core.ENOTFOUND, core.ErrUnknownParcel.Reason, "No parcel here has the SSCC or tracking number %s.", "1Z999")
	if got := errorText(parcel); !strings.Contains(got, "1Z999") || strings.Contains(got, "No parcel") {
		t.Errorf("Vietnamese: %q", got)
	}
}
