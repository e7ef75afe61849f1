package gs1

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// flagChars is the set the dictionary allocates flags from.
const flagChars = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~"

// ParseDictionary reads a GS1 Barcode Syntax Dictionary in the format of
// gs1-syntax-dictionary.txt:
//
//	AIs  [Flags]  Specification  [Attributes...]  [# Title]
//
// AI ranges ("3100-3105") are expanded, one *AI per code. Unknown
// attributes are ignored, as the dictionary's format allows.
func ParseDictionary(text string) (*Table, error) {
	t := &Table{byCode: map[string]*AI{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		ais, err := parseEntry(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		for _, a := range ais {
			if _, dup := t.byCode[a.Code]; dup {
				return nil, fmt.Errorf("line %d: AI %s defined twice", n, a.Code)
			}
			t.byCode[a.Code] = a
			t.list = append(t.list, a)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t.list) == 0 {
		return nil, fmt.Errorf("no AI entries")
	}
	return t, nil
}

func parseEntry(line string) ([]*AI, error) {
	spec, title, _ := strings.Cut(line, "#")
	fields := strings.Fields(spec)
	if len(fields) < 2 {
		return nil, fmt.Errorf("entry %q has no specification", line)
	}
	codes, err := expandRange(fields[0])
	if err != nil {
		return nil, err
	}
	proto := AI{Title: strings.TrimSpace(title), FNC1Required: true}
	i := 1
	if isFlags(fields[i]) {
		proto.FNC1Required = !strings.Contains(fields[i], "*")
		proto.DigitalLinkAttr = strings.Contains(fields[i], "?")
		i++
	}
	for ; i < len(fields); i++ {
		c, ok, err := parseComponent(fields[i])
		if err != nil {
			return nil, fmt.Errorf("AI %s: %w", fields[0], err)
		}
		if !ok {
			break
		}
		proto.Components = append(proto.Components, c)
	}
	if len(proto.Components) == 0 {
		return nil, fmt.Errorf("AI %s: no data components", fields[0])
	}
	for _, attr := range fields[i:] {
		parseAttribute(&proto, attr)
	}
	if err := proto.measure(); err != nil {
		return nil, fmt.Errorf("AI %s: %w", fields[0], err)
	}
	out := make([]*AI, len(codes))
	for k, code := range codes {
		a := proto
		a.Code = code
		out[k] = &a
	}
	return out, nil
}

// measure computes the length bounds and checks the dictionary's own rules:
// only the last component may vary in length, no mandatory component
// follows an optional one, and predefined-length AIs have a fixed length.
func (a *AI) measure() error {
	optional := false
	for k, c := range a.Components {
		if c.Min != c.Max && k != len(a.Components)-1 {
			return fmt.Errorf("variable-length component %s is not last", c)
		}
		if optional && !c.Optional {
			return fmt.Errorf("mandatory component %s follows an optional one", c)
		}
		optional = optional || c.Optional
		if !c.Optional {
			a.minLen += c.Min
		}
		a.maxLen += c.Max
	}
	if !a.FNC1Required && a.minLen != a.maxLen {
		return fmt.Errorf("predefined-length AI has variable length")
	}
	return nil
}

func isFlags(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(flagChars, r) {
			return false
		}
	}
	return s != ""
}

// parseComponent parses "N13,csum", "X..20", "[N3],iso3166" or "[X..17]".
// ok is false when tok is not a component (it is an attribute).
func parseComponent(tok string) (c Component, ok bool, err error) {
	typ, linters := tok, ""
	if strings.HasPrefix(tok, "[") {
		end := strings.IndexByte(tok, ']')
		if end < 0 {
			return c, false, fmt.Errorf("unclosed optional component %q", tok)
		}
		c.Optional = true
		typ, linters = tok[1:end], tok[end+1:]
		if linters != "" && linters[0] != ',' {
			return c, false, fmt.Errorf("bad component %q", tok)
		}
		linters = strings.TrimPrefix(linters, ",")
	} else if k := strings.IndexByte(tok, ','); k >= 0 {
		typ, linters = tok[:k], tok[k+1:]
	}
	if len(typ) < 2 || strings.IndexByte("NXYZ", typ[0]) < 0 || strings.Contains(tok, "=") {
		if c.Optional {
			return c, false, fmt.Errorf("bad optional component %q", tok)
		}
		return c, false, nil
	}
	c.Charset = Charset(typ[0])
	n := typ[1:]
	variable := strings.HasPrefix(n, "..")
	n = strings.TrimPrefix(n, "..")
	max, err := strconv.Atoi(n)
	if err != nil || max < 1 {
		if c.Optional || variable {
			return c, false, fmt.Errorf("bad component length in %q", tok)
		}
		return c, false, nil
	}
	c.Min, c.Max = max, max
	if variable {
		c.Min = 1
	}
	if linters != "" {
		c.Linters = strings.Split(linters, ",")
	}
	return c, true, nil
}

func parseAttribute(a *AI, attr string) {
	key, val, _ := strings.Cut(attr, "=")
	switch key {
	case "req":
		var alts [][]string
		for _, alt := range strings.Split(val, ",") {
			alts = append(alts, strings.Split(alt, "+"))
		}
		a.Requires = append(a.Requires, alts)
	case "ex":
		a.Excludes = append(a.Excludes, strings.Split(val, ",")...)
	case "dlpkey":
		a.PrimaryKey = true
		if val != "" {
			for _, seq := range strings.Split(val, "|") {
				a.Qualifiers = append(a.Qualifiers, strings.Split(seq, ","))
			}
		}
	}
}

// expandRange turns "3100-3105" into its codes; a single AI stays as is.
func expandRange(s string) ([]string, error) {
	lo, hi, isRange := strings.Cut(s, "-")
	if !isDigits(lo) || len(lo) < 2 || len(lo) > 4 {
		return nil, fmt.Errorf("bad AI %q", s)
	}
	if !isRange {
		return []string{lo}, nil
	}
	if !isDigits(hi) || len(hi) != len(lo) || hi < lo {
		return nil, fmt.Errorf("bad AI range %q", s)
	}
	from, _ := strconv.Atoi(lo)
	to, _ := strconv.Atoi(hi)
	var out []string
	for v := from; v <= to; v++ {
		out = append(out, fmt.Sprintf("%0*d", len(lo), v))
	}
	return out, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
