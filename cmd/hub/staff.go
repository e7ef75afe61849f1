package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/stationhand/stationhand/core"
)

func init() {
	register(command{name: "staff", summary: "add, list, deactivate or reactivate staff", run: runStaff})
}

func runStaff(ctx context.Context, args []string) int {
	fs, dsn := newFlags("staff", `add --location L --name N --roles R1,R2 --pin PIN [--badge B] [--language LANG]
       hub staff list [--location L]
       hub staff language ID --language LANG
       hub staff deactivate ID  |  hub staff activate ID
       hub staff pin ID --pin NEW

Staff sign in at the terminals of their location with their PIN (stored only
as a hash) or badge (not supervisors: they approve, so they sign in with a
PIN of at least six digits; pin gives anyone a new PIN). Roles: picker, packer, associate, inspector, dispatch, supervisor.
Language: the language the station screens speak to them from their next
sign-in (en, th, vi, id, zh-Hans, es; "" for the station's default).
Changes reach the terminals with their next pull.`)
	loc := fs.String("location", "", "the location (add, list)")
	name := fs.String("name", "", "full name (add)")
	badge := fs.String("badge", "", "badge id (add)")
	roles := fs.String("roles", "", "comma-separated roles (add)")
	language := fs.String("language", "", "en, th, vi, id, zh-Hans or es; empty for the station's default (add, language)")
	pin := fs.String("pin", "", "4 to 8 digits, 6 to 8 for supervisors (add, pin)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	sub := fs.Arg(0)
	fs.Parse(fs.Args()[1:]) // positional arguments only, see parse
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	switch sub {
	case "add":
		if *loc == "" || *name == "" || *roles == "" || *pin == "" {
			fs.Usage()
			return 2
		}
		var rs []core.Role
		for _, r := range strings.Split(*roles, ",") {
			rs = append(rs, core.Role(strings.TrimSpace(r)))
		}
		m, err := db.AddStaff(ctx, *loc, core.Staff{Name: *name, Badge: *badge, Roles: rs, Language: *language}, *pin)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "staff %d: %s at %s\n", m.ID, m.Name, m.Location)
		return 0
	case "list":
		ms, err := db.Staff(ctx, *loc)
		if err != nil {
			return fail(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tLOCATION\tBADGE\tROLES\tLANGUAGE\tACTIVE")
		for _, m := range ms {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%v\n", m.ID, m.Name, m.Location, m.Badge, joinRoles(m.Roles), m.Language, m.Active)
		}
		return flushErr(w.Flush())
	case "pin":
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if fs.NArg() != 1 || err != nil || *pin == "" {
			fs.Usage()
			return 2
		}
		if err := db.SetStaffPIN(ctx, id, *pin); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "staff %d has a new PIN; their stations take it with their next pull\n", id)
		return 0
	case "language":
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if fs.NArg() != 1 || err != nil {
			fs.Usage()
			return 2
		}
		if err := db.SetStaffLanguage(ctx, id, *language); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "staff %d speaks %q; their stations take it with their next pull\n", id, *language)
		return 0
	case "deactivate", "activate":
		if fs.NArg() != 1 {
			fs.Usage()
			return 2
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			fmt.Fprintf(stderr, "hub staff %s: %q is not a staff id\n", sub, fs.Arg(0))
			return 2
		}
		if err := db.SetStaffActive(ctx, id, sub == "activate"); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "staff %d %sd\n", id, sub)
		return 0
	}
	fs.Usage()
	return 2
}

func joinRoles(rs []core.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}
