#pragma once
// The main() of the engine tests that can run on any device: `[--device cpu|cuda|auto]
// [test name]`. The CUDA check (scripts/cuda-check.sh) runs them with --device cuda.

#include "check.h"

#include "engine/settings.h"

#include <cstdio>
#include <string>

namespace check {

inline int runOnDevice(int argc, char** argv, const char* title, gan::DevicePreference* device)
{
    std::string filter;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--device" && i + 1 < argc)
            gan::parseDevicePreference(argv[++i], device);
        else
            filter = a;
    }
    std::printf("%s on %s\n", title, gan::toString(*device).c_str());
    return runAll(filter);
}

} // namespace check
