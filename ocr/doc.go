// Package ocr runs Tesseract on text lines the project cut out itself: a fixed pool of
// clients, one per worker, made and warmed at start (a client wraps one Tesseract instance,
// is not safe for concurrent use and is expensive to create).
//
// The default model is docverify's own MRZ model, dvmrz (OCR-B, the 37 MRZ characters),
// trained by `make ocr-model` (recipe in ocr/training) and embedded in the binary.
//
// Tesseract must run with OMP_THREAD_LIMIT=1 in the process environment; the command
// re-executes itself to make sure.
package ocr
