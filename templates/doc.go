// Package templates is docverify's specimen library: one folder per document model, with a
// spec (spec.json: the model's identity, size, series and regions of interest in millimetres)
// and reference images at the spec's resolution (visible light, and infrared and ultraviolet
// where the model has features for them).
//
// The library is embedded in the binary and can be extended from a directory, so an agency
// adds its own specimens without rebuilding. Specs are validated at load: unknown kinds,
// regions off the page, missing images and duplicate names are reported, all at once.
//
// The four specimens shipped are fictional documents of Utopia (UTO, ICAO's specimen state),
// drawn procedurally by package samples; real specimens cannot be shipped.
package templates
