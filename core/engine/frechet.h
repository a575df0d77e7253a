#pragma once
// The Fréchet distance between two Gaussians fitted to feature vectors, the measure
// behind FID (Heusel et al., 2017), here on a small digit classifier's features:
//   d^2 = |mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)).
// 0 when mean and covariance agree; it grows when generated digits look different from
// real ones or cover fewer of their kinds. Plain C++ (no torch, no Qt).

#include <vector>

namespace gan {

struct GaussianStats {
    int dim = 0;
    int count = 0;               // feature vectors it was fitted to
    std::vector<double> mean;    // dim
    std::vector<double> cov;     // dim * dim, row-major; sample covariance (divides by count - 1)
};

// Fits mean and covariance to `count` feature vectors of `dim` floats each (row-major).
GaussianStats gaussianStats(const float* features, int count, int dim);

// Squared Fréchet distance between two fits of the same dimension (as FID reports it).
// Returns NaN when the dimensions differ or either fit is empty.
double frechetDistance(const GaussianStats& a, const GaussianStats& b);

// Eigenvalues (ascending) and eigenvectors (column j of the row-major `vectors` belongs to
// value j) of a symmetric n x n matrix, by cyclic Jacobi rotations.
void symmetricEigen(const std::vector<double>& matrix, int n, std::vector<double>* values, std::vector<double>* vectors);

} // namespace gan
