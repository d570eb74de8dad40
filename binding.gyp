# The CPU addon (native/cpu). node-gyp builds it through node-gyp-build; prebuildify packs it into prebuilds/.
#
# Only the per-ISA inner-loop files get -m flags, each in its own static library (gyp has no per-file flags):
# everything else is compiled for the baseline of the target, and cpu_features.cc picks a table at load.
{
  "variables": {
    # The target's architecture, not the host's (process.arch): a cross build for arm64 on an x64 host
    # (node-gyp --arch=arm64, prebuildify --arch arm64) must leave out the AVX libraries and TL_HAVE_X86_ISAS.
    "conditions": [["target_arch=='x64' or target_arch=='ia32'", {"tl_x86%": 1}, {"tl_x86%": 0}]],
  },
  "target_defaults": {
    "cflags_cc": ["-O3", "-fvisibility=hidden"],
    "defines": ["NAPI_VERSION=8", "NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED"],
    "xcode_settings": {"GCC_OPTIMIZATION_LEVEL": "3", "CLANG_CXX_LANGUAGE_STANDARD": "c++17"},
    "msvs_settings": {"VCCLCompilerTool": {"Optimization": 2, "AdditionalOptions": ["/std:c++17"]}},
    "conditions": [["tl_x86==1", {"defines": ["TL_HAVE_X86_ISAS"]}]],
  },
  "targets": [
    {
      "target_name": "tensorlane",
      "sources": [
        "native/cpu/addon.cc",
        "native/cpu/dispatch/parse.cc",
        "native/cpu/dispatch/async_call.cc",
        "native/cpu/threadpool.cc",
        "native/cpu/cpu_features.cc",
        "native/cpu/malloc_tune.cc",
        "native/cpu/simd/isa_generic.cc",
        # Every kernel file, without a hand-kept list: kernels register themselves by name (kernel_call.h).
        "<!@(node -p \"require('fs').readdirSync('native/cpu/kernels').filter(f => f.endsWith('.cc')).sort().map(f => 'native/cpu/kernels/' + f).join(' ')\")",
      ],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "conditions": [["tl_x86==1", {"dependencies": ["tl_isa_avx2", "tl_isa_avx512"]}]],
    },
  ],
  "conditions": [
    ["tl_x86==1", {
      "targets": [
        {
          "target_name": "tl_isa_avx2",
          "type": "static_library",
          "sources": ["native/cpu/simd/isa_avx2.cc"],
          "cflags_cc": ["-mavx2", "-mfma", "-fPIC"],
          "xcode_settings": {"OTHER_CPLUSPLUSFLAGS": ["-mavx2", "-mfma"]},
          "msvs_settings": {"VCCLCompilerTool": {"AdditionalOptions": ["/arch:AVX2"]}},
        },
        {
          "target_name": "tl_isa_avx512",
          "type": "static_library",
          "sources": ["native/cpu/simd/isa_avx512.cc"],
          "cflags_cc": ["-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mfma", "-fPIC",
                        # GCC 12 warns inside its own avx512fintrin.h (_mm512_undefined_ps, GCC bug 105593).
                        "-Wno-uninitialized", "-Wno-maybe-uninitialized"],
          "xcode_settings": {"OTHER_CPLUSPLUSFLAGS": ["-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mfma"]},
          "msvs_settings": {"VCCLCompilerTool": {"AdditionalOptions": ["/arch:AVX512"]}},
        },
      ],
    }],
  ],
}
