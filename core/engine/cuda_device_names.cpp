#include "cuda_device_names.h"

#include <dlfcn.h>

namespace gan {

namespace {

// The few driver API entry points used, with the driver's own signatures (CUresult is an
// int-sized enum whose success value is 0; CUdevice is an int).
using CuInit = int (*)(unsigned);
using CuDeviceGetCount = int (*)(int*);
using CuDeviceGet = int (*)(int*, int);
using CuDeviceGetName = int (*)(char*, int, int);
using CuDeviceTotalMem = int (*)(std::size_t*, int);

template <typename F>
F symbol(void* lib, const char* name)
{
    return reinterpret_cast<F>(dlsym(lib, name));
}

} // namespace

std::string formatCudaDevice(const std::string& name, std::size_t totalBytes)
{
    if (totalBytes == 0)
        return name;
    return name + " (" + std::to_string(totalBytes >> 30) + " GiB)";
}

std::vector<std::string> cudaDeviceNames()
{
    // Never closed: LibTorch keeps the driver loaded anyway, and closing it would be unsafe.
    void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return {};
    const auto init = symbol<CuInit>(lib, "cuInit");
    const auto count = symbol<CuDeviceGetCount>(lib, "cuDeviceGetCount");
    const auto get = symbol<CuDeviceGet>(lib, "cuDeviceGet");
    const auto getName = symbol<CuDeviceGetName>(lib, "cuDeviceGetName");
    const auto totalMem = symbol<CuDeviceTotalMem>(lib, "cuDeviceTotalMem_v2");
    int n = 0;
    if (!init || !count || !get || !getName || init(0) != 0 || count(&n) != 0 || n <= 0)
        return {};
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) {
        int device = 0;
        char name[256] = {};
        if (get(&device, i) != 0 || getName(name, static_cast<int>(sizeof name) - 1, device) != 0)
            return {};
        std::size_t bytes = 0;
        if (!totalMem || totalMem(&bytes, device) != 0)
            bytes = 0;
        names.push_back(formatCudaDevice(name, bytes));
    }
    return names;
}

} // namespace gan
