#include "frechet.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gan {

GaussianStats gaussianStats(const float* features, int count, int dim)
{
    GaussianStats s;
    if (count <= 0 || dim <= 0 || !features)
        return s;
    s.dim = dim;
    s.count = count;
    s.mean.assign(dim, 0.0);
    s.cov.assign(static_cast<std::size_t>(dim) * dim, 0.0);
    for (int i = 0; i < count; ++i)
        for (int j = 0; j < dim; ++j)
            s.mean[j] += features[static_cast<std::size_t>(i) * dim + j];
    for (double& m : s.mean)
        m /= count;
    std::vector<double> centred(dim);
    for (int i = 0; i < count; ++i) {
        for (int j = 0; j < dim; ++j)
            centred[j] = features[static_cast<std::size_t>(i) * dim + j] - s.mean[j];
        for (int r = 0; r < dim; ++r) {
            const double cr = centred[r];
            if (cr == 0)
                continue;
            double* row = &s.cov[static_cast<std::size_t>(r) * dim];
            for (int c = r; c < dim; ++c)
                row[c] += cr * centred[c];
        }
    }
    const double denom = count > 1 ? count - 1 : 1;
    for (int r = 0; r < dim; ++r) {
        for (int c = r; c < dim; ++c) {
            const double v = s.cov[static_cast<std::size_t>(r) * dim + c] / denom;
            s.cov[static_cast<std::size_t>(r) * dim + c] = v;
            s.cov[static_cast<std::size_t>(c) * dim + r] = v;
        }
    }
    return s;
}

void symmetricEigen(const std::vector<double>& matrix, int n, std::vector<double>* values, std::vector<double>* vectors)
{
    std::vector<double> a = matrix;
    std::vector<double> v(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        v[static_cast<std::size_t>(i) * n + i] = 1.0;
    auto at = [n](std::vector<double>& m, int r, int c) -> double& { return m[static_cast<std::size_t>(r) * n + c]; };

    double scale = 0;
    for (double x : a)
        scale = std::max(scale, std::abs(x));
    for (int sweep = 0; sweep < 100 && scale > 0; ++sweep) {
        double off = 0;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q)
                off += at(a, p, q) * at(a, p, q);
        if (off <= 1e-26 * scale * scale * n * n)
            break;
        for (int p = 0; p < n; ++p) {
            for (int q = p + 1; q < n; ++q) {
                const double apq = at(a, p, q);
                if (std::abs(apq) <= 1e-300)
                    continue;
                const double theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < n; ++k) { // columns p and q
                    const double akp = at(a, k, p), akq = at(a, k, q);
                    at(a, k, p) = c * akp - s * akq;
                    at(a, k, q) = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) { // rows p and q
                    const double apk = at(a, p, k), aqk = at(a, q, k);
                    at(a, p, k) = c * apk - s * aqk;
                    at(a, q, k) = s * apk + c * aqk;
                }
                for (int k = 0; k < n; ++k) {
                    const double vkp = at(v, k, p), vkq = at(v, k, q);
                    at(v, k, p) = c * vkp - s * vkq;
                    at(v, k, q) = s * vkp + c * vkq;
                }
            }
        }
    }
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int x, int y) { return at(a, x, x) < at(a, y, y); });
    values->assign(n, 0.0);
    vectors->assign(static_cast<std::size_t>(n) * n, 0.0);
    for (int j = 0; j < n; ++j) {
        (*values)[j] = at(a, order[j], order[j]);
        for (int k = 0; k < n; ++k)
            (*vectors)[static_cast<std::size_t>(k) * n + j] = at(v, k, order[j]);
    }
}

double frechetDistance(const GaussianStats& a, const GaussianStats& b)
{
    const int n = a.dim;
    if (n <= 0 || b.dim != n || a.count == 0 || b.count == 0)
        return std::numeric_limits<double>::quiet_NaN();
    double meanTerm = 0;
    for (int i = 0; i < n; ++i)
        meanTerm += (a.mean[i] - b.mean[i]) * (a.mean[i] - b.mean[i]);

    // Tr((S_a S_b)^(1/2)) = Tr((R S_b R)^(1/2)) with R = S_a^(1/2), a symmetric PSD matrix.
    std::vector<double> values, vectors;
    symmetricEigen(a.cov, n, &values, &vectors);
    std::vector<double> root(static_cast<std::size_t>(n) * n, 0.0);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            double sum = 0;
            for (int k = 0; k < n; ++k)
                sum += vectors[static_cast<std::size_t>(r) * n + k] * std::sqrt(std::max(values[k], 0.0))
                     * vectors[static_cast<std::size_t>(c) * n + k];
            root[static_cast<std::size_t>(r) * n + c] = sum;
        }
    std::vector<double> tmp(static_cast<std::size_t>(n) * n, 0.0), inner(static_cast<std::size_t>(n) * n, 0.0);
    for (int r = 0; r < n; ++r)
        for (int k = 0; k < n; ++k) {
            const double x = root[static_cast<std::size_t>(r) * n + k];
            for (int c = 0; c < n; ++c)
                tmp[static_cast<std::size_t>(r) * n + c] += x * b.cov[static_cast<std::size_t>(k) * n + c];
        }
    for (int r = 0; r < n; ++r)
        for (int k = 0; k < n; ++k) {
            const double x = tmp[static_cast<std::size_t>(r) * n + k];
            for (int c = 0; c < n; ++c)
                inner[static_cast<std::size_t>(r) * n + c] += x * root[static_cast<std::size_t>(k) * n + c];
        }
    for (int r = 0; r < n; ++r) // symmetrise away rounding
        for (int c = r + 1; c < n; ++c) {
            const double m = (inner[static_cast<std::size_t>(r) * n + c] + inner[static_cast<std::size_t>(c) * n + r]) / 2;
            inner[static_cast<std::size_t>(r) * n + c] = inner[static_cast<std::size_t>(c) * n + r] = m;
        }
    symmetricEigen(inner, n, &values, &vectors);
    double traceRoot = 0;
    for (double v : values)
        traceRoot += std::sqrt(std::max(v, 0.0));

    double trace = 0;
    for (int i = 0; i < n; ++i)
        trace += a.cov[static_cast<std::size_t>(i) * n + i] + b.cov[static_cast<std::size_t>(i) * n + i];
    return std::max(0.0, meanTerm + trace - 2 * traceRoot);
}

} // namespace gan
