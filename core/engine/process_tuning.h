#pragma once

namespace gan {

// Process-wide settings that make training fast, applied by the program itself at start-up
// (a user never has to set environment variables). See the README's performance section.
void tuneProcessForTraining();

} // namespace gan
