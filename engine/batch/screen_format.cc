#include "engine/batch/screen_format.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "engine/batch/screen_summary.h"
#include "engine/batch/text_appender.h"
#include "engine/eval/decision_json.h"

namespace duixian::engine {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

// A matrix cell with the comma before it (VerdictNameZh, or a granted
// policy's group partner) in a 32-byte block: each cell is copied as a
// whole block, without a call, and the next cell overwrites the padding.
constexpr size_t kPaddedCell = 32;
struct PaddedCell {
  char bytes[kPaddedCell] = {};
  size_t size = 0;
  explicit PaddedCell(std::string_view text) : size(text.size()) { std::memcpy(bytes, text.data(), text.size()); }
};
const PaddedCell kEligibleCell(",符合"), kIneligibleCell(",不符合"), kUndeterminedCell(",待定"),
    kSupersededCell(",符合(择一未取)");

const PaddedCell& VerdictCell(const PolicyDecision& pd) {
  switch (pd.verdict) {
    case Verdict::kEligible: return pd.superseded_by >= 0 ? kSupersededCell : kEligibleCell;
    case Verdict::kIneligible: return kIneligibleCell;
    case Verdict::kUndetermined: return kUndeterminedCell;
  }
  return kUndeterminedCell;
}

// FenToText's text, without a string per amount.
void AppendFen(int64_t fen, TextAppender& out) {
  char text[kFenTextMax];
  out.Append(std::string_view(text, WriteFenText(fen, text)));
}

// std::string as a sink for the templates below.
struct StringSink {
  std::string* out;
  void Append(std::string_view s) { out->append(s.data(), s.size()); }
  void Append(char c) { out->push_back(c); }
};

template <typename Sink>
void AppendJsonStringTo(Sink& out, std::string_view s) {
  out.Append('"');
  size_t i = 0;
  while (i < s.size()) {
    // A run that needs no escape (printable ASCII other than " and \\, and
    // valid UTF-8 sequences) goes out in one append: most text is one run.
    size_t run = i;
    while (run < s.size()) {
      unsigned char b = static_cast<unsigned char>(s[run]);
      if (b >= 0x80) {
        size_t n = Utf8SequenceLength(s, run);
        if (n == 0) break;
        run += n;
        continue;
      }
      if (b < 0x20 || b == 0x7F || b == '"' || b == '\\') break;
      ++run;
    }
    if (run > i) {
      out.Append(s.substr(i, run - i));
      i = run;
      if (i == s.size()) break;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out.Append("\\ufffd");
        ++i;
      } else {
        out.Append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out.Append("\\\""); break;
      case '\\': out.Append("\\\\"); break;
      case '\n': out.Append("\\n"); break;
      case '\r': out.Append("\\r"); break;
      case '\t': out.Append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out.Append("\\u00");
          out.Append(kHex[c >> 4]);
          out.Append(kHex[c & 15]);
        } else {
          out.Append(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.Append('"');
}

template <typename Sink>
void AppendCsvFieldTo(Sink& out, std::string_view s) {
  // A text cell starting with = + - @ (or a tab / carriage return) would be
  // run as a formula by Excel and other spreadsheets (CSV injection: a firm
  // name such as "=HYPERLINK(…)" comes from outside). A leading apostrophe
  // makes it plain text, as OWASP recommends.
  const bool formula_like = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
                                           s[0] == '@' || s[0] == '\t' || s[0] == '\r');
  bool quote = formula_like;
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.Append(s);
    return;
  }
  out.Append('"');
  if (formula_like) out.Append('\'');
  for (char c : s) {
    if (c == '"') out.Append('"');
    out.Append(c);
  }
  out.Append('"');
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  StringSink sink{out};
  AppendJsonStringTo(sink, s);
}

void AppendCsvField(std::string* out, std::string_view s) {
  StringSink sink{out};
  AppendCsvFieldTo(sink, s);
}

ScreenFormatter::ScreenFormatter(std::shared_ptr<const Program> program) : program_(std::move(program)) {
  const Schema& schema = *program_->schema;
  town_field_ = schema.IndexOf("town");
  name_field_ = schema.IndexOf("name");
  if (town_field_ >= 0) {
    const FieldDef& f = schema.fields()[static_cast<size_t>(town_field_)];
    if (f.type == FieldType::kEnum && !f.yearly) {
      towns_ = f.enum_values;
      for (size_t i = 0; i < towns_.size(); ++i) town_index_.emplace(towns_[i], static_cast<int>(i));
    } else {
      town_field_ = -1;
    }
  }
  // Each piece is placed in text_ as it is made, remembered by where it
  // lies, and viewed once text_ is complete (views into a string still
  // growing would dangle).
  struct Span {
    size_t at, size;
  };
  auto place = [&](std::string_view piece) {
    Span span{text_.size(), piece.size()};
    text_ += piece;
    return span;
  };
  std::vector<Span> ids, ids_open, comma_ids_open, labels, alone, field_names;
  clause_begin_.push_back(0);
  for (const PolicyInfo& p : program_->policies) {
    std::string id;
    AppendJsonString(&id, p.id);
    ids.push_back(place(id));
    ids_open.push_back(place(absl::StrCat(id, ":[")));
    comma_ids_open.push_back(place(absl::StrCat(",", id, ":[")));
    for (size_t c = 0; c < p.clauses.size(); ++c) {
      std::string label;
      AppendJsonString(&label, p.clauses[c].label.empty() ? absl::StrCat("#", c + 1) : p.clauses[c].label);
      labels.push_back(place(absl::StrCat(",", label)));
      alone.push_back(place(absl::StrCat(",", id, ":[", label, "]")));
    }
    clause_begin_.push_back(labels.size());
    // The longest ineligible entry this policy can make, and its comma.
    size_t longest = 0, all_labels = comma_ids_open.back().size + 1;
    for (size_t c = clause_begin_[clause_begin_.size() - 2]; c < labels.size(); ++c) {
      longest = std::max(longest, alone[c].size);
      all_labels += labels[c].size;
    }
    ineligible_room_ += std::max(longest, all_labels);
  }
  ineligible_room_ += TextAppender::kChunk;
  for (const FieldDef& f : schema.fields()) {
    std::string name;
    AppendJsonString(&name, f.name);
    name.pop_back();
    field_names.push_back(place(name));
  }
  auto views = [&](const std::vector<Span>& spans, std::vector<std::string_view>* out) {
    for (const Span& span : spans) out->emplace_back(text_.data() + span.at, span.size);
  };
  // Every piece may be read a whole TextAppender::kChunk at a time.
  text_.append(TextAppender::kChunk, '\0');
  views(ids, &quoted_ids_);
  views(ids_open, &quoted_ids_open_);
  views(comma_ids_open, &comma_ids_open_);
  views(labels, &comma_labels_);
  views(alone, &comma_ineligible_on_);
  views(field_names, &open_field_names_);
}

void ScreenFormatter::AppendMissingLabel(const MissingField& m, TextAppender& out) const {
  // "revenue[2024]": the year's brackets and digits need no escaping.
  // Written in room reserved once (about 18 labels a firm).
  const std::string_view name = open_field_names_[static_cast<size_t>(m.field)];
  out.Reserve(name.size() + 32);
  char* const start = out.cursor();
  char* at = start;
  std::memcpy(at, name.data(), name.size());
  at += name.size();
  if (m.year) {
    *at++ = '[';
    at = std::to_chars(at, at + 24, static_cast<int64_t>(*m.year)).ptr;
    *at++ = ']';
  }
  *at++ = '"';
  out.Advance(static_cast<size_t>(at - start));
}

int ScreenFormatter::TownOf(const FirmRecord& firm) const {
  if (town_field_ < 0 || static_cast<size_t>(town_field_) >= firm.size()) return -1;
  const Scalar* s = std::get_if<Scalar>(&firm.value(static_cast<size_t>(town_field_)));
  const std::string* v = s != nullptr ? std::get_if<std::string>(s) : nullptr;
  if (v == nullptr) return -1;
  // As EnumIndex, by hash: a town is looked up for every firm.
  const auto it = town_index_.find(absl::string_view(v->data(), v->size()));
  return it == town_index_.end() ? -1 : it->second;
}

void ScreenFormatter::AppendResult(const InputRef& in, const Decision& d, int town, TextAppender& out) const {
  out.Append("{\"n\":");
  out.AppendInt(static_cast<int64_t>(in.seq));
  out.Append(",\"file\":");
  AppendJsonStringTo(out, in.file);
  if (in.line > 0) {
    out.Append(",\"line\":");
    out.AppendInt(static_cast<int64_t>(in.line));
  }
  out.Append(",\"firm\":");
  AppendJsonStringTo(out, d.firm);
  out.Append(",\"town\":");
  if (town >= 0) {
    AppendJsonStringTo(out, towns_[static_cast<size_t>(town)]);
  } else {
    out.Append("null");
  }
  // One pass sorts the decisions into the sections (program order kept in
  // each), which then visit their own policies only; the rare sections
  // are visited only when some policy has something for them.
  absl::InlinedVector<const PolicyDecision*, 96> eligible, undetermined, ineligible;
  bool any_superseded = false, any_benefit_missing = false, any_errors = false;
  for (const PolicyDecision& pd : d.policies) {
    switch (pd.verdict) {
      case Verdict::kEligible:
        eligible.push_back(&pd);
        any_superseded |= pd.superseded_by >= 0;
        break;
      case Verdict::kUndetermined: undetermined.push_back(&pd); break;
      case Verdict::kIneligible: ineligible.push_back(&pd); break;
    }
    any_benefit_missing |= !pd.benefit_missing.empty();
    any_errors |= !pd.errors.empty();
  }
  int64_t total = 0;
  bool any = false;
  // eligible: id → benefit (null when not computable or no amount).
  out.Append(",\"eligible\":{");
  for (const PolicyDecision* e : eligible) {
    const PolicyDecision& pd = *e;
    if (any) out.Append(',');
    any = true;
    out.Append(quoted_ids_[static_cast<size_t>(pd.policy)]);
    out.Append(':');
    if (pd.benefit) {
      int64_t fen = ToFen(*pd.benefit);
      if (pd.superseded_by < 0) total += fen;
      out.Append('"');
      AppendFen(fen, out);
      out.Append('"');
    } else {
      out.Append("null");
    }
  }
  out.Append('}');
  any = false;
  for (const PolicyDecision* e : eligible) {
    if (!any_superseded) break;
    const PolicyDecision& pd = *e;
    if (pd.superseded_by < 0) continue;
    out.Append(any ? "," : ",\"superseded\":{");
    any = true;
    out.Append(quoted_ids_[static_cast<size_t>(pd.policy)]);
    out.Append(':');
    out.Append(quoted_ids_[static_cast<size_t>(pd.superseded_by)]);
  }
  if (any) out.Append('}');
  out.Append(",\"undetermined\":{");
  any = false;
  for (const PolicyDecision* u : undetermined) {
    const PolicyDecision& pd = *u;
    if (any) out.Append(',');
    any = true;
    out.Append(quoted_ids_open_[static_cast<size_t>(pd.policy)]);
    for (size_t k = 0; k < pd.missing.size(); ++k) {
      if (k > 0) out.Append(',');
      AppendMissingLabel(pd.missing[k], out);
    }
    out.Append(']');
  }
  out.Append("},\"ineligible\":{");
  // Most of the line: pieces copied in whole chunks (AppendChunked) into
  // room reserved for the longest section the policies can make.
  out.Reserve(ineligible_room_);
  // Each piece begins with the comma that separates it from the one
  // before, skipped for the first.
  size_t skip = 1;
  for (const PolicyDecision* i : ineligible) {
    const PolicyDecision& pd = *i;
    const size_t first = clause_begin_[static_cast<size_t>(pd.policy)];
    const int* const failing = pd.failing.data();
    // Most ineligible policies fail on one clause: one prepared piece.
    if (pd.failing.size() == 1) {
      out.AppendChunked(comma_ineligible_on_[first + static_cast<size_t>(failing[0])].substr(skip));
      skip = 0;
      continue;
    }
    out.AppendChunked(comma_ids_open_[static_cast<size_t>(pd.policy)].substr(skip));
    skip = 0;
    for (size_t k = 0; k < pd.failing.size(); ++k) {
      out.AppendChunked(comma_labels_[first + static_cast<size_t>(failing[k])].substr(k == 0 ? 1 : 0));
    }
    out.Append(']');
  }
  out.Append('}');
  any = false;
  for (const PolicyDecision& pd : any_benefit_missing ? absl::MakeConstSpan(d.policies) : absl::Span<const PolicyDecision>()) {
    if (pd.benefit_missing.empty()) continue;
    out.Append(any ? "," : ",\"benefit_missing\":{");
    any = true;
    out.Append(quoted_ids_open_[static_cast<size_t>(pd.policy)]);
    for (size_t k = 0; k < pd.benefit_missing.size(); ++k) {
      if (k > 0) out.Append(',');
      AppendMissingLabel(pd.benefit_missing[k], out);
    }
    out.Append(']');
  }
  if (any) out.Append('}');
  any = false;
  for (const PolicyDecision& pd : any_errors ? absl::MakeConstSpan(d.policies) : absl::Span<const PolicyDecision>()) {
    if (pd.errors.empty()) continue;
    out.Append(any ? "," : ",\"errors\":{");
    any = true;
    out.Append(quoted_ids_open_[static_cast<size_t>(pd.policy)]);
    for (size_t k = 0; k < pd.errors.size(); ++k) {
      if (k > 0) out.Append(',');
      AppendJsonStringTo(out, pd.errors[k]);
    }
    out.Append(']');
  }
  if (any) out.Append('}');
  out.Append(",\"total_benefit\":\"");
  AppendFen(total, out);
  out.Append("\"}\n");
}

void ScreenFormatter::AppendError(const InputRef& in, const FirmDataIssue& issue, TextAppender& out) const {
  out.Append("{\"n\":");
  out.AppendInt(static_cast<int64_t>(in.seq));
  out.Append(",\"file\":");
  AppendJsonStringTo(out, in.file);
  const int64_t line = in.line > 0 ? in.line : issue.line;
  out.Append(",\"line\":");
  out.AppendInt(line);
  out.Append(",\"column\":");
  out.AppendInt(issue.column);
  out.Append(",\"field\":");
  AppendJsonStringTo(out, issue.field);
  out.Append(",\"reason\":");
  AppendJsonStringTo(out, issue.reason);
  out.Append(",\"reason_zh\":");
  AppendJsonStringTo(out, issue.reason_zh.empty() ? issue.reason : issue.reason_zh);
  out.Append("}\n");
}

std::string ScreenFormatter::MatrixHeader() const {
  std::string out = "\xEF\xBB\xBF序号,来源,行,企业标识,企业名称,镇街";
  for (const PolicyInfo& p : program_->policies) {
    out.push_back(',');
    AppendCsvField(&out, absl::StrCat(p.id, " ", p.title));
  }
  out.append(",合计奖励(元)\r\n");
  return out;
}

void ScreenFormatter::AppendMatrixRow(const InputRef& in, const FirmRecord& firm, const Decision& d, int town,
                                      TextAppender& out) const {
  out.AppendInt(static_cast<int64_t>(in.seq));
  out.Append(',');
  AppendCsvFieldTo(out, in.file);
  out.Append(',');
  if (in.line > 0) out.AppendInt(in.line);
  out.Append(',');
  AppendCsvFieldTo(out, d.firm);
  out.Append(',');
  if (name_field_ >= 0 && static_cast<size_t>(name_field_) < firm.size()) {
    const Scalar* s = std::get_if<Scalar>(&firm.value(static_cast<size_t>(name_field_)));
    const std::string* v = s != nullptr ? std::get_if<std::string>(s) : nullptr;
    if (v != nullptr) AppendCsvFieldTo(out, *v);
  }
  out.Append(',');
  if (town >= 0) AppendCsvFieldTo(out, towns_[static_cast<size_t>(town)]);
  int64_t total = 0;
  out.Reserve(d.policies.size() * kPaddedCell + kPaddedCell);
  char* at = out.cursor();
  for (const PolicyDecision& pd : d.policies) {
    const PaddedCell& cell = VerdictCell(pd);
    std::memcpy(at, cell.bytes, kPaddedCell);
    at += cell.size;
    if (pd.verdict == Verdict::kEligible && pd.superseded_by < 0 && pd.benefit) total += ToFen(*pd.benefit);
  }
  out.Advance(static_cast<size_t>(at - out.cursor()));
  out.Append(',');
  AppendFen(total, out);
  out.Append("\r\n");
}

}  // namespace duixian::engine
