// Human and one-line renderers. Carets are placed by display column (B7):
// each source line is cut into segments (one per code point) that know their
// byte offset, cell column and printed form, so tabs, control characters and
// double-width CJK all line up. Rendering never fails; ranges are clamped.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/diag/render.h"
#include "common/source/text_width.h"

namespace duixian {
namespace {

// absl::StrCat takes absl::string_view, which Debian builds as its own type
// (ABSL_OPTION_USE_STD_STRING_VIEW 0), so std::string_view needs this.
void AppendPiece(std::string* out, std::string_view piece) {
  out->append(piece);
}
template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
void AppendPiece(std::string* out, T number) {
  out->append(std::to_string(number));
}
template <typename... Pieces>
void Append(std::string* out, const Pieces&... pieces) {
  (AppendPiece(out, pieces), ...);
}
template <typename... Pieces>
std::string Cat(const Pieces&... pieces) {
  std::string out;
  Append(&out, pieces...);
  return out;
}

constexpr std::string_view kEllipsis = "...";

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kRed = "\x1b[1;31m";
constexpr const char* kYellow = "\x1b[1;33m";
constexpr const char* kGreen = "\x1b[1;32m";
constexpr const char* kBlue = "\x1b[1;34m";
constexpr const char* kCyan = "\x1b[1;36m";

// Wraps text in an SGR sequence when colour is on.
class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(std::string_view text, const char* sgr) const {
    if (!on_ || sgr == nullptr || text.empty()) return std::string(text);
    return Cat(sgr, text, kReset);
  }

 private:
  bool on_;
};

const char* SeverityColor(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kYellow;
    case Severity::kNote:
      return kGreen;
  }
  return kBold;
}

// Bidi overrides could reorder what the author sees (Trojan Source), so they
// are printed escaped like control characters.
bool IsBidiControl(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string EscapedCodePoint(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
  return buf;
}

std::string EscapedByte(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "<%02X>", static_cast<unsigned>(byte));
  return buf;
}

// One-line text (messages, labels, paths) with control characters, bidi
// controls and invalid bytes made visible, so nothing reaches the terminal
// as an escape sequence.
std::string EscapeInline(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp == 0xFFFD && pos - start == 1) {
      out += EscapedByte(static_cast<unsigned char>(text[start]));
    } else if (IsControl(cp) || IsBidiControl(cp)) {
      out += EscapedCodePoint(cp);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string Localized(const LocalizedText& text, Lang lang) {
  return EscapeInline(Pick(text, lang));
}

// One code point of a source line as it will be printed.
struct Segment {
  size_t byte = 0;  // offset within the line
  size_t len = 0;   // bytes
  int column = 0;   // 0-based display column
  int width = 0;
  std::string text;
};

std::vector<Segment> Segmentize(std::string_view line, bool ambiguous_wide) {
  std::vector<Segment> segs;
  WidthScanner scanner(ambiguous_wide);
  int column = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    Segment seg;
    seg.byte = pos;
    const char32_t cp = DecodeUtf8(line, &pos);
    seg.len = pos - seg.byte;
    seg.column = column;
    const int width = scanner.Next(cp);
    if (cp == '\t') {
      seg.width = kTabWidth - column % kTabWidth;
      seg.text.assign(static_cast<size_t>(seg.width), ' ');
    } else if (cp == 0xFFFD && seg.len == 1) {
      seg.text = EscapedByte(static_cast<unsigned char>(line[seg.byte]));
      seg.width = static_cast<int>(seg.text.size());
    } else if (IsControl(cp) || IsBidiControl(cp)) {
      seg.text = EscapedCodePoint(cp);
      seg.width = static_cast<int>(seg.text.size());
    } else {
      seg.text.assign(line.substr(seg.byte, seg.len));
      seg.width = width;
    }
    column += seg.width;
    segs.push_back(std::move(seg));
  }
  return segs;
}

int TotalWidth(const std::vector<Segment>& segs) {
  return segs.empty() ? 0 : segs.back().column + segs.back().width;
}

