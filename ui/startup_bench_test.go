package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// BenchmarkStartupToSignIn measures what a station does from launch to the
// sign-in screen on a store of 100,000 orders / 500,000 lines: open the
// database (schema check, migrations), read the staff, build the screen.
func BenchmarkStartupToSignIn(b *testing.B) {
	path := sqlitetest.LargeStore(b, sqlitetest.LargeOrders, sqlitetest.LargeLinesPer)
	a := test.NewTempApp(b)
	b.ResetTimer()
	for range b.N {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		w := a.NewWindow("Stationhand")
		app := New(w, db, Options{Title: "Stationhand"})
		app.Start()
		if app.signIn == nil || len(app.signIn.Names.Options) == 0 {
			b.Fatal("no sign-in screen with staff")
		}
		b.StopTimer()
		w.Close()
		db.Close()
		b.StartTimer()
	}
}
