package pack_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
)

var catalogue = []core.Carton{
	{Code: "L", Name: "Large", LengthMM: 600, WidthMM: 400, HeightMM: 400, MaxWeightG: 30000, TareG: 900},
	{Code: "XS", Name: "Mailer", LengthMM: 250, WidthMM: 180, HeightMM: 40, MaxWeightG: 2000, TareG: 60},
	{Code: "M", Name: "Medium", LengthMM: 400, WidthMM: 300, HeightMM: 200, MaxWeightG: 20000, TareG: 300},
	{Code: "S", Name: "Small", LengthMM: 300, WidthMM: 200, HeightMM: 150, MaxWeightG: 10000, TareG: 180},
	{Code: "TUBE", Name: "Poster tube", LengthMM: 1000, WidthMM: 100, HeightMM: 100, MaxWeightG: 3000, TareG: 250},
}

func units(n int, u pack.Unit) []pack.Unit {
	out := make([]pack.Unit, n)
	for i := range out {
		out[i] = u
	}
	return out
}

func TestSuggestCarton(t *testing.T) {
	tshirt := pack.Unit{LengthMM: 240, WidthMM: 170, HeightMM: 30, WeightG: 200}
	mug := pack.Unit{LengthMM: 120, WidthMM: 90, HeightMM: 100, WeightG: 350}
	tests := []struct {
		name  string
		units []pack.Unit
		want  string
		fits  bool
	}{
		{"one flat item goes in the mailer", units(1, tshirt), "XS", true},
		{"turned any way: the same item given upright", []pack.Unit{{LengthMM: 30, WidthMM: 240, HeightMM: 170, WeightG: 200}}, "XS", true},
		{"two flat items exceed the mailer's height by volume", units(2, tshirt), "S", true},
		{"a mug is too tall for the mailer", units(1, mug), "S", true},
		// 11 plates are 9.9 dm³: more than Small's 9 dm³, so volume alone
		// would pick the 10 dm³ tube, but a 150 mm plate does not go
		// through a 100 mm tube.
		{"volume fits the tube but the width does not", units(11, pack.Unit{LengthMM: 150, WidthMM: 150, HeightMM: 40, WeightG: 100}), "M", true},
		{"a long thin item only fits the tube", []pack.Unit{{LengthMM: 900, WidthMM: 60, HeightMM: 60, WeightG: 400}}, "TUBE", true},
		{"weight over Small's maximum takes Medium", units(2, pack.Unit{LengthMM: 100, WidthMM: 100, HeightMM: 100, WeightG: 5000}), "M", true},
		{"unknown sizes fit the smallest", units(3, pack.Unit{WeightG: 100}), "XS", true},
		{"nothing fits: the largest, and say so", units(1, pack.Unit{LengthMM: 700, WidthMM: 500, HeightMM: 500}), "L", false},
		{"too heavy for any carton", units(1, pack.Unit{LengthMM: 10, WidthMM: 10, HeightMM: 10, WeightG: 40000}), "L", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fits := pack.Suggest(catalogue, tt.units)
			if got.Code != tt.want || fits != tt.fits {
				t.Fatalf("got %s (fits %v), want %s (fits %v)", got.Code, fits, tt.want, tt.fits)
			}
		})
	}
	if c, ok := pack.Suggest(nil, units(1, mug)); ok || c.Code != "" {
		t.Fatalf("no catalogue: %+v %v", c, ok)
	}
}

func TestBoxUnitsAndExpectedWeight(t *testing.T) {
	o := order()
	ok := applier(t, o)
	// The only package: it takes everything still to pack (2 mugs; the
	// earbuds have no size; the short honey nothing).
	if got := len(o.BoxUnits()); got != 3 {
		t.Fatalf("units for package 1 of 1: %d", got)
	}
	if w := o.ExpectedWeightG(catalogue[3]); w != 180+2*300 {
		t.Fatalf("expected weight %d", w)
	}
	ok(o.Plan(2))
	ok(o.Scan(item(t, mugGTIN, mugID, "")))
	// Package 1 of 2 holds only what is in it so far.
	if got := len(o.BoxUnits()); got != 1 {
		t.Fatalf("units for package 1 of 2: %d", got)
	}
}
