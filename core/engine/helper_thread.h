#pragma once
// A second CPU thread for the engine's own elementwise work (the Adam update): while the
// calling thread does one half, the helper does the other. OpenBLAS's threads sit idle
// between matrix products, so on a 2-core machine this core is otherwise wasted.
// One per process, started on first use; run() is not reentrant (one engine thread at a
// time uses it, others wait their turn).

#include <functional>

namespace gan {

// Runs work(1) on the helper thread and work(0) on the calling thread, and returns when
// both are done. Without a helper (one-core machine), runs work(0) and then work(1).
void runOnTwoThreads(const std::function<void(int part)>& work);

} // namespace gan