// Index of the segment holding `byte`, or segs.size() past the end.
size_t SegmentAt(const std::vector<Segment>& segs, size_t byte) {
  auto it = std::upper_bound(
      segs.begin(), segs.end(), byte,
      [](size_t b, const Segment& s) { return b < s.byte + s.len; });
  return static_cast<size_t>(it - segs.begin());
}

// Display columns [begin, end) covered by bytes [b0, b1) of the line; at
// least one cell so an empty range still gets a caret.
std::pair<int, int> Columns(const std::vector<Segment>& segs, size_t b0,
                            size_t b1) {
  const size_t i0 = SegmentAt(segs, b0);
  const int c0 = i0 < segs.size() ? segs[i0].column : TotalWidth(segs);
  int c1 = c0;
  if (b1 > b0) {
    const size_t i1 = SegmentAt(segs, b1 - 1);
    c1 = i1 < segs.size() ? segs[i1].column + segs[i1].width : TotalWidth(segs);
  }
  if (c1 <= c0) c1 = c0 + 1;
  return {c0, c1};
}

// An underline on one printed line.
struct Mark {
  int begin = 0;  // display columns, [begin, end)
  int end = 0;
  char glyph = '^';
  const char* color = nullptr;
  std::string label;  // already escaped
  bool primary = false;
};

// The printed form of a source line, possibly windowed around the marks.
std::string WindowLine(const std::vector<Segment>& segs,
                       std::vector<Mark>* marks, int max_columns) {
  const int total = TotalWidth(segs);
  if (max_columns <= 0 || total <= max_columns) {
    std::string text;
    for (const Segment& s : segs) text += s.text;
    return text;
  }
  // Centre the window on the primary marks if any, else on all of them.
  const bool any_primary = std::any_of(marks->begin(), marks->end(),
                                       [](const Mark& m) { return m.primary; });
  int lo = total;
  int hi = 0;
  for (const Mark& m : *marks) {
    if (any_primary && !m.primary) continue;
    lo = std::min(lo, m.begin);
    hi = std::max(hi, m.end);
  }
  if (lo > hi) lo = hi = 0;
  hi = std::min(hi, lo + max_columns);
  int start = lo - (max_columns - (hi - lo)) / 2;
  start = std::clamp(start, 0, std::max(0, total - max_columns));
  const int stop = start + max_columns;

  size_t first = 0;
  while (first < segs.size() && segs[first].column < start) ++first;
  // Do not open the window on a mark that combines with a cut-off base.
  while (first < segs.size() && first > 0 && segs[first].width == 0) ++first;
  size_t last = first;
  while (last < segs.size() && segs[last].column + segs[last].width <= stop) {
    ++last;
  }
  const int first_col = first < segs.size() ? segs[first].column : total;
  const int end_col =
      last > first ? segs[last - 1].column + segs[last - 1].width : first_col;
  const bool prefix = first > 0;
  const bool suffix = last < segs.size();

  std::string text;
  if (prefix) text += kEllipsis;
  for (size_t i = first; i < last; ++i) text += segs[i].text;
  if (suffix) text += kEllipsis;

  const int shift =
      (prefix ? static_cast<int>(kEllipsis.size()) : 0) - first_col;
  for (Mark& m : *marks) {
    m.begin = std::clamp(m.begin, first_col, end_col) + shift;
    m.end = std::clamp(m.end, first_col, end_col) + shift;
    if (m.end <= m.begin) m.end = m.begin + 1;
  }
  return text;
}

// Builds one output row left to right, padding with spaces.
class Row {
 public:
  explicit Row(const Painter& paint) : paint_(paint) {}
  void At(int column, std::string_view text, int width, const char* color) {
    if (column > column_) {
      out_.append(static_cast<size_t>(column - column_), ' ');
    }
    column_ = std::max(column, column_) + width;
    out_ += paint_(text, color);
  }
  const std::string& str() const { return out_; }

 private:
  const Painter& paint_;
  std::string out_;
  int column_ = 0;
};

