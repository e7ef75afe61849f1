package gs1

// Character set membership, as 128-bit ASCII bitmaps.

type asciiSet [2]uint64

func makeSet(chars string) asciiSet {
	var s asciiSet
	for i := 0; i < len(chars); i++ {
		c := chars[i]
		s[c>>6] |= 1 << (c & 63)
	}
	return s
}

func (s *asciiSet) has(c byte) bool {
	return c < 128 && s[c>>6]&(1<<(c&63)) != 0
}

var (
	setNumeric = makeSet("0123456789")
	setCSET82  = makeSet(cset82Order)
	setCSET39  = makeSet("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	setCSET64  = makeSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
)

// InCSET82 reports whether every byte of s is in GS1 AI encodable character
// set 82, the set allowed in alphanumeric AI data such as BATCH/LOT (10).
func InCSET82(s string) bool {
	for i := 0; i < len(s); i++ {
		if !setCSET82.has(s[i]) {
			return false
		}
	}
	return true
}

// firstOutside returns the index of the first byte of v outside the
// component's character set, or -1. CSET 64 allows up to two "=" padding
// characters at the end when they pad the data to a multiple of three.
func firstOutside(cs Charset, v string) int {
	var set *asciiSet
	switch cs {
	case Numeric:
		set = &setNumeric
	case CSET82:
		set = &setCSET82
	case CSET39:
		set = &setCSET39
	case CSET64:
		set = &setCSET64
		n := len(v)
		for n > 0 && v[n-1] == '=' {
			n--
		}
		if pads := len(v) - n; pads > 0 && (pads > 2 || len(v)%3 != 0) {
			return n
		}
		v = v[:n]
	default:
		return 0
	}
	for i := 0; i < len(v); i++ {
		if !set.has(v[i]) {
			return i
		}
	}
	return -1
}

func charsetName(cs Charset) string {
	switch cs {
	case Numeric:
		return "digits only"
	case CSET39:
		return "capital letters, digits, # - and / only"
	case CSET64:
		return "letters, digits, - and _ only"
	default:
		return "letters, digits and the punctuation GS1 allows"
	}
}
