#pragma once

namespace gan {

// Process-wide settings that make training fast, applied by the program itself at start-up
// (a user never has to set environment variables). See the README's performance section.
void tuneProcessForTraining();

// Gives the pages of freed heap blocks back to the system (glibc's malloc_trim). The settings
// above keep freed memory, so that the buffers training reuses are not faulted in again at
// every iteration. But blocks freed between blocks still in use stay resident too, and over a
// long run resident memory climbs to the peak of every pattern of allocations the program has
// made (the meter's activations, restore points and the explorer's copies landing in one
// another's gaps; `scripts/bench.sh --long` measures it with the window open). Takes a few
// milliseconds; training calls it every releaseFreedMemoryInterval iterations. The top of a
// thread's heap, above its last block in use, is kept (glibc trims only the main heap's).
void releaseFreedMemory();
constexpr int releaseFreedMemoryInterval = 1000; // after the meter's reading, at its default interval

} // namespace gan
