#pragma once
// The calling thread's CPU time (Linux's per-thread clock), for the window's measurements:
// the GUI thread's share of a core and the CPU time within each event (`--report`).

#include <QtGlobal>

#include <ctime>

namespace gan {

inline qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

} // namespace gan
