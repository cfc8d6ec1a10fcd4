// Problems found in policy text: a stable code, a severity, a source range,
// a message in Chinese and English, labels, notes, help and fix-its.
// Diagnostics are data, collected in a DiagnosticSink; they are never thrown
// and never folded into an absl::Status.
//
//   DiagnosticSink sink;
//   sink.Report(DiagCode::kE0201, range, {{"name", "注册资金"}})
//       .Label(range, {"not a profile field", "企业画像中没有这个字段"})
//       .Help({"a similar field is `注册资本`", "相近的字段是 `注册资本`"})
//       .Emit();
#ifndef DX_COMMON_DIAG_DIAGNOSTIC_H_
#define DX_COMMON_DIAG_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/source/source_manager.h"

namespace duixian {

enum class Severity { kError, kWarning, kNote };

enum class DiagCode : uint16_t {
#define DX_DIAG(CODE, SEVERITY, EN, ZH) k##CODE,
#include "common/diag/kinds.def"
#undef DX_DIAG
};

// Text in both languages; renderers pick one.
struct LocalizedText {
  std::string en;
  std::string zh;
};

struct Label {
  SourceRange range;
  LocalizedText text;
};

struct FixIt {
  enum class Applicability { kMachineApplicable, kMaybeIncorrect };
  SourceRange range;
  std::string replacement;
  Applicability applicability = Applicability::kMachineApplicable;
};

// Named template arguments: {"name", "注册资金"} fills `{name}`.
using DiagArgs = std::vector<std::pair<std::string, std::string>>;

struct Diagnostic {
  DiagCode code{};
  Severity severity = Severity::kError;
  LocalizedText message;
  SourceRange primary;
  LocalizedText primary_label;  // may be empty
  std::vector<Label> secondary;
  std::vector<LocalizedText> notes;
  std::vector<LocalizedText> helps;
  std::vector<FixIt> fixits;
};

// "E0201".
std::string_view CodeName(DiagCode code);
// Parses "E0201"; false if unknown.
bool ParseCode(std::string_view name, DiagCode* code);
Severity DefaultSeverity(DiagCode code);
// The catalogue message for `code` with `{placeholders}` filled from args; an
// argument named `key_zh` overrides `key` in the Chinese message.
LocalizedText FormatMessage(DiagCode code, const DiagArgs& args);
// Number of codes in the catalogue and the i-th code (for coverage tests).
size_t DiagCodeCount();
DiagCode DiagCodeAt(size_t i);

class DiagnosticSink;

// Accumulates one diagnostic; Emit() hands it to the sink.
class [[nodiscard]] DiagnosticBuilder {
 public:
  DiagnosticBuilder(DiagnosticSink* sink, Diagnostic diag)
      : sink_(sink), diag_(std::move(diag)) {}
  DiagnosticBuilder&& PrimaryLabel(LocalizedText text) &&;
  DiagnosticBuilder&& Label(SourceRange range, LocalizedText text) &&;
  DiagnosticBuilder&& Note(LocalizedText text) &&;
  DiagnosticBuilder&& Help(LocalizedText text) &&;
  DiagnosticBuilder&& Fix(SourceRange range, std::string replacement,
                          FixIt::Applicability applicability =
                              FixIt::Applicability::kMachineApplicable) &&;
  void Emit() &&;

 private:
  DiagnosticSink* sink_;
  Diagnostic diag_;
};

// Collects diagnostics of one compilation. Thread-compatible.
class DiagnosticSink {
 public:
  DiagnosticBuilder Report(DiagCode code, SourceRange primary,
                           const DiagArgs& args = {});
  void Add(Diagnostic diag);

  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }

 private:
  std::vector<Diagnostic> diags_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace duixian

#endif  // DX_COMMON_DIAG_DIAGNOSTIC_H_
