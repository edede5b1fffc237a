module github.com/docverify/docverify

go 1.26.8

require (
	github.com/otiai10/gosseract/v2 v2.4.1
	gocv.io/x/gocv v0.31.0
)
