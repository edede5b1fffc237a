package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		name, a, b string
		want       int
	}{
		{"same", "P<UTO", "P<UTO", 0},
		{"empty read", "P<UTO", "", 5},
		{"substitution", "L898902C3", "L898902C8", 1},
		{"filler lost", "ANNA<<<<", "ANNA<<<", 1},
		{"character split in three", "M<<", "IVI<<", 3},
	} {
		if got := distance(c.a, c.b); got != c.want {
			t.Errorf("%s: distance(%q, %q) = %d, want %d", c.name, c.a, c.b, got, c.want)
		}
	}
}

func TestReadIndex(t *testing.T) {
	dir := t.TempDir()
	index := "name\tlevel\tkind\tcap_height\twidth\theight\ttext\n" +
		"mrz-2-000000\tclean\tmrz\t30.0\t1400\t50\tP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	if err := os.WriteFile(filepath.Join(dir, "index.tsv"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, err := readIndex(filepath.Join(dir, "index.tsv"))
	if err != nil || len(lines) != 1 || lines[0].level != "clean" || !strings.HasPrefix(lines[0].text, "P<UTO") {
		t.Errorf("readIndex = %+v, %v", lines, err)
	}
}

func TestTable(t *testing.T) {
	rs := []result{
		{line: line{level: "clean", text: "ABCD"}, model: "m", got: "ABCD", ms: 10},
		{line: line{level: "heavy", text: "ABCD"}, model: "m", got: "ABXD", dist: 1, ms: 20},
	}
	var b strings.Builder
	writeTable(&b, models{{"m", "dir"}}, rs)
	if !strings.Contains(b.String(), "| m | 100.00% / 100.0% | – | 75.00% / 0.0% | 87.50% / 50.0% | 15.0 / 20.0 |") {
		t.Errorf("table:\n%s", b.String())
	}
}
