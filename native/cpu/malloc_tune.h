#pragma once

namespace tl {

// Sets glibc's mmap and trim thresholds once per process (malloc_tune.cc says why). Returns whether they are set:
// false on other C libraries and when TL_MALLOC_TUNE=0.
bool tune_malloc();

}  // namespace tl
