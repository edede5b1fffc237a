//go:build matprofile

package engine

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/docverify/docverify/samples"
	"gocv.io/x/gocv"
)

// TestNoMatLeft runs a batch of checks and asserts that every gocv Mat made on the way was
// closed. gocv counts open Mats only when built with the matprofile tag:
//
//	go test -tags matprofile -run NoMatLeft ./detect/engine
func TestNoMatLeft(t *testing.T) {
	e := testEngine(t)
	set, err := samples.ReadManifest(filepath.Join("..", "..", "samples", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	before := gocv.MatProfile.Count()
	for _, s := range set {
		if _, err := e.Check(context.Background(), demoSampleInput(t, s)); err != nil {
			t.Fatal(err)
		}
	}
	// Bad input too: the error paths close what they opened.
	_, _ = e.Check(context.Background(), Input{Image: []byte("not an image")})
	if n := gocv.MatProfile.Count() - before; n != 0 {
		var b bytes.Buffer
		gocv.MatProfile.WriteTo(&b, 1)
		t.Fatalf("%d Mats left open after %d documents:\n%s", n, len(set), b.String())
	}
	t.Logf("%d documents checked, %d Mats open before and after (the engine's references)", len(set), before)
}
