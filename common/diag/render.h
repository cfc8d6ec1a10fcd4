// Renders diagnostics for people (clang/rustc style, carets aligned for
// double-width CJK), for editors (one line each) and for tools (JSON).
// Rendering never fails: bad ranges are clamped.
#ifndef DX_COMMON_DIAG_RENDER_H_
#define DX_COMMON_DIAG_RENDER_H_

#include <string>
#include <vector>

#include "common/diag/diagnostic.h"
#include "common/source/source_manager.h"

namespace duixian {

enum class Lang { kZh, kEn };

struct RenderOptions {
  Lang lang = Lang::kZh;
  bool color = false;
  bool ambiguous_wide = false;  // --cjk-ambiguous-width=2
  int max_line_columns = 120;   // long lines are windowed with "..."
};

// Multi-line human form, ending with a newline.
std::string RenderText(const Diagnostic& diag, const SourceManager& sources,
                       const RenderOptions& options);
// "path:line:col: 错误[E0201]: message" (one line, with newline).
std::string RenderShort(const Diagnostic& diag, const SourceManager& sources,
                        const RenderOptions& options);
// A JSON array; each element has code, severity, message (in options.lang),
// message_en, message_zh, file, byte offsets, 1-based line and code-point
// columns of start and end, labels, notes, helps, fixits.
std::string RenderJson(const std::vector<Diagnostic>& diags,
                       const SourceManager& sources, const RenderOptions& options);

// "错误" / "error", "警告" / "warning", …
std::string SeverityName(Severity severity, Lang lang);

// The text in `lang`, or in the other language when it has none there.
const std::string& Pick(const LocalizedText& text, Lang lang);

}  // namespace duixian

#endif  // DX_COMMON_DIAG_RENDER_H_
