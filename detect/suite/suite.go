// Package suite is the list of docverify's forgery checks: the one place where checks are
// registered. The engine validates it at start.
package suite

import (
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/emblem"
	"github.com/docverify/docverify/detect/checks/ir"
	"github.com/docverify/docverify/detect/checks/layout"
	"github.com/docverify/docverify/detect/checks/mrzchecksums"
	"github.com/docverify/docverify/detect/checks/mrzfields"
	"github.com/docverify/docverify/detect/checks/mrzprint"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/detect/checks/ovd"
	"github.com/docverify/docverify/detect/checks/portraitghost"
	"github.com/docverify/docverify/detect/checks/portraitintegrity"
	"github.com/docverify/docverify/detect/checks/printrepro"
	"github.com/docverify/docverify/detect/checks/screenrecapture"
	"github.com/docverify/docverify/detect/checks/securitypattern"
	"github.com/docverify/docverify/detect/checks/specimenmatch"
	"github.com/docverify/docverify/detect/checks/uv"
	"github.com/docverify/docverify/detect/checks/vizmrz"
)

// Checks are all the checks, in report order.
var Checks = []*detect.Check{
	specimenmatch.Check,
	mrzread.Check,
	mrzchecksums.Check,
	mrzfields.Check,
	mrzprint.Check,
	vizmrz.Check,
	portraitghost.Check,
	portraitintegrity.Check,
	securitypattern.Check,
	emblem.Check,
	ovd.Check,
	layout.Check,
	printrepro.Check,
	screenrecapture.Check,
	uv.Check,
	ir.Check,
}
