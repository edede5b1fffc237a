#ifndef DOCVERIFY_ECC_H
#define DOCVERIFY_ECC_H
#ifdef __cplusplus
extern "C" {
#endif

// docverify_ecc runs cv::findTransformECC with a homography motion on cv::Mat pointers and
// catches OpenCV's exceptions (gocv v0.31.0 lets them terminate the process). It returns the
// correlation reached, or -1 when OpenCV gave up.
double docverify_ecc(void* tmpl, void* input, void* warp, void* mask, int iterations, double eps, int gaussSize);

// docverify_set_threads sets the threads OpenCV's parallel loops use (cv::setNumThreads).
void docverify_set_threads(int n);

#ifdef __cplusplus
}
#endif
#endif
