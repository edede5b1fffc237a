#include <opencv2/opencv.hpp>
#include <opencv2/video/tracking.hpp>
#include "ecc.h"

double docverify_ecc(void* tmpl, void* input, void* warp, void* mask, int iterations, double eps, int gaussSize) {
    try {
        cv::TermCriteria crit(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, iterations, eps);
        return cv::findTransformECC(*(cv::Mat*)tmpl, *(cv::Mat*)input, *(cv::Mat*)warp,
                                    cv::MOTION_HOMOGRAPHY, crit, *(cv::Mat*)mask, gaussSize);
    } catch (const cv::Exception&) {
        return -1;
    }
}

void docverify_set_threads(int n) {
    cv::setNumThreads(n);
}
