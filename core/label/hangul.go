package label

import "fmt"

// HangulFont returns NanumSquare (bold or regular) cut down to Korean:
// Hangul syllables, jamo and compatibility jamo, and the ASCII it needs
// between them. The screen's font fallback (package ui) installs it rather
// than the whole file because NanumSquare's character map also claims
// 4,888 CJK ideographs with empty glyphs: a fallback search that found
// them there would draw Chinese and Japanese names as nothing, where Droid
// Sans Fallback has them. (The label code never asks NanumSquare for an
// ideograph: see fallback in faces.go.)
func HangulFont(bold bool) ([]byte, error) {
	f := faceKorean
	if bold {
		f = faceKoreanBold
	}
	var rs []rune
	for _, rng := range [][2]rune{{0x20, 0x7E}, {0x1100, 0x11FF}, {0x3130, 0x318F}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xD7B0, 0xD7FF}} {
		for r := rng[0]; r <= rng[1]; r++ {
			rs = append(rs, r)
		}
	}
	sub, err := font(f).Subset(rs)
	if err != nil {
		return nil, fmt.Errorf("label: Hangul font: %w", err)
	}
	return sub, nil
}
