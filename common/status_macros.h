// DX_RETURN_IF_ERROR / DX_ASSIGN_OR_RETURN (after cel-cpp
// internal/status_macros.h); Debian's abseil has no equivalents.
#ifndef DX_COMMON_STATUS_MACROS_H_
#define DX_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define DX_RETURN_IF_ERROR(expr)                  \
  do {                                            \
    ::absl::Status dx_status_ = (expr);           \
    if (!dx_status_.ok()) return dx_status_;      \
  } while (false)

#define DX_STATUS_CONCAT_INNER_(a, b) a##b
#define DX_STATUS_CONCAT_(a, b) DX_STATUS_CONCAT_INNER_(a, b)

#define DX_ASSIGN_OR_RETURN(lhs, rexpr) \
  DX_ASSIGN_OR_RETURN_IMPL_(DX_STATUS_CONCAT_(dx_statusor_, __LINE__), lhs, rexpr)

#define DX_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                              \
  if (!statusor.ok()) return statusor.status();         \
  lhs = std::move(statusor).value()

#endif  // DX_COMMON_STATUS_MACROS_H_
