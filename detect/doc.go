// Package detect is docverify's forgery detection engine: it finds the document in an image,
// identifies its specimen, runs the security-feature checks and scores the risk.
//
// It links OpenCV (through gocv) and Tesseract (through gosseract); the pure-Go MRZ rules live
// in package mrz.
package detect
