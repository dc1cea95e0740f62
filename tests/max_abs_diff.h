// The one max_abs_diff for tests: the largest |a - b| over two matrices of the same shape. A cell
// where both sides hold the same infinity (a masked score) or both NaN counts as equal; one where
// only one side is non-finite makes the difference infinite. The arithmetic is core::compare's.
#pragma once
#include <catch2/catch.hpp>

#include <cstddef>
#include <limits>

#include "core/numeric.h"
#include "core/tensor.h"

namespace tmx::test {

inline double max_abs_diff(const Mat& a, const Mat& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  const Diff d = compare(a.data(), b.data(), static_cast<size_t>(a.size()));
  return d.non_finite ? std::numeric_limits<double>::infinity() : d.max_abs;
}

}  // namespace tmx::test
