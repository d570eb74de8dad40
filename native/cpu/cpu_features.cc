// Runtime instruction-set dispatch: picks, once, the best inner-loop table this CPU (and OS) can run.
// __builtin_cpu_supports reads cpuid and, for AVX/AVX-512, also checks via xgetbv that the OS saves the wide
// registers. TL_ISA=generic|avx2|avx512 may force a lower path (tests use it to compare paths); asking for a
// path the CPU lacks falls back to the best available one.
#include <cstdlib>
#include <cstring>

#include "simd/isa.h"

namespace tl {

namespace {

#if defined(TL_HAVE_X86_ISAS)
// Only x86 builds have these (other targets compile just the generic table; unused functions would warn).
bool cpu_has_avx512() {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

bool cpu_has_avx2() {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}
#endif  // TL_HAVE_X86_ISAS

const IsaKernels* choose() {
  const IsaKernels* list[3];
  int n = available_isas(list, 3);
  const char* want = std::getenv("TL_ISA");
  if (want && *want) {
    for (int i = 0; i < n; i++)
      if (std::strcmp(list[i]->name, want) == 0) return list[i];
  }
  return list[0];
}

}  // namespace

int available_isas(const IsaKernels** out, int max) {
  int n = 0;
#if defined(TL_HAVE_X86_ISAS)
  if (n < max && cpu_has_avx512()) out[n++] = isa_table_avx512();
  if (n < max && cpu_has_avx2()) out[n++] = isa_table_avx2();
#endif
  if (n < max) out[n++] = isa_table_generic();
  return n;
}

const IsaKernels& isa() {
  static const IsaKernels* chosen = choose();
  return *chosen;
}

}  // namespace tl
