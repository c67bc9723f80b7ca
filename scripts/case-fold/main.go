// Generates the case-folding table of electron/engine/gomod/case-fold.ts from Go's unicode package.
package main

import (
	"fmt"
	"unicode"
)

// Prints Go's case-folding orbits as runs [start, count, stride, delta]: every code point
// start + i*stride (i < count) folds to itself minus delta.
func main() {
	type pair struct{ r, d rune }
	var ps []pair
	for r := rune(0); r < 0x20000; r++ {
		min := r
		for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
			if c < min {
				min = c
			}
		}
		if min != r {
			ps = append(ps, pair{r, r - min})
		}
	}
	var runs [][4]rune
	for i := 0; i < len(ps); {
		j := i + 1
		stride := rune(1)
		if j < len(ps) && ps[j].d == ps[i].d {
			stride = ps[j].r - ps[i].r
		}
		for j < len(ps) && ps[j].d == ps[i].d && ps[j].r-ps[j-1].r == stride && stride <= 2 {
			j++
		}
		if j-i == 1 {
			stride = 1
		}
		runs = append(runs, [4]rune{ps[i].r, rune(j - i), stride, ps[i].d})
		i = j
	}
	fmt.Printf("// Unicode %s, %d code points, %d runs\n", unicode.Version, len(ps), len(runs))
	for k, r := range runs {
		fmt.Printf("0x%x,%d,%d,%d,", r[0], r[1], r[2], r[3])
		if k%6 == 5 {
			fmt.Println()
		}
	}
	fmt.Println()
}
