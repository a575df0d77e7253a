#include "mlp_kernels.h"

#include "thread_team.h"

#include <algorithm>
#include <cmath>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// The Fortran BLAS entry point (column-major), which OpenBLAS provides; LibTorch calls the same.
extern "C" void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                       const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                       const float* beta, float* c, const int* ldc);

#if defined(__x86_64__)
// glibc's vectorised tanhf (libmvec), 4 lanes; the SSE entry picks the best code for the CPU.
extern "C" __m128 _ZGVbN4v_tanhf(__m128);
#endif

namespace gan::mlp {
namespace {

constexpr int rowsPerUnit = 16;         // blocks start at multiples of 16 rows (the kernels' tile)
// A block is at least about 0.1 ms of one core, and a product at most 4 blocks: measured on
// 2 cores, smaller or more blocks cost more in calls and hand-overs than they save.
constexpr double flopsPerBlock = 6.0e6;
constexpr int maxBlocks = 4;

void columnSums(const float* x, int rows, int cols, float* sums)
{
    for (int j = 0; j < cols; ++j)
        sums[j] = 0;
    for (int r = 0; r < rows; ++r) {
        const float* row = x + static_cast<std::int64_t>(r) * cols;
        for (int j = 0; j < cols; ++j)
            sums[j] += row[j];
    }
}

} // namespace

int productBlocks(int m, int n, int k)
{
    const double flops = 2.0 * m * n * k;
    const int units = (m + rowsPerUnit - 1) / rowsPerUnit;
    const int byWork = static_cast<int>(flops / flopsPerBlock);
    return std::clamp(std::min(byWork, units), 1, maxBlocks);
}

void productBlockRows(int m, int blocks, int i, int& first, int& end)
{
    const int units = (m + rowsPerUnit - 1) / rowsPerUnit;
    first = std::min(m, i * units / blocks * rowsPerUnit);
    end = std::min(m, (i + 1) * units / blocks * rowsPerUnit);
}

void gemm(ThreadTeam& team, char ta, char tb, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
          float beta, float* c, int ldc, const ColumnWork& before, const ColumnWork& after)
{
    const int blocks = productBlocks(m, n, k);
    team.run(blocks, [&](int i) {
        int first = 0, end = 0;
        productBlockRows(m, blocks, i, first, end);
        if (before)
            before(first, end);
        const int rows = end - first;
        const float one = 1.0f;
        // Rows [first, end) of C come from the same rows of op(A): rows of A, or its columns when transposed.
        const float* ab = a + (ta == 'N' ? first : static_cast<std::int64_t>(first) * lda);
        sgemm_(&ta, &tb, &rows, &n, &k, &one, ab, &lda, b, &ldb, &beta, c + first, &ldc);
        if (after)
            after(first, end);
    });
}

void linearForward(ThreadTeam& team, const float* x, int rows, int in, const float* w, const float* b, int out, float* y,
                   const ColumnWork& then)
{
    const auto bias = [&](int first, int end) {
        for (int r = 0; r < rows; ++r) {
            float* row = y + static_cast<std::int64_t>(r) * out;
            for (int j = first; j < end; ++j)
                row[j] = b[j];
        }
    };
    // A row-major [r, c] matrix is a column-major [c, r] one, so each product is written as
    // its transpose for the column-major BLAS.
    // y^T[out, rows] = w[out, in] · x^T[in, rows], added to the bias already in y.
    gemm(team, 'T', 'N', out, rows, in, w, in, x, in, 1.0f, y, out, bias, then);
}

void linearInputGrad(ThreadTeam& team, const float* dy, int rows, int out, const float* w, int in, float* dx,
                     const ColumnWork& then)
{
    // dx^T[in, rows] = w^T[in, out] · dy^T[out, rows]
    gemm(team, 'N', 'N', in, rows, out, w, in, dy, out, 0.0f, dx, in, {}, then);
}

void linearParamGrad(ThreadTeam& team, const float* dy, const float* x, int rows, int in, int out, float* dw, float* db)
{
    // dw^T[in, out] += x^T[in, rows] · dy[rows, out]
    gemm(team, 'N', 'T', in, out, rows, x, in, dy, out, 1.0f, dw, in);
    columnSums(dy, rows, out, db);
}

void leakyReluForward(float* x, std::int64_t n, float slope)
{
    // Branch-free so that it vectorises (the sign is a coin toss, which branches mispredict).
    for (std::int64_t i = 0; i < n; ++i)
        x[i] = std::max(x[i], 0.0f) + slope * std::min(x[i], 0.0f);
}

void leakyReluBackward(float* dy, const float* y, std::int64_t n, float slope)
{
    for (std::int64_t i = 0; i < n; ++i) {
        const float factor = y[i] > 0 ? 1.0f : slope;
        dy[i] *= factor;
    }
}

void tanhForward(float* x, std::int64_t n)
{
    std::int64_t i = 0;
#if defined(__x86_64__)
    for (; i + 4 <= n; i += 4)
        _mm_storeu_ps(x + i, _ZGVbN4v_tanhf(_mm_loadu_ps(x + i)));
#endif
    for (; i < n; ++i)
        x[i] = std::tanh(x[i]);
}

void leakyReluForward(float* x, int rows, int cols, int first, int end, float slope)
{
    for (int r = 0; r < rows; ++r)
        leakyReluForward(x + static_cast<std::int64_t>(r) * cols + first, end - first, slope);
}

void leakyReluBackward(float* dy, const float* y, int rows, int cols, int first, int end, float slope)
{
    for (int r = 0; r < rows; ++r) {
        const std::int64_t at = static_cast<std::int64_t>(r) * cols + first;
        leakyReluBackward(dy + at, y + at, end - first, slope);
    }
}

void tanhForward(float* x, int rows, int cols, int first, int end)
{
    for (int r = 0; r < rows; ++r)
        tanhForward(x + static_cast<std::int64_t>(r) * cols + first, end - first);
}

void tanhBackward(float* dy, const float* y, std::int64_t n)
{
    for (std::int64_t i = 0; i < n; ++i)
        dy[i] *= 1.0f - y[i] * y[i];
}

void batchNormForward(float* a, int rows, int cols, int first, int end, const float* gamma, const float* beta,
                      float eps, float momentum, float* runningMean, float* runningVar, float* invStd, float* y)
{
    // mean and var hold columns [first, end), from index 0.
    const int n = end - first;
    std::vector<float> mean(n, 0.0f), var(n, 0.0f);
    for (int r = 0; r < rows; ++r) {
        const float* row = a + static_cast<std::int64_t>(r) * cols + first;
        for (int j = 0; j < n; ++j)
            mean[j] += row[j];
    }
    for (int j = 0; j < n; ++j)
        mean[j] /= static_cast<float>(rows);
    for (int r = 0; r < rows; ++r) {
        const float* row = a + static_cast<std::int64_t>(r) * cols + first;
        for (int j = 0; j < n; ++j) {
            const float d = row[j] - mean[j];
            var[j] += d * d;
        }
    }
    const float unbias = static_cast<float>(rows) / static_cast<float>(rows - 1);
    for (int j = 0; j < n; ++j) {
        const int c = first + j;
        const float biased = var[j] / static_cast<float>(rows);
        invStd[c] = 1.0f / std::sqrt(biased + eps);
        runningMean[c] = (1.0f - momentum) * runningMean[c] + momentum * mean[j];
        runningVar[c] = (1.0f - momentum) * runningVar[c] + momentum * biased * unbias;
    }
    for (int r = 0; r < rows; ++r) {
        float* row = a + static_cast<std::int64_t>(r) * cols;
        float* out = y + static_cast<std::int64_t>(r) * cols;
        for (int c = first; c < end; ++c) {
            row[c] = (row[c] - mean[c - first]) * invStd[c];
            out[c] = gamma[c] * row[c] + beta[c];
        }
    }
}

void batchNormBackward(float* dy, const float* xhat, int rows, int cols, int first, int end, const float* gamma,
                       const float* invStd, float* dgamma, float* dbeta)
{
    for (int c = first; c < end; ++c)
        dgamma[c] = dbeta[c] = 0;
    for (int r = 0; r < rows; ++r) {
        const float* g = dy + static_cast<std::int64_t>(r) * cols;
        const float* xh = xhat + static_cast<std::int64_t>(r) * cols;
        for (int c = first; c < end; ++c) {
            dbeta[c] += g[c];
            dgamma[c] += g[c] * xh[c];
        }
    }
    const float invRows = 1.0f / static_cast<float>(rows);
    const int n = end - first; // scale, meanDy and meanDyXhat hold columns [first, end), from index 0
    std::vector<float> scale(n), meanDy(n), meanDyXhat(n);
    for (int j = 0; j < n; ++j) {
        const int c = first + j;
        scale[j] = gamma[c] * invStd[c];
        meanDy[j] = dbeta[c] * invRows;
        meanDyXhat[j] = dgamma[c] * invRows;
    }
    for (int r = 0; r < rows; ++r) {
        float* g = dy + static_cast<std::int64_t>(r) * cols + first;
        const float* xh = xhat + static_cast<std::int64_t>(r) * cols + first;
        for (int j = 0; j < n; ++j)
            g[j] = scale[j] * (g[j] - meanDy[j] - xh[j] * meanDyXhat[j]);
    }
}

} // namespace gan::mlp
