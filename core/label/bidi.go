package label

import "golang.org/x/text/unicode/bidi"

// bidiLevels returns the embedding level of each rune of one line of
// text by the Unicode Bidirectional Algorithm (UAX #9): even levels run
// left to right, odd ones right to left. Character classes come from
// golang.org/x/text/unicode/bidi; its Paragraph.Order only reports each
// run's direction, not its level, and the levels are what reordering
// needs (a number inside Hebrew inside a Latin line sits at level 2).
//
// Document text has no explicit embeddings, overrides or isolates
// (clean turns controls into spaces; formatting characters are treated as
// boundary neutrals), so the explicit rules (X1–X10) reduce to one level
// run at the paragraph level, and bracket pairs (N0) are resolved as
// plain neutrals, which only matters for brackets around mixed text.
func bidiLevels(rs []rune) (levels []uint8, para uint8) {
	n := len(rs)
	cls := make([]bidi.Class, n)
	para = 0
	found := false
	for i, r := range rs {
		p, _ := bidi.LookupRune(r)
		c := p.Class()
		if c >= bidi.Control || c == bidi.BN {
			c = bidi.BN
		}
		cls[i] = c
		if !found && (c == bidi.L || c == bidi.R || c == bidi.AL) { // P2, P3
			found = true
			if c != bidi.L {
				para = 1
			}
		}
	}
	sos := bidi.L
	if para == 1 {
		sos = bidi.R
	}
	// W1: marks take the class of what precedes them.
	prev := sos
	for i, c := range cls {
		switch c {
		case bidi.NSM:
			cls[i] = prev
		case bidi.BN:
			continue
		}
		prev = cls[i]
	}
	// W2, W3: European digits after Arabic letters are Arabic numbers;
	// Arabic letters are R.
	strong := sos
	for i, c := range cls {
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL {
				cls[i] = bidi.AN
			}
		}
	}
	for i, c := range cls {
		if c == bidi.AL {
			cls[i] = bidi.R
		}
	}
	// W4: a single separator between two numbers of the same kind.
	for i := 1; i+1 < n; i++ {
		a, c, b := cls[i-1], cls[i], cls[i+1]
		if c == bidi.ES && a == bidi.EN && b == bidi.EN {
			cls[i] = bidi.EN
		} else if c == bidi.CS && a == b && (a == bidi.EN || a == bidi.AN) {
			cls[i] = a
		}
	}
	// W5: terminators next to European numbers join them.
	for i := 0; i < n; i++ {
		if cls[i] != bidi.ET {
			continue
		}
		j := i
		for j < n && cls[j] == bidi.ET {
			j++
		}
		if (i > 0 && cls[i-1] == bidi.EN) || (j < n && cls[j] == bidi.EN) {
			for k := i; k < j; k++ {
				cls[k] = bidi.EN
			}
		}
		i = j - 1
	}
	// W6: other separators and terminators are neutral.
	for i, c := range cls {
		if c == bidi.ES || c == bidi.ET || c == bidi.CS {
			cls[i] = bidi.ON
		}
	}
	// W7: European numbers after L are L.
	strong = sos
	for i, c := range cls {
		switch c {
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L {
				cls[i] = bidi.L
			}
		}
	}
	// N1, N2: neutrals between two strong types of the same direction
	// (numbers count as R) take it, others the paragraph's.
	dir := func(c bidi.Class) bidi.Class {
		switch c {
		case bidi.L:
			return bidi.L
		case bidi.R, bidi.EN, bidi.AN:
			return bidi.R
		}
		return bidi.ON
	}
	for i := 0; i < n; i++ {
		if dir(cls[i]) != bidi.ON {
			continue
		}
		j := i
		for j < n && dir(cls[j]) == bidi.ON {
			j++
		}
		before, after := sos, sos // sos and eos: the paragraph level
		if i > 0 {
			before = dir(cls[i-1])
		}
		if j < n {
			after = dir(cls[j])
		}
		fill := sos
		if before == after {
			fill = before
		}
		for k := i; k < j; k++ {
			cls[k] = fill
		}
		i = j - 1
	}
	// I1, I2: implicit levels.
	levels = make([]uint8, n)
	for i, c := range cls {
		lv := para
		switch {
		case para%2 == 0 && c == bidi.R:
			lv++
		case para%2 == 0 && (c == bidi.AN || c == bidi.EN):
			lv += 2
		case para%2 == 1 && (c == bidi.L || c == bidi.EN || c == bidi.AN):
			lv++
		}
		levels[i] = lv
	}
	// L1: trailing whitespace goes back to the paragraph level.
	for i := n - 1; i >= 0; i-- {
		if p, _ := bidi.LookupRune(rs[i]); p.Class() != bidi.WS {
			break
		}
		levels[i] = para
	}
	return levels, para
}

// visualOrder returns the runs of equal level as [start, end) rune ranges
// in left-to-right display order (rule L2: from the highest level down,
// reverse every sequence at that level or above).
func visualOrder(levels []uint8) [][2]int {
	var runs [][2]int
	var lv []uint8
	for i := 0; i < len(levels); {
		j := i
		for j < len(levels) && levels[j] == levels[i] {
			j++
		}
		runs = append(runs, [2]int{i, j})
		lv = append(lv, levels[i])
		i = j
	}
	var hi, lo uint8 = 0, 255
	for _, l := range lv {
		hi, lo = max(hi, l), min(lo, l)
	}
	if lo%2 == 0 {
		lo++
	}
	for l := hi; l >= lo && l > 0; l-- {
		for i := 0; i < len(runs); {
			if lv[i] < l {
				i++
				continue
			}
			j := i
			for j < len(runs) && lv[j] >= l {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
				lv[a], lv[b] = lv[b], lv[a]
			}
			i = j
		}
	}
	return runs
}
