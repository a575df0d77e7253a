#include "process_tuning.h"

#include <malloc.h>

namespace gan {

void tuneProcessForTraining()
{
    // Training allocates and frees the same few-megabyte buffers every iteration. glibc
    // serves blocks above 128 KiB with mmap and gives freed memory back at once, so each
    // iteration paid for fresh page faults; keeping them in the heap removes that cost.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
}

} // namespace gan
