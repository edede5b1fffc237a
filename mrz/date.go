package mrz

import (
	"strconv"
	"time"
)

// Date is a calendar date read from the MRZ. Zero parts are unknown: a birth date may leave
// the day, the month and the day, or all of it unknown (fillers in the MRZ).
type Date struct {
	Year  int // four digits; 0 when unknown
	Month int // 1–12; 0 when unknown
	Day   int // 1–31; 0 when unknown
}

// IsZero reports whether nothing of the date is known.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as ISO 8601: "2012-04-15", or reduced to "1974-08" and "1974" when
// the day or month is unknown, and "" when nothing is known.
func (d Date) String() string {
	b, _ := d.MarshalText()
	return string(b)
}

// MarshalText formats the date as String does.
func (d Date) MarshalText() ([]byte, error) {
	if d.Year == 0 {
		return []byte{}, nil
	}
	b := make([]byte, 0, 10)
	b = appendPad(b, d.Year, 4)
	if d.Month > 0 {
		b = append(b, '-')
		b = appendPad(b, d.Month, 2)
		if d.Day > 0 {
			b = append(b, '-')
			b = appendPad(b, d.Day, 2)
		}
	}
	return b, nil
}

// UnmarshalText reads the forms MarshalText writes.
func (d *Date) UnmarshalText(b []byte) error {
	s := string(b)
	*d = Date{}
	if s == "" {
		return nil
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if layout == "" {
		return &time.ParseError{Layout: "2006-01-02", Value: s, Message: ": not an ISO date"}
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return err
	}
	d.Year = t.Year()
	if len(s) >= 7 {
		d.Month = int(t.Month())
	}
	if len(s) == 10 {
		d.Day = t.Day()
	}
	return nil
}

// Before reports whether d is before e, comparing the parts both know.
func (d Date) Before(e Date) bool {
	switch {
	case d.Year != e.Year:
		return d.Year < e.Year
	case d.Month == 0 || e.Month == 0 || d.Month != e.Month:
		return d.Month < e.Month && d.Month != 0 && e.Month != 0
	default:
		return d.Day < e.Day && d.Day != 0 && e.Day != 0
	}
}

// YYMMDD is the date as the MRZ writes it, with fillers for unknown parts.
func (d Date) YYMMDD() string {
	b := make([]byte, 6)
	put := func(i, v int, known bool) {
		if !known {
			b[i], b[i+1] = '<', '<'
			return
		}
		b[i], b[i+1] = byte('0'+v/10%10), byte('0'+v%10)
	}
	put(0, d.Year%100, d.Year != 0)
	put(2, d.Month, d.Month != 0)
	put(4, d.Day, d.Day != 0)
	return string(b)
}

// dateOf returns the date of t.
func dateOf(t time.Time) Date { return Date{t.Year(), int(t.Month()), t.Day()} }

func appendPad(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// twoDigits reads two ASCII digits; ok is false for anything else.
func twoDigits(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dateKind tells parseDate how to place the century and which fillers to accept.
type dateKind int

const (
	birthDate  dateKind = iota // in the past century when the year is after this year's; fillers for unknown parts
	expiryDate                 // within 50 years either side of now; all fillers when the document has none
)

// parseDate reads a YYMMDD field. absent is true when the field is all fillers; ok is false
// when it is not a real date (or fillers where the kind forbids them).
func parseDate(s string, kind dateKind, now Date) (d Date, absent, ok bool) {
	if s == "<<<<<<" {
		return Date{}, true, true
	}
	yy, yok := twoDigits(s[0:2])
	mm, mok := twoDigits(s[2:4])
	dd, dok := twoDigits(s[4:6])
	unknown := func(p string) bool { return p == "<<" }
	switch kind {
	case birthDate:
		// Unknown parts: the day, or the month and the day (Doc 9303 Part 3, 4.6.2).
		if !yok || (!mok && !unknown(s[2:4])) || (!dok && !unknown(s[4:6])) || (!mok && dok) {
			return Date{}, false, false
		}
		d.Year = 2000 + yy
		if yy > now.Year%100 {
			d.Year = 1900 + yy
		}
	default:
		if !yok || !mok || !dok {
			return Date{}, false, false
		}
		d.Year = 2000 + yy
		if d.Year > now.Year+50 {
			d.Year -= 100
		}
	}
	if mok {
		if mm < 1 || mm > 12 {
			return Date{}, false, false
		}
		d.Month = mm
	}
	if dok {
		if dd < 1 || dd > daysIn(d.Year, mm) {
			return Date{}, false, false
		}
		d.Day = dd
	}
	return d, false, true
}
