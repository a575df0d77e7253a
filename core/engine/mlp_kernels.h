#pragma once
// The arithmetic of the seed's two MLPs on plain row-major float arrays: the matrix
// products (BLAS), LeakyReLU, Tanh and BatchNorm1d in training mode, forward and backward.
// No LibTorch here: the CPU training step (cpu_training_step.h) is built from these, and
// the tests compare it with LibTorch's autograd.

#include <cstdint>
#include <functional>

namespace gan {
class ThreadTeam; // thread_team.h
}

namespace gan::mlp {

// Work on columns [first, end) of a row-major result, done by the block that wrote them right
// after its product: the elementwise and per-column steps that follow a layer (bias,
// activation, BatchNorm) then run on the team's threads too, not on the caller's alone.
// Each column gets the same arithmetic in the same order whichever block runs it.
using ColumnWork = std::function<void(int first, int end)>;

// C = op(A) op(B) + beta C, column-major, as BLAS's sgemm with alpha = 1, cut into blocks of
// C's rows that the team shares; each block is one single-threaded BLAS call. `before` and
// `after`, when set, run in the block on its rows of C (the columns of the row-major matrix
// C^T) before and after its product.
void gemm(ThreadTeam& team, char ta, char tb, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
          float beta, float* c, int ldc, const ColumnWork& before = {}, const ColumnWork& after = {});
// How gemm cuts a product of this shape: the block count, and block i's rows [first, end).
// They follow from the shape alone, so the results do not depend on the team's size.
int productBlocks(int m, int n, int k);
void productBlockRows(int m, int blocks, int i, int& first, int& end);

// y[rows, out] = x[rows, in] · w[out, in]^T + b[out]   (nn.Linear; w as LibTorch stores it),
// then `then` on each block of y's columns.
void linearForward(ThreadTeam& team, const float* x, int rows, int in, const float* w, const float* b, int out, float* y,
                   const ColumnWork& then = {});
// dx[rows, in] = dy[rows, out] · w[out, in], then `then` on each block of dx's columns.
void linearInputGrad(ThreadTeam& team, const float* dy, int rows, int out, const float* w, int in, float* dx,
                     const ColumnWork& then = {});
// dw[out, in] += dy[rows, out]^T · x[rows, in];  db[out] = column sums of dy (overwritten).
// dw is added to, not overwritten: Adam leaves the gradients zero after each step (adam.h),
// which spares BLAS a zeroing pass over them.
void linearParamGrad(ThreadTeam& team, const float* dy, const float* x, int rows, int in, int out, float* dw, float* db);

// In place: x = x > 0 ? x : slope * x.
void leakyReluForward(float* x, std::int64_t n, float slope);
// dy *= (y > 0 ? 1 : slope), with y the activation's output (same sign as its input).
void leakyReluBackward(float* dy, const float* y, std::int64_t n, float slope);
// In place: x = tanh(x).
void tanhForward(float* x, std::int64_t n);
// The same on columns [first, end) of row-major [rows, cols] matrices.
void leakyReluForward(float* x, int rows, int cols, int first, int end, float slope);
void leakyReluBackward(float* dy, const float* y, int rows, int cols, int first, int end, float slope);
void tanhForward(float* x, int rows, int cols, int first, int end);
// dy *= 1 - y^2, with y = tanh's output.
void tanhBackward(float* dy, const float* y, std::int64_t n);

// BatchNorm1d in training mode on a[rows, cols] in place: a becomes x̂ = (a - mean) / sqrt(var + eps)
// with the batch's mean and biased variance; y = gamma x̂ + beta goes to `y`. invStd[cols]
// keeps 1 / sqrt(var + eps) for the backward pass. The running statistics move as
// LibTorch's do: r = (1 - momentum) r + momentum * batch value, with the unbiased variance.
// Each column on its own: only columns [first, end) are handled (the passes call it from the
// block that computed them); all arrays are indexed by the whole column number.
void batchNormForward(float* a, int rows, int cols, int first, int end, const float* gamma, const float* beta,
                      float eps, float momentum, float* runningMean, float* runningVar, float* invStd, float* y);
// From dy (the gradient at y) and x̂: dgamma, dbeta (overwritten), and da in place of dy,
// for columns [first, end).
void batchNormBackward(float* dy, const float* xhat, int rows, int cols, int first, int end, const float* gamma,
                       const float* invStd, float* dgamma, float* dbeta);

} // namespace gan::mlp
