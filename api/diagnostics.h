// Converts the engine's diagnostics (policy compilation, firm decoding) into
// the public duixian::DiagnosticInfo.
#ifndef DX_API_DIAGNOSTICS_H_
#define DX_API_DIAGNOSTICS_H_

#include <vector>

#include "duixian/duixian.hpp"
#include "dsl/compiler.h"
#include "engine/profile/firm_decoder.h"

namespace duixian::api {

std::vector<DiagnosticInfo> FromCompilation(const dsl::Compilation& c);
DiagnosticInfo FromFirmIssue(const engine::FirmDataIssue& issue, const char* severity);

// "the policies do not compile (2 errors, 1 warning): first error"
std::string CompileFailureMessage(const dsl::Compilation& c, const std::vector<DiagnosticInfo>& diags);

}  // namespace duixian::api

#endif  // DX_API_DIAGNOSTICS_H_
