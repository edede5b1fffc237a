package ocr

// Tesseract 5.3 (Debian 12's) encodes every word image it recognises as a PNG and decodes it
// again before the LSTM reads it (tesseract::ImageData::SetPixInternal calls Leptonica's
// pixWriteMem with IFF_PNG). Zlib's default level took about a third of the time of an MRZ
// line's recognition on this machine. The image only makes a round trip in memory, so
// leptpng.c puts a pixWriteMem of its own in the executable: the dynamic linker resolves
// Tesseract's calls to it (an executable's symbols come first), and it asks Leptonica's for a
// stored PNG (zlib level 0) when the caller did not choose a level. The bytes are still a PNG
// and the pixels are the same; only the work of compressing is skipped. Where the symbol
// cannot be interposed (a static build), Tesseract simply compresses as before.

// #cgo LDFLAGS: -llept -ldl
// int dv_png_write_is_ours(void);
// long dv_png_size(int w, int h);
import "C"

// fastPNGWrites says whether pixWriteMem, as Tesseract calls it, is the one in leptpng.c.
func fastPNGWrites() bool { return C.dv_png_write_is_ours() != 0 }

// pngSize is the size of a w×h grey image of varied values written as PNG through
// pixWriteMem, or -1 when it is not read back the same.
func pngSize(w, h int) int { return int(C.dv_png_size(C.int(w), C.int(h))) }
