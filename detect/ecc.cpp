#include <cmath>
#include <cstring>
#include <opencv2/opencv.hpp>
#include "ecc.h"

// docverify's own ECC image registration (Evangelidis and Psarakis, "Parametric image alignment
// using enhanced correlation coefficient maximization", IEEE PAMI 30(10), 2008), with the mask
// on the template's pixels, where docverify's masks are drawn.
//
// OpenCV 4.6's cv::findTransformECC takes its mask for the input image's and leaves the input's
// pixels outside it un-centred, so that the thin band where its nearest-neighbour mask and its
// linearly interpolated gradients disagree feeds raw grey levels into every update: on a
// model's reference registered against itself, the correlation wandered 0.94-0.97 from one
// iteration to the next instead of converging. Here each iteration is one pass over the masked
// template pixels (the warped input, its gradients and the Jacobian sampled on the fly and
// summed at once, nothing stored per pixel), and the search keeps the best warp it has seen.

namespace {

struct Image {
    const float* p;
    int w, h;
    size_t step; // in floats
};

// bilinear samples a, b and c (the input and its gradients, same size) at (u, v), which lies
// at least a pixel inside the image.
inline void bilinear(const Image& a, const Image& b, const Image& c, double u, double v, double out[3]) {
    int x = (int)u, y = (int)v;
    double fx = u - x, fy = v - y;
    double w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
    const Image* im[3] = {&a, &b, &c};
    for (int k = 0; k < 3; k++) {
        const float* r0 = im[k]->p + y * im[k]->step + x;
        const float* r1 = r0 + im[k]->step;
        out[k] = w00 * r0[0] + w10 * r0[1] + w01 * r1[0] + w11 * r1[1];
    }
}

} // namespace

