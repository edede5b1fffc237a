#ifndef DOCVERIFY_ECC_H
#define DOCVERIFY_ECC_H
#ifdef __cplusplus
extern "C" {
#endif

// docverify_ecc registers input (cv::Mat, grey) to tmpl over the pixels mask (8-bit, tmpl's
// size) marks, by ECC with a homography (warp: 3×3 CV_32F, tmpl → input pixels, updated in
// place), both smoothed by a gaussSize Gaussian first; it stops after iterations, or when an
// iteration gains less than eps. It catches OpenCV's exceptions (gocv v0.31.0 lets them
// terminate the process) and returns the best correlation reached, its warp in warp, or -1
// when the search could not start.
double docverify_ecc(void* tmpl, void* input, void* warp, void* mask, int iterations, double eps, int gaussSize);

// docverify_set_threads sets the threads OpenCV's parallel loops use (cv::setNumThreads).
void docverify_set_threads(int n);

#ifdef __cplusplus
}
#endif
#endif
