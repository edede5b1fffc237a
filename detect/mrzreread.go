package detect

import (
	"context"
	"math"
	"time"

	"github.com/docverify/docverify/ocr"
	"gocv.io/x/gocv"
)

// recrops are the ways readAgain cuts a line anew: its height grown by a fraction (shrunk when
// negative) about its middle, and the cut moved down by a fraction of its height (up when
// negative). The OCR's errors on a blurred or small line change with the cut; its right
// characters mostly do not.
var recrops = []struct{ grow, down float64 }{{-0.1, 0}, {0.15, 0}, {0, 0.06}, {0, -0.06}}

// readAgain reads the lines of a reading that is neither valid nor sure again, each cut in the
// ways recrops says, and keeps in *best the first of these that is valid: the characters the
// readings agree on (voteLine), then each cut's reading that differs from that vote in one
// disputed character (oneDispute). A vote better than *best that is not valid is kept as
// well. The names count as read no surer than the readings agree on them.
func (r *MRZReader) readAgain(ctx context.Context, src gocv.Mat, prev *MRZReading, now time.Time, best **MRZReading) {
	reads := make([][]ocr.Line, len(prev.read))
	for li, l := range prev.read {
		reads[li] = []ocr.Line{l}
	}
	var tries []*MRZReading
	for _, c := range recrops {
		if ctx.Err() != nil {
			return
		}
		moved := make([]Quad, len(prev.lines))
		for i, q := range prev.lines {
			moved[i] = recrop(q, c.grow, c.down)
		}
		read := r.ocrLines(ctx, src, moved)
		if read == nil {
			continue
		}
		for li, l := range read {
			reads[li] = append(reads[li], l)
		}
		tries = append(tries, r.assemble(read, moved, now))
	}
	voted := make([]ocr.Line, len(reads))
	for li, ls := range reads {
		voted[li] = voteLine(ls)
	}
	vote := r.assemble(voted, prev.lines, now)
	candidates := []*MRZReading{vote}
	for _, t := range tries {
		if r.oneDispute(t.read, voted) {
			candidates = append(candidates, t)
		}
	}
	for i, t := range candidates {
		// No check digit covers the names: one cut's reading vouches for them no more than
		// the cuts agree.
		t.NameConfidence = math.Min(t.NameConfidence, vote.NameConfidence)
		t.vouch()
		if (i == 0 || t.Document.Valid) && better(t, *best) {
			*best = t
		}
		if t.Document.Valid {
			return
		}
	}
}

// recrop moves a line's quad (clockwise from its top-left corner): its height grown by the
// fraction grow about its middle, then moved down by the fraction down of its height.
func recrop(q Quad, grow, down float64) Quad {
	var out Quad
	for i := range 2 {
		top, bottom := q[i], q[3-i]
		dx, dy := bottom[0]-top[0], bottom[1]-top[1]
		a, b := down-grow/2, down+grow/2
		out[i] = [2]float64{top[0] + dx*a, top[1] + dy*a}
		out[3-i] = [2]float64{bottom[0] + dx*b, bottom[1] + dy*b}
	}
	return out
}

// voteLine merges readings of one line character by character. It takes the readings of the
// length most of them have (a tie goes to the first reading's length), and at each place the
// character with the highest summed confidence; that character's confidence is its sum over
// the number of readings taken, so a place the readings disagree on is uncertain.
func voteLine(ls []ocr.Line) ocr.Line {
	count := map[int]int{}
	for _, l := range ls {
		count[len(l.Chars)]++
	}
	n := len(ls[0].Chars)
	for k, c := range count {
		if c > count[n] {
			n = k
		}
	}
	var same []ocr.Line
	for _, l := range ls {
		if len(l.Chars) == n {
			same = append(same, l)
		}
	}
	out := ocr.Line{Chars: make([]ocr.Char, n)}
	var text []byte
	for i := range n {
		score := map[string]float64{}
		var order []string
		for _, l := range same {
			c := l.Chars[i].Text
			if _, ok := score[c]; !ok {
				order = append(order, c)
			}
			score[c] += l.Chars[i].Conf
		}
		win := order[0]
		for _, c := range order[1:] {
			if score[c] > score[win] {
				win = c
			}
		}
		conf := score[win] / float64(len(same))
		out.Chars[i] = ocr.Char{Text: win, Conf: conf, Box: same[0].Chars[i].Box}
		out.Conf += conf
		text = append(text, win...)
	}
	out.Text = string(text)
	if n > 0 {
		out.Conf /= float64(n)
	}
	return out
}

// oneDispute says whether a cut's reading differs from the vote in one character, at a place
// the readings disagree on (the vote's confidence below the reader's Uncertain): a check digit
// may choose between two characters the OCR read there, but one check digit cannot confirm
// more than one change (on counterfeit fonts, cuts two characters off the vote passed by
// chance).
func (r *MRZReader) oneDispute(read, voted []ocr.Line) bool {
	threshold := r.uncertain()
	n := 0
	for li, l := range read {
		v := voted[li]
		if len(l.Chars) != len(v.Chars) {
			return false
		}
		for i, c := range l.Chars {
			if c.Text == v.Chars[i].Text {
				continue
			}
			if n++; n > 1 || v.Chars[i].Conf >= threshold {
				return false
			}
		}
	}
	return n == 1
}
