#include "api/diagnostics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/diag/render.h"
#include "nlohmann/json.hpp"

namespace duixian::api {

std::vector<DiagnosticInfo> FromCompilation(const dsl::Compilation& c) {
  std::vector<DiagnosticInfo> out;
  for (const duixian::Diagnostic& d : c.diagnostics.diagnostics()) {
    DiagnosticInfo p;
    p.code = std::string(CodeName(d.code));
    p.severity = SeverityName(d.severity, Lang::kEn);
    p.message = d.message.en;
    p.message_zh = d.message.zh;
    const SourceRange& r = d.primary;
    if (c.sources && r.file >= 0 && static_cast<size_t>(r.file) < c.sources->size()) {
      const SourceFile& f = c.sources->file(r.file);
      auto size = static_cast<uint32_t>(f.text().size());
      uint32_t begin = std::min(r.begin, size);
      uint32_t end = std::clamp(r.end, begin, size);
      SourceFile::Location b = f.Locate(begin), e = f.Locate(end);
      p.file = f.path();
      p.line = static_cast<int>(b.line);
      p.column = static_cast<int>(b.column);
      p.end_line = static_cast<int>(e.line);
      p.end_column = static_cast<int>(e.column);
    }
    out.push_back(std::move(p));
  }
  return out;
}

DiagnosticInfo FromFirmIssue(const engine::FirmDataIssue& issue, const char* severity) {
  DiagnosticInfo p;
  p.code = "firm";
  p.severity = severity;
  p.message = issue.reason;
  p.message_zh = issue.reason_zh;
  p.file = issue.file;
  p.field = issue.field;
  p.line = p.end_line = issue.line;
  p.column = p.end_column = issue.column;
  return p;
}

std::string CompileFailureMessage(const dsl::Compilation& c, const std::vector<DiagnosticInfo>& diags) {
  size_t e = c.diagnostics.error_count(), w = c.diagnostics.warning_count();
  std::string msg = absl::StrCat("the policies do not compile (", e, " error", e == 1 ? "" : "s", ", ", w,
                                 " warning", w == 1 ? "" : "s", ")");
  for (const DiagnosticInfo& d : diags) {
    if (d.severity != "error") continue;
    absl::StrAppend(&msg, ": ", d.file, ":", d.line, ":", d.column, ": ", d.code, " ", d.message);
    break;
  }
  return msg;
}

}  // namespace duixian::api

namespace duixian {

std::string DiagnosticsToJson(const std::vector<DiagnosticInfo>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const DiagnosticInfo& d : diagnostics) {
    out.push_back({{"code", d.code},
                   {"severity", d.severity},
                   {"message", d.message},
                   {"message_zh", d.message_zh},
                   {"file", d.file},
                   {"field", d.field},
                   {"line", d.line},
                   {"column", d.column},
                   {"end_line", d.end_line},
                   {"end_column", d.end_column}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace duixian
