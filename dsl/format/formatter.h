// `duixian fmt`: the one canonical layout of a policy file. Formatting keeps
// every significant token and comment in order (so the compiled rules and the
// policy-set digest do not change), is idempotent, and rewrites the
// full-width punctuation an input method types into ASCII.
//
//   SourceManager sources;
//   DiagnosticSink sink;
//   absl::StatusOr<std::string> out = FormatSource("a.policy", text, sources, sink);
//   if (!out.ok()) { /* syntax errors are in `sink`, rendered with `sources` */ }
#ifndef DX_DSL_FORMAT_FORMATTER_H_
#define DX_DSL_FORMAT_FORMATTER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/diag/diagnostic.h"
#include "common/source/source_manager.h"

namespace duixian::dsl {

// Formats the text of one policy file. A file that does not parse is left
// alone: FailedPrecondition, with its syntax errors (E01xx) in `sink`, which
// refer to a buffer added to `sources` (full-width forms already replaced;
// lines are unchanged). Internal if the layout would change the tokens — a
// bug, reported instead of writing a file that means something else.
absl::StatusOr<std::string> FormatSource(const std::string& path, std::string_view text,
                                         SourceManager& sources, DiagnosticSink& sink);

}  // namespace duixian::dsl

#endif  // DX_DSL_FORMAT_FORMATTER_H_