// The underline row plus hanging label rows (rustc layout): the rightmost
// label sits after the underline when nothing extends past it; the others
// hang below, joined to their underline by `|`.
std::vector<std::string> MarkerRows(const std::vector<Mark>& marks,
                                    const Painter& paint) {
  int width = 0;
  for (const Mark& m : marks) width = std::max(width, m.end);
  const auto cells = static_cast<size_t>(width);
  std::string glyphs(cells, ' ');
  std::vector<const char*> colors(cells, nullptr);
  for (int pass = 0; pass < 2; ++pass) {  // primary marks drawn last, on top
    for (const Mark& m : marks) {
      if (m.primary != (pass == 1)) continue;
      for (auto c = static_cast<size_t>(m.begin);
           c < static_cast<size_t>(m.end); ++c) {
        glyphs[c] = m.glyph;
        colors[c] = m.color;
      }
    }
  }

  const Mark* inline_mark = nullptr;
  for (const Mark& m : marks) {
    if (m.label.empty()) continue;
    if (inline_mark == nullptr || m.begin >= inline_mark->begin) {
      inline_mark = &m;
    }
  }
  if (inline_mark != nullptr && inline_mark->end < width) inline_mark = nullptr;

  Row first(paint);
  for (size_t c = 0; c < cells;) {
    size_t e = c;
    while (e < cells && glyphs[e] == glyphs[c] && colors[e] == colors[c]) ++e;
    if (glyphs[c] != ' ') {
      first.At(static_cast<int>(c), glyphs.substr(c, e - c),
               static_cast<int>(e - c), colors[c]);
    }
    c = e;
  }
  if (inline_mark != nullptr) {
    first.At(width + 1, inline_mark->label, 0, inline_mark->color);
  }
  std::vector<std::string> rows = {first.str()};

  std::vector<const Mark*> hanging;
  for (const Mark& m : marks) {
    if (!m.label.empty() && &m != inline_mark) hanging.push_back(&m);
  }
  std::stable_sort(
      hanging.begin(), hanging.end(),
      [](const Mark* a, const Mark* b) { return a->begin < b->begin; });
  if (hanging.empty()) return rows;
  Row pipes(paint);
  for (const Mark* m : hanging) pipes.At(m->begin, "|", 1, m->color);
  rows.push_back(pipes.str());
  for (size_t j = hanging.size(); j-- > 0;) {
    Row row(paint);
    for (size_t i = 0; i < j; ++i) {
      row.At(hanging[i]->begin, "|", 1, hanging[i]->color);
    }
    row.At(hanging[j]->begin, hanging[j]->label, 0, hanging[j]->color);
    rows.push_back(row.str());
  }
  return rows;
}

bool ValidFile(const SourceManager& sources, FileId file) {
  return file >= 0 && static_cast<size_t>(file) < sources.size();
}

// A range clamped into its file: begin <= end <= size.
struct Clamped {
  uint32_t begin;
  uint32_t end;
};

Clamped Clamp(const SourceFile& file, const SourceRange& range) {
  const auto size = static_cast<uint32_t>(file.text().size());
  const uint32_t begin = std::min(range.begin, size);
  return {begin, std::clamp(range.end, begin, size)};
}

struct Annotation {
  SourceRange range;
  std::string label;
  bool primary;
};

// One line of source with its underlines.
struct SnippetLine {
  uint32_t number = 0;
  std::string text;  // the line's bytes, or the line after fix-its
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // byte offsets in text
  std::vector<Mark> marks;                            // parallel to ranges
};

// Fix-its on one line, shown as the line after applying them.
struct FixGroup {
  std::string heading;
  SnippetLine line;
};

class TextRenderer {
 public:
  TextRenderer(const Diagnostic& diag, const SourceManager& sources,
               const RenderOptions& options)
      : diag_(diag),
        sources_(sources),
        options_(options),
        paint_(options.color) {}

