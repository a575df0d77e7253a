#pragma once

#include "headless_options.h"

namespace gan {

// Trains without a window, as the seed's script does, and returns the exit status:
// 0 done, 1 training diverged, 2 bad input (one "error:" line on stderr, nothing written).
int runHeadless(const HeadlessOptions& options);

} // namespace gan
