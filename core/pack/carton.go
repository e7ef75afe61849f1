package pack

import (
	"slices"

	"github.com/stationhand/stationhand/core"
)

// Unit is one item's size and weight, for choosing a carton. Unknown
// dimensions (0) fit anywhere and take no volume.
type Unit struct {
	LengthMM, WidthMM, HeightMM int
	WeightG                     int
}

func (u Unit) volume() int64 { return int64(u.LengthMM) * int64(u.WidthMM) * int64(u.HeightMM) }

// Fits reports whether the units go into carton c: each unit fits through
// the carton's inside dimensions (turned any way), their volumes together
// do not exceed its inside volume, and with the empty carton they do not
// exceed its maximum weight.
func Fits(c core.Carton, units []Unit) bool {
	box := sorted3(c.LengthMM, c.WidthMM, c.HeightMM)
	var vol int64
	weight := c.TareG
	for _, u := range units {
		d := sorted3(u.LengthMM, u.WidthMM, u.HeightMM)
		if d[0] > box[0] || d[1] > box[1] || d[2] > box[2] {
			return false
		}
		vol += u.volume()
		weight += u.WeightG
	}
	return vol <= c.VolumeMM3() && (c.MaxWeightG == 0 || weight <= c.MaxWeightG)
}

// Suggest returns the smallest carton (by inside volume, then by code) the
// units fit in. When none fits it returns the largest carton and false:
// the packer should split the order over more packages.
func Suggest(cartons []core.Carton, units []Unit) (core.Carton, bool) {
	if len(cartons) == 0 {
		return core.Carton{}, false
	}
	cs := slices.Clone(cartons)
	slices.SortStableFunc(cs, func(a, b core.Carton) int {
		if va, vb := a.VolumeMM3(), b.VolumeMM3(); va != vb {
			if va < vb {
				return -1
			}
			return 1
		}
		switch {
		case a.Code < b.Code:
			return -1
		case a.Code > b.Code:
			return 1
		}
		return 0
	})
	for _, c := range cs {
		if Fits(c, units) {
			return c, true
		}
	}
	return cs[len(cs)-1], false
}

// BoxUnits returns the units the current package will hold, for the carton
// suggestion: what is in it already and, when it is the last planned
// package, everything still to pack.
func (o *Order) BoxUnits() []Unit {
	var units []Unit
	add := func(l *Line, n int) {
		for range n {
			units = append(units, Unit{LengthMM: l.LengthMM, WidthMM: l.WidthMM, HeightMM: l.HeightMM, WeightG: l.WeightG})
		}
	}
	if b := o.Open(); b != nil {
		for _, it := range b.Items {
			add(o.line(it.LineID), it.Qty)
		}
	}
	if o.Current() >= o.Planned {
		for i := range o.Lines {
			add(&o.Lines[i], max(o.Lines[i].Remaining(), 0))
		}
	}
	return units
}

// ExpectedWeightG is what the current package should weigh in carton c:
// the carton's own weight and the product weights of BoxUnits.
func (o *Order) ExpectedWeightG(c core.Carton) int {
	w := c.TareG
	for _, u := range o.BoxUnits() {
		w += u.WeightG
	}
	return w
}

func sorted3(a, b, c int) [3]int {
	s := [3]int{a, b, c}
	slices.Sort(s[:])
	return s
}
