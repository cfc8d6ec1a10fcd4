// The lint driver: runs the rule families, applies the project's rule levels,
// keeps the findings of the files asked about, and honours suppressions.
#include "dsl/lint/lint.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "dsl/lint/internal/context.h"

namespace duixian::dsl {
namespace {

using lint_internal::LintContext;

// `# lint: allow L0405, L0501 reason` inside a policy covers that policy;
// outside any policy, the declaration on the next line that is not a comment.
// `# lint: allow-file L0404 reason` covers the whole file.
struct Suppression {
  SourceRange at;
  std::vector<std::string> codes;
  std::string reason;
  std::string policy;   // "" when outside a policy
  uint32_t line = 0;    // outside a policy: the declaration's line
  bool whole_file = false;
  std::set<std::string> used;
};

bool IsBlankOrComment(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return true;
  return line[i] == '#' || line.substr(i, 2) == "//";
}

std::string Trim(std::string_view s) {
  // Blanks and the separators people type after the codes.
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (std::string_view sep : {" ", "\t", ":", "：", "-", "—", ",", "，", "。"}) {
      if (s.size() >= sep.size() && s.substr(0, sep.size()) == sep) {
        s.remove_prefix(sep.size());
        changed = true;
      }
      if (s.size() >= sep.size() && s.substr(s.size() - sep.size()) == sep && sep != "。") {
        s.remove_suffix(sep.size());
        changed = true;
      }
    }
  }
  return std::string(s);
}

bool LooksLikeCode(std::string_view w) {
  return w.size() == 5 && ((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z')) &&
         std::all_of(w.begin() + 1, w.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::vector<Suppression> ReadSuppressions(const SourceFile& file, const ast::PolicyFile& ast) {
  std::vector<Suppression> out;
  const std::string_view marker = "lint: allow";
  const std::string_view file_marker = "lint: allow-file";
  for (uint32_t line = 1; line <= file.line_count(); ++line) {
    std::string_view text = file.LineText(line);
    size_t hash = text.find('#');
    size_t slashes = text.find("//");
    size_t comment = std::min(hash, slashes);
    if (comment == std::string_view::npos) continue;
    size_t m = text.find(marker, comment);
    if (m == std::string_view::npos) continue;
    // Only comment text between the marker and the comment start.
    std::string_view between = text.substr(comment, m - comment);
    if (between.find('"') != std::string_view::npos) continue;
    Suppression s;
    uint32_t begin = file.LineStart(line) + static_cast<uint32_t>(comment);
    s.at = SourceRange{file.id(), begin, file.LineStart(line) + static_cast<uint32_t>(text.size())};
    s.whole_file = text.compare(m, file_marker.size(), file_marker) == 0;
    std::string_view rest = text.substr(m + (s.whole_file ? file_marker : marker).size());
    // Codes first, separated by blanks or commas; the rest is the reason.
    while (true) {
      size_t i = rest.find_first_not_of(" \t,，");
      if (i == std::string_view::npos) {
        rest = {};
        break;
      }
      rest.remove_prefix(i);
      size_t j = rest.find_first_of(" \t,，:：");
      std::string_view word = rest.substr(0, j);
      if (!LooksLikeCode(word)) break;
      std::string code(word);
      for (char& ch : code) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
      s.codes.push_back(code);
      rest = j == std::string_view::npos ? std::string_view() : rest.substr(j);
    }
    s.reason = Trim(rest);
    for (const ast::PolicyDecl& p : ast.policies) {
      if (p.span.file == file.id() && p.span.begin <= begin && begin < p.span.end) s.policy = p.id;
    }
    if (s.policy.empty() && !s.whole_file) {
      uint32_t next = line + 1;
      while (next <= file.line_count() && IsBlankOrComment(file.LineText(next))) ++next;
      s.line = next;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Findings of these rules depend on which files are linted together (a
// definition used elsewhere, a policy overlapping one in another folder), so
// their suppressions are not called unneeded when a subset is linted.
bool DependsOnTheSet(DiagCode code) { return code == DiagCode::kL0404 || code == DiagCode::kL0405; }

bool Owns(const std::string& owners, const std::string& policy) {
  if (policy.empty()) return false;
  for (absl::string_view o : absl::StrSplit(owners, '\n')) {
    if (std::string(o) == policy) return true;
  }
  return false;
}

}  // namespace

const std::vector<LintRuleInfo>& LintRules() {
  static const std::vector<LintRuleInfo>* rules = [] {
    auto* v = new std::vector<LintRuleInfo>;
    for (size_t i = 0; i < DiagCodeCount(); ++i) {
      DiagCode code = DiagCodeAt(i);
      std::string_view name = CodeName(code);
      if (name[0] != 'L') continue;
      const char* family = name[2] == '1'   ? "logic"
                           : name[2] == '2' ? "text"
                           : name[2] == '3' ? "calendar"
                           : name[2] == '4' ? "completeness"
                           : name[2] == '5' ? "data"
                                            : "suppression";
      v->push_back({code, family});
    }
    return v;
  }();
  return *rules;
}

bool IsLintCode(DiagCode code) { return CodeName(code)[0] == 'L'; }

LintReport Lint(const Compilation& c, const LintConfig& config) {
  LintReport report;
  if (!c.program) return report;
  LintContext ctx(c, config);
  lint_internal::CheckLogic(ctx);
  lint_internal::CheckTextAgainstRule(ctx);
  lint_internal::CheckCalendar(ctx);
  lint_internal::CheckCompleteness(ctx);
  lint_internal::CheckData(ctx);

  // Files asked about.
  std::set<std::string> named(c.named_modules.begin(), c.named_modules.end());
  std::set<FileId> targets;
  std::map<std::string, FileId> policy_file;
  for (const ast::PolicyFile& f : c.files) {
    if (named.empty() || named.count(f.module)) targets.insert(f.file);
    for (const ast::PolicyDecl& p : f.policies) policy_file[p.id] = f.file;
  }
  auto level_of = [&](DiagCode code) {
    auto it = config.levels.find(code);
    if (it != config.levels.end()) return it->second;
    return DefaultSeverity(code) == Severity::kError ? RuleLevel::kError : RuleLevel::kWarning;
  };
  auto in_targets = [&](const Diagnostic& d, const std::string& owners) {
    if (targets.count(d.primary.file)) return true;
    for (absl::string_view o : absl::StrSplit(owners, '\n')) {
      auto it = policy_file.find(std::string(o));
      if (it != policy_file.end() && targets.count(it->second)) return true;
    }
    return false;
  };

  std::vector<Suppression> sups;
  for (const ast::PolicyFile& f : c.files) {
    if (!targets.count(f.file)) continue;
    std::vector<Suppression> more = ReadSuppressions(c.sources->file(f.file), f);
    sups.insert(sups.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  auto suppressed = [&](const Diagnostic& d, const std::string& owners) {
    const std::string code(CodeName(d.code));
    for (Suppression& s : sups) {
      if (s.reason.empty() || std::find(s.codes.begin(), s.codes.end(), code) == s.codes.end()) continue;
      bool covers = s.whole_file ? d.primary.file == s.at.file
                    : s.policy.empty()
                        ? d.primary.file == s.at.file &&
                              c.sources->file(d.primary.file).Locate(d.primary.begin).line == s.line
                        : Owns(owners, s.policy);
      if (covers) {
        s.used.insert(code);
        return true;
      }
    }
    return false;
  };

  std::vector<Diagnostic> kept;
  const std::vector<Diagnostic>& all = ctx.findings();
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string& owners = ctx.owners()[i];
    RuleLevel level = level_of(all[i].code);
    if (level == RuleLevel::kOff || !in_targets(all[i], owners)) continue;
    if (suppressed(all[i], owners)) {
      ++report.suppressed;
      continue;
    }
    Diagnostic d = all[i];
    d.severity = level == RuleLevel::kError ? Severity::kError : Severity::kWarning;
    kept.push_back(std::move(d));
  }

  // Problems with the suppressions themselves.
  DiagnosticSink meta;
  for (const Suppression& s : sups) {
    if (s.reason.empty()) {
      meta.Report(DiagCode::kL0901, s.at)
          .Help({"write why after the code: `# lint: allow L0405 原文允许叠加（第五条）`",
                 "在规则代码后写明理由，例如 `# lint: allow L0405 原文允许叠加（第五条）`"})
          .Emit();
      continue;
    }
    if (s.codes.empty()) {
      meta.Report(DiagCode::kL0902, s.at, {{"code", "(none)"}, {"code_zh", "（空）"}}).Emit();
      continue;
    }
    for (const std::string& code : s.codes) {
      DiagCode parsed{};
      if (!ParseCode(code, &parsed) || !IsLintCode(parsed)) {
        meta.Report(DiagCode::kL0902, s.at, {{"code", code}}).Emit();
      } else if (!s.used.count(code) && level_of(parsed) != RuleLevel::kOff && !DependsOnTheSet(parsed)) {
        meta.Report(DiagCode::kL0903, s.at, {{"code", code}})
            .Help({"remove the suppression", "删除这条屏蔽注释"})
            .Emit();
      }
    }
  }
  for (const Diagnostic& d : meta.diagnostics()) {
    RuleLevel level = level_of(d.code);
    if (level == RuleLevel::kOff) continue;
    Diagnostic copy = d;
    copy.severity = level == RuleLevel::kError ? Severity::kError : Severity::kWarning;
    kept.push_back(std::move(copy));
  }

  std::stable_sort(kept.begin(), kept.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const std::string& pa = c.sources->file(a.primary.file).path();
    const std::string& pb = c.sources->file(b.primary.file).path();
    if (pa != pb) return pa < pb;
    if (a.primary.begin != b.primary.begin) return a.primary.begin < b.primary.begin;
    return CodeName(a.code) < CodeName(b.code);
  });
  for (const Diagnostic& d : kept) (d.severity == Severity::kError ? report.errors : report.warnings)++;
  report.findings = std::move(kept);
  return report;
}

}  // namespace duixian::dsl
