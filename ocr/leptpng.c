// See leptpng.go.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <leptonica/allheaders.h>

typedef l_ok (*write_mem_fn)(l_uint8 **, size_t *, PIX *, l_int32);

static write_mem_fn leptonica_pixWriteMem;
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;

static void resolve(void) {
	leptonica_pixWriteMem = (write_mem_fn)dlsym(RTLD_NEXT, "pixWriteMem");
}

// pixWriteMem stands in for Leptonica's: a PNG is written stored, zlib level 0. Leptonica
// keeps the level in the pix's "special" field (10 + level), which it does not let callers
// read (PIX is opaque): the field is set back to 0, the default, after writing. Tesseract
// leaves it at 0 on the images it writes.
l_ok pixWriteMem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
	pthread_once(&resolve_once, resolve);
	if (leptonica_pixWriteMem == NULL) {
		return 1; // Leptonica's error value
	}
	if (format != IFF_PNG || pix == NULL) {
		return leptonica_pixWriteMem(pdata, psize, pix, format);
	}
	pixSetZlibCompression(pix, 0);
	l_ok ret = leptonica_pixWriteMem(pdata, psize, pix, format);
	pixSetSpecial(pix, 0);
	return ret;
}

// dv_png_write_is_ours says whether the process resolves pixWriteMem to the function above,
// as Tesseract's calls do.
int dv_png_write_is_ours(void) {
	return dlsym(RTLD_DEFAULT, "pixWriteMem") == (void *)pixWriteMem;
}

// dv_png_size writes a w×h 8-bit grey pix of varied values as PNG through pixWriteMem and
// returns the size of the result, or -1 when it fails or does not read back the same.
long dv_png_size(int w, int h) {
	PIX *pix = pixCreate(w, h, 8);
	if (pix == NULL) {
		return -1;
	}
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			pixSetPixel(pix, x, y, (l_uint32)((x * 7 + y * 13 + (x * y) % 11) & 0xff));
		}
	}
	l_uint8 *data = NULL;
	size_t size = 0;
	long out = -1;
	if (pixWriteMem(&data, &size, pix, IFF_PNG) == 0) {
		PIX *back = pixReadMem(data, size);
		l_int32 same = 0;
		if (back != NULL && pixEqual(pix, back, &same) == 0 && same) {
			out = (long)size;
		}
		pixDestroy(&back);
	}
	lept_free(data);
	pixDestroy(&pix);
	return out;
}
