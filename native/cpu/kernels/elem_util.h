// Helpers for the kernels that take any element type (gather_v2, concat, arg_max, clip_by_value, one_hot,
// in_top_k): dispatch on a tensor's element type, reading int32 / int64 indices, and the js backend's number
// conventions where a kernel must reproduce them exactly (typed-array stores of a double, and how JS prints a
// number in an error message). No Node-API: these also build into test/portable_check.cc.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include "../common.h"
#include "kernel_call.h"

namespace tl {

// Calls fn(T{}) with T the C++ type of `t` among the numeric types (float, double, int32_t, int64_t); bool
// (uint8_t) too when kWithBool. Anything else is an ArgError naming `what`.
template <bool kWithBool = false, typename F>
void with_numeric_type(ElemType t, const char* what, F&& fn) {
  switch (t) {
    case ElemType::kF32: fn(float{}); return;
    case ElemType::kF64: fn(double{}); return;
    case ElemType::kI32: fn(int32_t{}); return;
    case ElemType::kI64: fn(int64_t{}); return;
    case ElemType::kU8:
      if constexpr (kWithBool) {
        fn(uint8_t{});
        return;
      }
      break;
  }
  throw ArgError(std::string(what) + " has an element type this kernel does not take");
}

// Element i of an int32 or int64 index tensor (the kernels' dtype lists admit no other).
inline int64_t index_at(const TensorArg& t, int64_t i) {
  return t.type == ElemType::kI64 ? t.as<const int64_t>()[i] : int64_t(t.as<const int32_t>()[i]);
}

// String(Number(v)) in JS: the exact integer up to 2^53; beyond, the shortest digits that give the same double,
// padded with zeros (String(Number(2n ** 62n)) is "4611686018427388000"), so messages match the js kernel's.
inline std::string js_integer_string(int64_t v) {
  if (v >= -(int64_t(1) << 53) && v <= (int64_t(1) << 53)) return std::to_string(v);
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, double(v), std::chars_format::scientific);
  const std::string s(buf, r.ptr);  // "-4.611686018427388e+18"
  const size_t e = s.find('e');
  std::string digits;
  for (size_t i = 0; i < e; i++)
    if (s[i] >= '0' && s[i] <= '9') digits += s[i];
  const int exponent = std::stoi(s.substr(e + 1));  // 15..18 here: below 1e21, JS writes every digit
  while (int(digits.size()) < exponent + 1) digits += '0';
  return (v < 0 ? "-" : "") + digits;
}

// "[1,0,2]": the multi-index of flat position `flat` in `shape` ("" for a scalar), as the js kernels' positionOf.
inline std::string position_of(int64_t flat, const Shape& shape) {
  if (shape.empty()) return "";
  std::string r;
  int64_t stride = prod(shape);
  for (size_t d = 0; d < shape.size(); d++) {
    stride /= shape[d];
    r += (d ? "," : "") + std::to_string(flat / stride % shape[d]);
  }
  return "[" + r + "]";
}

// "[3,4]", as the js side's fmtShape.
inline std::string shape_string(const Shape& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); i++) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

// What storing the double x into a typed array of T keeps (the js kernels fill outputs that way): float rounds,
// Int32Array and Uint8Array wrap the truncated value (NaN and infinities store 0), BigInt64Array wraps an
// integer (BigInt(x) throws on a fraction: an ArgError here; the ops never pass one).
template <typename T>
T js_store(double x) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    return T(x);
  } else {
    if constexpr (std::is_same_v<T, int64_t>) {
      if (!(std::trunc(x) == x)) throw ArgError("a non-integer value " + std::to_string(x) + " for an int64 output");
    } else if (!std::isfinite(x)) {
      return T(0);
    }
    // The truncated value modulo 2^64, then the low bits: exact for every double (|x| >= 2^53 is an integer).
    const double m = std::fmod(std::trunc(x), 18446744073709551616.0);  // exact, |m| < 2^64
    const uint64_t u = m < 0 ? uint64_t(0) - uint64_t(-m) : uint64_t(m);
    return T(u);  // two's-complement narrowing (well defined from C++20, what every compiler does before it)
  }
}

}  // namespace tl
