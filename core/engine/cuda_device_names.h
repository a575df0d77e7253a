#pragma once
// Names of the CUDA devices, for the device selector ("NVIDIA H100 80GB HBM3 (79 GiB)").
// Asked of the NVIDIA driver itself (libcuda, opened at run time), so it needs neither
// CUDA's headers at build time nor a CUDA build of LibTorch: LibTorch 1.13 and 2.x alike.

#include <cstddef>
#include <string>
#include <vector>

namespace gan {

// One entry per device in the driver's order (the order CUDA's runtime and LibTorch use,
// after CUDA_VISIBLE_DEVICES); empty when there is no driver or it reports an error.
std::vector<std::string> cudaDeviceNames();

// "NAME (N GiB)", memory rounded down; just the name when the memory is unknown (0).
std::string formatCudaDevice(const std::string& name, std::size_t totalBytes);

} // namespace gan