double docverify_ecc(void* tmplp, void* inputp, void* warpp, void* maskp, int iterations, double eps, int gaussSize) {
    try {
        const cv::Mat& tmplIn = *(cv::Mat*)tmplp;
        const cv::Mat& inputIn = *(cv::Mat*)inputp;
        cv::Mat& warp = *(cv::Mat*)warpp;
        const cv::Mat& mask = *(cv::Mat*)maskp;
        if (tmplIn.empty() || inputIn.empty() || warp.rows != 3 || warp.cols != 3 || warp.type() != CV_32F ||
            (!mask.empty() && (mask.size() != tmplIn.size() || mask.type() != CV_8U))) {
            return -1;
        }
        cv::Mat T, I, Ix, Iy;
        tmplIn.convertTo(T, CV_32F);
        inputIn.convertTo(I, CV_32F);
        if (gaussSize > 1) {
            cv::GaussianBlur(T, T, cv::Size(gaussSize, gaussSize), 0, 0);
            cv::GaussianBlur(I, I, cv::Size(gaussSize, gaussSize), 0, 0);
        }
        cv::Sobel(I, Ix, CV_32F, 1, 0, 1, 0.5);
        cv::Sobel(I, Iy, CV_32F, 0, 1, 1, 0.5);
        Image in{I.ptr<float>(), I.cols, I.rows, I.step1()};
        Image gx{Ix.ptr<float>(), Ix.cols, Ix.rows, Ix.step1()};
        Image gy{Iy.ptr<float>(), Iy.cols, Iy.rows, Iy.step1()};

        const int np = 8;
        double W[9];
        for (int i = 0; i < 9; i++) W[i] = warp.at<float>(i / 3, i % 3);
        double best[9];
        double bestRho = -2, step[8] = {};
        int halvings = 0;
        const double umax = in.w - 1.001, vmax = in.h - 1.001;
        for (int it = 0;; it++) {
            // Sums over the masked template pixels whose warped position falls in the input.
            double n = 0, sI = 0, sT = 0, sII = 0, sTT = 0, sTI = 0;
            double H[8][8] = {}, JI[8] = {}, JT[8] = {}, J1[8] = {};
            for (int y = 0; y < T.rows; y++) {
                const float* trow = T.ptr<float>(y);
                const uchar* mrow = mask.empty() ? nullptr : mask.ptr<uchar>(y);
                for (int x = 0; x < T.cols; x++) {
                    if (mrow && !mrow[x]) continue;
                    double den = W[6] * x + W[7] * y + W[8];
                    if (den <= 1e-9) continue;
                    double u = (W[0] * x + W[1] * y + W[2]) / den;
                    double v = (W[3] * x + W[4] * y + W[5]) / den;
                    if (!(u >= 0 && v >= 0 && u < umax && v < vmax)) continue;
                    double s[3];
                    bilinear(in, gx, gy, u, v, s);
                    double iw = s[0], t = trow[x];
                    double a = s[1] / den, b = s[2] / den;
                    double c = -(s[1] * u + s[2] * v) / den;
                    double J[8] = {a * x, a * y, a, b * x, b * y, b, c * x, c * y};
                    n++;
                    sI += iw;
                    sT += t;
                    sII += iw * iw;
                    sTT += t * t;
                    sTI += t * iw;
                    for (int i = 0; i < np; i++) {
                        JI[i] += J[i] * iw;
                        JT[i] += J[i] * t;
                        J1[i] += J[i];
                        for (int j = i; j < np; j++) H[i][j] += J[i] * J[j];
                    }
                }
            }
            if (n < 4 * np) break;
            double mI = sI / n, mT = sT / n;
            double Izz = sII - n * mI * mI, Tzz = sTT - n * mT * mT, corr = sTI - n * mI * mT;
            if (Izz <= 0 || Tzz <= 0) break;
            double rho = corr / std::sqrt(Izz * Tzz);
            if (rho <= bestRho && bestRho > -2) {
                // The step overshot: go back and take half of it, up to three times.
                if (it == iterations || ++halvings > 3) break;
                for (int i = 0; i < np; i++) {
                    step[i] /= 2;
                    W[i] = best[i] + step[i];
                }
                continue;
            }
            bool converged = rho - bestRho < eps;
            bestRho = rho;
            memcpy(best, W, sizeof W);
            halvings = 0;
            if (it == iterations || converged) break;

            cv::Mat Hm(np, np, CV_64F), rhs(np, 2, CV_64F), sol;
            for (int i = 0; i < np; i++) {
                for (int j = i; j < np; j++) Hm.at<double>(i, j) = Hm.at<double>(j, i) = H[i][j];
                rhs.at<double>(i, 0) = JI[i] - mI * J1[i]; // Jacobian · centred input
                rhs.at<double>(i, 1) = JT[i] - mT * J1[i]; // Jacobian · centred template
            }
            if (!cv::solve(Hm, rhs, sol, cv::DECOMP_CHOLESKY)) break;
            double ip = 0, tp = 0;
            for (int i = 0; i < np; i++) {
                ip += rhs.at<double>(i, 0) * sol.at<double>(i, 0);
                tp += rhs.at<double>(i, 1) * sol.at<double>(i, 0);
            }
            double lambdaN = Izz - ip, lambdaD = corr - tp;
            if (lambdaD <= 0) break; // the correlation would be minimised: no overlap
            double lambda = lambdaN / lambdaD;
            // The step: H⁻¹·Jᵀ·(λ·template − input), both centred.
            for (int i = 0; i < np; i++) {
                step[i] = lambda * sol.at<double>(i, 1) - sol.at<double>(i, 0);
                W[i] += step[i];
            }
        }
        if (bestRho <= -2) return -1;
        for (int i = 0; i < 9; i++) warp.at<float>(i / 3, i % 3) = (float)best[i];
        return bestRho;
    } catch (const cv::Exception&) {
        return -1;
    }
}

void docverify_set_threads(int n) {
    cv::setNumThreads(n);
}
