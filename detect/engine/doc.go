// Package engine is docverify's detection pipeline, one for the command line, the service and
// the benchmark: decode safely → read the MRZ → identify the specimen (MRZ codes, then features)
// → straighten the page into the specimen's frame → run every check of the suite → score the
// risk with the calibrated model → report, with an overlay of the failed regions.
//
// New builds everything once (the specimen library and its features, the OCR pools, the
// calibrated model); Check runs one document and is safe for concurrent use up to the OCR
// pools' size.
package engine