  std::string Render() {
    std::string out = Header();
    CollectSnippets();
    CollectFixes();
    uint32_t max_line = 1;
    for (const FileSnippet& fs : snippets_) {
      for (const SnippetLine& l : fs.lines) {
        max_line = std::max(max_line, l.number);
      }
    }
    for (const FixGroup& g : fixes_) {
      max_line = std::max(max_line, g.line.number);
    }
    pad_.assign(std::to_string(max_line).size(), ' ');

    for (size_t i = 0; i < snippets_.size(); ++i) {
      const FileSnippet& fs = snippets_[i];
      Append(&out, pad_, paint_(i == 0 ? "-->" : ":::", kBlue), " ",
             EscapeInline(sources_.file(fs.file).path()), ":", fs.anchor.line,
             ":", fs.anchor.column, "\n");
      Append(&out, EmptyGutter(), "\n");
      uint32_t previous = 0;
      for (const SnippetLine& line : fs.lines) {
        if (previous != 0 && line.number > previous + 1) {
          Append(&out, paint_(kEllipsis, kBlue), "\n");
        }
        out += RenderLine(line);
        previous = line.number;
      }
    }
    const bool has_tail =
        !diag_.notes.empty() || !diag_.helps.empty() || !fixes_.empty();
    if (!snippets_.empty() && has_tail) Append(&out, EmptyGutter(), "\n");
    const bool zh = options_.lang == Lang::kZh;
    for (const LocalizedText& note : diag_.notes) {
      Append(&out, pad_, " ", paint_("=", kBlue), " ",
             paint_(zh ? "注" : "note", kBold), ": ",
             Localized(note, options_.lang), "\n");
    }
    for (const LocalizedText& help : diag_.helps) {
      Append(&out, pad_, " ", paint_("=", kBlue), " ",
             paint_(zh ? "帮助" : "help", kBold), ": ",
             Localized(help, options_.lang), "\n");
    }
    for (const FixGroup& g : fixes_) {
      Append(&out, paint_(zh ? "帮助" : "help", kCyan), ": ", g.heading, "\n",
             EmptyGutter(), "\n", RenderLine(g.line));
    }
    return out;
  }

 private:
  struct FileSnippet {
    FileId file;
    SourceFile::Location anchor;  // shown after --> / :::
    std::vector<SnippetLine> lines;
  };

  std::string Header() const {
    const std::string title = Cat(SeverityName(diag_.severity, options_.lang),
                                  "[", CodeName(diag_.code), "]");
    return Cat(
        paint_(title, SeverityColor(diag_.severity)),
        paint_(Cat(": ", Localized(diag_.message, options_.lang)), kBold),
        "\n");
  }

  std::string EmptyGutter() const { return Cat(pad_, " ", paint_("|", kBlue)); }

  std::string RenderLine(const SnippetLine& line) const {
    const std::vector<Segment> segs =
        Segmentize(line.text, options_.ambiguous_wide);
    std::vector<Mark> marks = line.marks;
    for (size_t i = 0; i < marks.size(); ++i) {
      const auto [c0, c1] =
          Columns(segs, line.ranges[i].first, line.ranges[i].second);
      marks[i].begin = c0;
      marks[i].end = c1;
    }
    const std::string text =
        WindowLine(segs, &marks, options_.max_line_columns);
    std::string number = std::to_string(line.number);
    number.insert(0, pad_.size() - std::min(pad_.size(), number.size()), ' ');
    std::string out = Cat(paint_(number, kBlue), " ", paint_("|", kBlue));
    if (!text.empty()) Append(&out, " ", text);
    out += "\n";
    if (marks.empty()) return out;
    for (const std::string& row : MarkerRows(marks, paint_)) {
      Append(&out, EmptyGutter(), row.empty() ? "" : " ", row, "\n");
    }
    return out;
  }

