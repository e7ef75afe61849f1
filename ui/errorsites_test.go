package ui

import (
	"go/ast"
	"go/token"
	"strconv"
)

// errorSite is a place in core or sync that makes an error with a reason
// (or a package's Reason… constant, with no values): where, how many
// values it writes into its message (-1 when the scan cannot tell: values
// passed on as a slice) and the message's English format, when it is a
// literal.
type errorSite struct {
	where  string
	values int
	format string
}

// isErrorMaker reports whether name is core's function making an error
// from code, reason, format or message, and values: Errorf, Explained.
func isErrorMaker(name string) bool { return name == "Errorf" || name == "Explained" }

// errorfValues are the values and the format of a core.Errorf call
// (code, reason, format, values…) or core.Explained call (code, reason,
// message, values…).
func errorfValues(call *ast.CallExpr) (int, string) {
	return callValues(call, 3)
}

// helperValues are those of a call to a helper taking a reason first
// (gs1's invalid(reason, format, values…)); none for a helper that takes
// no values (gs1's sentinel(reason, message)).
func helperValues(fixed map[string]int, helper string, call *ast.CallExpr) (int, string) {
	n, ok := fixed[helper]
	if !ok {
		return 0, ""
	}
	return callValues(call, n)
}

// callValues counts the arguments after the first fixed ones, the last of
// which is the format; -1 when they are passed on as a slice (values...).
func callValues(call *ast.CallExpr, fixed int) (int, string) {
	format := ""
	if len(call.Args) >= fixed {
		if l, ok := call.Args[fixed-1].(*ast.BasicLit); ok && l.Kind == token.STRING {
			format, _ = strconv.Unquote(l.Value)
		}
	}
	if call.Ellipsis.IsValid() {
		return -1, format
	}
	return max(0, len(call.Args)-fixed), format
}

// literalValues counts the values of a core.Error literal: its Args, when
// written out; -1 when they come from elsewhere.
func literalValues(lit *ast.CompositeLit) int {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Args") {
			if args, ok := kv.Value.(*ast.CompositeLit); ok {
				return len(args.Elts)
			}
			return -1
		}
	}
	return 0
}

func isVariadic(f *ast.Field) bool {
	_, ok := f.Type.(*ast.Ellipsis)
	return ok
}

// valueWrapper is a function that makes a core error of one reason from
// values its callers give (printing's unavailable(p, format, values...),
// scan's mismatch(format, values...)): its values are counted at its
// callers.
type valueWrapper struct {
	reason ast.Expr  // as the core.Errorf inside names it
	fixed  int       // its parameters before the values; the last is the format
	extra  int       // values it adds before its callers' (unavailable's printer)
	inner  token.Pos // the core.Errorf inside, counted at the callers instead
}

// valueWrappers finds the wrappers declared in a file of package pkg, by
// name: functions and function literals given a name (bad := func…) whose
// last parameter, values ...any, is passed on whole to core.Errorf.
func valueWrappers(pkg string, f *ast.File) map[string]valueWrapper {
	found := map[string]valueWrapper{}
	check := func(name string, ft *ast.FuncType, body *ast.BlockStmt) {
		ps := ft.Params.List
		if body == nil || len(ps) == 0 || !isVariadic(ps[len(ps)-1]) || len(ps[len(ps)-1].Names) != 1 {
			return
		}
		values := ps[len(ps)-1].Names[0].Name
		fixed := 0
		for _, p := range ps[:len(ps)-1] {
			fixed += max(1, len(p.Names))
		}
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !call.Ellipsis.IsValid() || len(call.Args) < 4 || !isErrorf(pkg, call.Fun) {
				return true
			}
			extra, ok := passedOn(call.Args[len(call.Args)-1], values)
			if !ok || isIdent(call.Args[1], "reason") {
				return true
			}
			found[name] = valueWrapper{reason: call.Args[1], fixed: fixed, extra: extra, inner: call.Pos()}
			return true
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil {
				check(x.Name.Name, x.Type, x.Body)
			}
		case *ast.AssignStmt:
			for i, r := range x.Rhs {
				if lit, ok := r.(*ast.FuncLit); ok && i < len(x.Lhs) {
					if id, ok := x.Lhs[i].(*ast.Ident); ok {
						check(id.Name, lit.Type, lit.Body)
					}
				}
			}
		}
		return true
	})
	return found
}

// isErrorf reports whether fun is core.Errorf, seen from package pkg.
func isErrorf(pkg string, fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		return isIdent(f.X, "core") && f.Sel.Name == "Errorf"
	case *ast.Ident:
		return pkg == "core" && f.Name == "Errorf"
	}
	return false
}

// passedOn reports whether e is the values parameter passed on (values,
// or append([]any{a, b}, values...)) and how many values go before it.
func passedOn(e ast.Expr, values string) (int, bool) {
	if isIdent(e, values) {
		return 0, true
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || !isIdent(call.Fun, "append") || len(call.Args) != 2 || !isIdent(call.Args[1], values) {
		return 0, false
	}
	lit, ok := call.Args[0].(*ast.CompositeLit)
	if !ok {
		return 0, false
	}
	return len(lit.Elts), true
}
