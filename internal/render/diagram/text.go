package diagram

// Text widths are estimated from Helvetica/Arial metrics (Liberation Sans has the same
// widths), in thousandths of an em. Every text in the SVG also carries this width as
// textLength, so the laid-out bounds hold whatever font the viewer substitutes.
var charWidth = map[rune]int{
	' ': 278, '!': 278, '"': 355, '#': 556, '$': 556, '%': 889, '&': 667, '\'': 191,
	'(': 333, ')': 333, '*': 389, '+': 584, ',': 278, '-': 333, '.': 278, '/': 278,
	':': 278, ';': 278, '<': 584, '=': 584, '>': 584, '?': 556, '@': 1015,
	'A': 667, 'B': 667, 'C': 722, 'D': 722, 'E': 667, 'F': 611, 'G': 778, 'H': 722,
	'I': 278, 'J': 500, 'K': 667, 'L': 556, 'M': 833, 'N': 722, 'O': 778, 'P': 667,
	'Q': 778, 'R': 722, 'S': 667, 'T': 611, 'U': 722, 'V': 667, 'W': 944, 'X': 667,
	'Y': 667, 'Z': 611, '[': 278, ']': 278, '_': 556, '{': 334, '}': 334, '|': 260,
	'a': 556, 'b': 556, 'c': 500, 'd': 556, 'e': 556, 'f': 278, 'g': 556, 'h': 556,
	'i': 222, 'j': 222, 'k': 500, 'l': 222, 'm': 833, 'n': 556, 'o': 556, 'p': 556,
	'q': 556, 'r': 333, 's': 500, 't': 278, 'u': 556, 'v': 500, 'w': 722, 'x': 500,
	'y': 500, 'z': 500, '·': 278, '–': 556, '—': 1000, '×': 584, '…': 1000,
}

// textWidth estimates the rendered width of s at font size px.
func textWidth(s string, px float64, bold bool) float64 {
	total := 0
	for _, r := range s {
		w, ok := charWidth[r]
		if !ok {
			if r >= '0' && r <= '9' {
				w = 556
			} else {
				w = 600
			}
		}
		if bold {
			w = w * 108 / 100
		}
		total += w
	}
	return float64(total) * px / 1000
}