  void CollectSnippets() {
    std::vector<Annotation> annotations;
    if (ValidFile(sources_, diag_.primary.file)) {
      annotations.push_back(
          {diag_.primary, Localized(diag_.primary_label, options_.lang), true});
    }
    for (const Label& label : diag_.secondary) {
      if (!ValidFile(sources_, label.range.file)) continue;
      annotations.push_back(
          {label.range, Localized(label.text, options_.lang), false});
    }
    const char* primary_color = SeverityColor(diag_.severity);
    for (const Annotation& a : annotations) {
      const SourceFile& file = sources_.file(a.range.file);
      const Clamped r = Clamp(file, a.range);
      FileSnippet* fs = nullptr;
      for (FileSnippet& s : snippets_) {
        if (s.file == a.range.file) fs = &s;
      }
      if (fs == nullptr) {
        snippets_.push_back({a.range.file, file.Locate(r.begin), {}});
        fs = &snippets_.back();
      }
      const uint32_t number = file.Locate(r.begin).line;
      auto it = std::find_if(
          fs->lines.begin(), fs->lines.end(),
          [&](const SnippetLine& l) { return l.number == number; });
      if (it == fs->lines.end()) {
        SnippetLine line;
        line.number = number;
        line.text = std::string(file.LineText(number));
        fs->lines.push_back(std::move(line));
        it = fs->lines.end() - 1;
      }
      // A range running past its first line is underlined to that line's end.
      const uint32_t start = file.LineStart(number);
      const auto len = static_cast<uint32_t>(it->text.size());
      const uint32_t b0 = std::min(r.begin - start, len);
      const uint32_t b1 = std::min(r.end - start, len);
      it->ranges.emplace_back(b0, std::max(b0, b1));
      Mark mark;
      mark.glyph = a.primary ? '^' : '-';
      mark.color = a.primary ? primary_color : kBlue;
      mark.label = a.label;
      mark.primary = a.primary;
      it->marks.push_back(std::move(mark));
    }
    for (FileSnippet& fs : snippets_) {
      std::stable_sort(fs.lines.begin(), fs.lines.end(),
                       [](const SnippetLine& a, const SnippetLine& b) {
                         return a.number < b.number;
                       });
    }
  }

  void CollectFixes() {
    // Group fix-its by (file, first line), keeping first-appearance order.
    std::vector<std::pair<std::pair<FileId, uint32_t>, std::vector<FixIt>>>
        groups;
    for (const FixIt& fix : diag_.fixits) {
      if (!ValidFile(sources_, fix.range.file)) continue;
      const SourceFile& file = sources_.file(fix.range.file);
      const Clamped r = Clamp(file, fix.range);
      const std::pair<FileId, uint32_t> key = {fix.range.file,
                                               file.Locate(r.begin).line};
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.first == key; });
      if (it == groups.end()) {
        groups.push_back({key, {}});
        it = groups.end() - 1;
      }
      FixIt clamped = fix;
      clamped.range.begin = r.begin;
      clamped.range.end = r.end;
      it->second.push_back(std::move(clamped));
    }
    for (auto& [key, fixes] : groups) {
      std::stable_sort(fixes.begin(), fixes.end(),
                       [](const FixIt& a, const FixIt& b) {
                         return a.range.begin < b.range.begin;
                       });
      fixes_.push_back(
          BuildFixGroup(sources_.file(key.first), key.second, fixes));
    }
  }

  FixGroup BuildFixGroup(const SourceFile& file, uint32_t number,
                         const std::vector<FixIt>& fixes) const {
    const std::string_view text = file.text();
    const uint32_t line_start = file.LineStart(number);
    const std::string_view original = file.LineText(number);
    std::string fixed;
    std::vector<std::pair<uint32_t, uint32_t>> inserted;  // in `fixed`
    std::vector<std::pair<uint32_t, uint32_t>> removed;   // in `original`
    uint32_t cursor = line_start;
    for (const FixIt& fix : fixes) {
      if (fix.range.begin < cursor) continue;  // overlaps the previous edit
      fixed.append(text.substr(cursor, fix.range.begin - cursor));
      const auto s = static_cast<uint32_t>(fixed.size());
      fixed += fix.replacement;
      const auto e = static_cast<uint32_t>(fixed.size());
      if (e > s) {
        inserted.emplace_back(s, e);
      } else {
        const auto len = static_cast<uint32_t>(original.size());
        removed.emplace_back(std::min(fix.range.begin - line_start, len),
                             std::min(fix.range.end - line_start, len));
      }
      cursor = fix.range.end;
    }
    size_t eol = text.find('\n', cursor);
    if (eol == std::string_view::npos) eol = text.size();
    fixed.append(text.substr(cursor, eol - cursor));
    // A multi-line replacement shows its first line only.
    const size_t cut = fixed.find('\n');
    if (cut != std::string::npos) fixed.resize(cut);

    FixGroup group;
    group.heading = FixHeading(text, fixes);
    group.line.number = number;
    const bool only_removals = inserted.empty();
    group.line.text = only_removals ? std::string(original) : fixed;
    const auto limit = static_cast<uint32_t>(group.line.text.size());
    for (const auto& [b0, b1] : only_removals ? removed : inserted) {
      const uint32_t c0 = std::min(b0, limit);
      group.line.ranges.emplace_back(c0, std::max(c0, std::min(b1, limit)));
      Mark mark;
      mark.glyph = only_removals ? '-' : '~';
      mark.color = only_removals ? kRed : kGreen;
      group.line.marks.push_back(std::move(mark));
    }
    return group;
  }

  std::string FixHeading(std::string_view text,
                         const std::vector<FixIt>& fixes) const {
    const bool zh = options_.lang == Lang::kZh;
    if (fixes.size() != 1) return zh ? "按下面修改" : "apply these changes";
    const FixIt& fix = fixes.front();
    std::string_view old_text =
        text.substr(fix.range.begin, fix.range.end - fix.range.begin);
    old_text = old_text.substr(0, old_text.find('\n'));
    if (fix.replacement.empty()) {
      return Cat(zh ? "删除 `" : "remove `", EscapeInline(old_text), "`");
    }
    const std::string repl = EscapeInline(fix.replacement);
    if (fix.range.begin == fix.range.end) {
      return Cat(zh ? "插入 `" : "insert `", repl, "`");
    }
    return Cat(zh ? "改为 `" : "replace with `", repl, "`");
  }

  const Diagnostic& diag_;
  const SourceManager& sources_;
  const RenderOptions& options_;
  Painter paint_;
  std::string pad_;
  std::vector<FileSnippet> snippets_;
  std::vector<FixGroup> fixes_;
};

}  // namespace

const std::string& Pick(const LocalizedText& text, Lang lang) {
  const std::string& want = lang == Lang::kZh ? text.zh : text.en;
  return want.empty() ? (lang == Lang::kZh ? text.en : text.zh) : want;
}

std::string SeverityName(Severity severity, Lang lang) {
  const bool zh = lang == Lang::kZh;
  switch (severity) {
    case Severity::kError:
      return zh ? "错误" : "error";
    case Severity::kWarning:
      return zh ? "警告" : "warning";
    case Severity::kNote:
      return zh ? "注" : "note";
  }
  return zh ? "错误" : "error";
}

std::string RenderText(const Diagnostic& diag, const SourceManager& sources,
                       const RenderOptions& options) {
  try {
    return TextRenderer(diag, sources, options).Render();
  } catch (...) {  // only bad_alloc can get here; never let it escape
    return std::string();
  }
}

std::string RenderShort(const Diagnostic& diag, const SourceManager& sources,
                        const RenderOptions& options) {
  try {
    const Painter paint(options.color);
    std::string out;
    if (ValidFile(sources, diag.primary.file)) {
      const SourceFile& file = sources.file(diag.primary.file);
      const SourceFile::Location loc =
          file.Locate(Clamp(file, diag.primary).begin);
      Append(&out, EscapeInline(file.path()), ":", loc.line, ":", loc.column,
             ": ");
    }
    const std::string title = Cat(SeverityName(diag.severity, options.lang),
                                  "[", CodeName(diag.code), "]");
    Append(&out, paint(title, SeverityColor(diag.severity)), ": ",
           Localized(diag.message, options.lang), "\n");
    return out;
  } catch (...) {
    return std::string();
  }
}

}  // namespace duixian
