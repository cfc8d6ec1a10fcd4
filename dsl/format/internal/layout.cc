#include "dsl/format/internal/layout.h"

#include <algorithm>
#include <cstddef>

#include "common/source/text_width.h"

namespace duixian::dsl_internal {
namespace {

using dsl::Token;
using K = dsl::TokenKind;

// A significant token or a comment, with the line breaks written before it.
struct Piece {
  K kind;
  std::string_view text;
  int newlines_before = 0;
  bool comment = false;
};

// One output line; a trailing comment is kept apart so runs of them align.
struct Line {
  int indent = 0;
  std::string code;
  int width = 0;  // display width of `code`
  std::string comment;
  bool blank_before = false;
};

enum class FrameKind { kTop, kPolicy, kTest, kTiers, kBracket };

// How the tokens of the current item join the line (blocks only).
enum class Header {
  kFree,        // the author's line breaks are kept
  kUntilColon,  // clause-like header: joined up to its `:`, then a forced break
  kUntilBrace,  // `policy …{` / `test …{`: joined up to the block's `{`
  kOneMore,     // keyword and the token after it joined, then free
};

struct Frame {
  FrameKind kind = FrameKind::kTop;
  int line_indent = 0;  // indent of the line that holds the opener
  int item_indent = 0;  // blocks: indent of their items
  int visual = -1;      // brackets: column of the first token after the opener, on its line
  bool fresh = true;    // nothing laid out inside yet
  bool padded = false;  // `given { … }`
  bool brace = false;
  bool index = false;   // `[` after a name: a year index
  int meta_width = 0;   // policies: widest metadata keyword
  K item = K::WS;       // the item being laid out
  Header header = Header::kFree;
  bool break_next = false;  // after a clause header's `:`
};

bool IsOpener(K k) {
  return k == K::LPAREN || k == K::LBRACK || k == K::LBRACE;
}
bool IsCloser(K k) {
  return k == K::RPAREN || k == K::RBRACK || k == K::RBRACE;
}
bool IsBlock(FrameKind k) { return k != FrameKind::kBracket; }

bool IsMetadata(K k) {
  switch (k) {
    case K::DEPARTMENT: case K::BASIS: case K::EFFECTIVE: case K::WINDOW: case K::REFERENCE:
    case K::TAGS: case K::EXCLUSIVE: case K::ASSUMED:
      return true;
    default:
      return false;
  }
}

// Tokens after which a `-` is subtraction rather than a sign.
bool EndsValue(K k) {
  switch (k) {
    case K::NUMBER: case K::QUANTITY: case K::STRING: case K::DATE: case K::TRUE: case K::FALSE:
    case K::REF: case K::TODAY: case K::ON: case K::WINDOW: case K::EFFECTIVE: case K::ASCII_ID:
    case K::HAN_ID: case K::YEAR: case K::GROUP: case K::POLICY_ID: case K::RPAREN:
    case K::RBRACK: case K::RBRACE:
      return true;
    default:
      return false;
  }
}

// Names a `(` follows without a space: calls and aggregates.
bool IsCallee(K k) {
  switch (k) {
    case K::ASCII_ID: case K::HAN_ID: case K::YEAR: case K::GROUP: case K::ELIGIBLE: case K::COUNT:
    case K::ANY: case K::ALL: case K::SUM:
      return true;
    default:
      return false;
  }
}

bool IsIndexable(K k) {
  return k == K::ASCII_ID || k == K::HAN_ID || k == K::YEAR || k == K::GROUP || k == K::RPAREN ||
         k == K::RBRACK;
}

class Layout {
 public:
  explicit Layout(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {
    for (size_t i = 0; i < pieces_.size(); ++i) {
      if (!pieces_[i].comment) sig_.push_back(i);
    }
    unary_.assign(sig_.size(), false);
    glued_.assign(sig_.size(), false);
    frames_.push_back(Frame{});
  }

  std::string Run() {
    size_t next_piece = 0;
    for (size_t s = 0; s < sig_.size(); ++s) {
      std::vector<const Piece*> comments;
      for (; next_piece < sig_[s]; ++next_piece) comments.push_back(&pieces_[next_piece]);
      ++next_piece;
      Place(s, comments);
    }
    std::vector<const Piece*> tail;
    for (; next_piece < pieces_.size(); ++next_piece) tail.push_back(&pieces_[next_piece]);
    PlaceComments(tail, 0);
    return Render();
  }

 private:
  K KindAt(size_t s) const { return s < sig_.size() ? pieces_[sig_[s]].kind : K::WS; }
  const Piece& At(size_t s) const { return pieces_[sig_[s]]; }

  // Whether significant token `s` begins an item of block `f`.
  bool StartsItem(const Frame& f, size_t s) const {
    K k = KindAt(s);
    K next = KindAt(s + 1);
    switch (f.kind) {
      case FrameKind::kTop:
        return k == K::IMPORT || k == K::DEFINE || k == K::POLICY;
      case FrameKind::kPolicy:
        if (k == K::EFFECTIVE || k == K::WINDOW) return next == K::DATE;
        return IsMetadata(k) || k == K::CLAUSE || k == K::UNLESS || k == K::REQUIRES ||
               k == K::BENEFIT || k == K::DEFINE || k == K::TEST;
      case FrameKind::kTest:
        if (k == K::ON) return next == K::DATE;
        return k == K::GIVEN || k == K::EXPECT;
      case FrameKind::kTiers:
        if (k == K::ELSE) return next == K::COLON;
        return k == K::WHEN;
      case FrameKind::kBracket:
        return false;
    }
    return false;
  }

  // The end (exclusive) of the block item starting at `s`: the next item
  // start or the block's closer.
  size_t ItemEnd(const Frame& f, size_t s) const {
    int depth = 0;
    for (size_t j = s + 1; j < sig_.size(); ++j) {
      K k = KindAt(j);
      if (IsOpener(k)) {
        ++depth;
      } else if (IsCloser(k)) {
        if (--depth < 0) return j;
      } else if (depth == 0 && StartsItem(f, j)) {
        return j;
      }
    }
    return sig_.size();
  }

  // `requires 名称 "原文": expr` rather than `requires expr`.
  bool HasLabel(const Frame& f, size_t s) const {
    size_t end = ItemEnd(f, s);
    int depth = 0;
    for (size_t j = s + 1; j < end; ++j) {
      K k = KindAt(j);
      if (IsOpener(k)) ++depth;
      if (IsCloser(k)) --depth;
      if (depth == 0 && k == K::COLON) return true;
    }
    return false;
  }

  int MetadataWidth(const Frame& policy, size_t open) const {
    int widest = 0;
    int depth = 0;
    for (size_t j = open + 1; j < sig_.size(); ++j) {
      K k = KindAt(j);
      if (IsOpener(k)) ++depth;
      if (IsCloser(k) && --depth < 0) break;
      if (depth == 0 && IsMetadata(k) && StartsItem(policy, j)) {
        widest = std::max(widest, DisplayWidth(At(j).text));
      }
    }
    return widest;
  }

  int ContinuationIndent(const Frame& f) const {
    if (!IsBlock(f.kind)) {
      if (f.visual >= 0) return f.visual;
      return f.line_indent + (f.brace ? 2 : 4);
    }
    return f.item_indent + 4;
  }

  std::string Spacing(size_t s) const {
    if (s == 0 || lines_.empty() || lines_.back().code.empty()) return "";
    K p = KindAt(s - 1);
    K t = KindAt(s);
    const Frame& top = frames_.back();
    if (IsOpener(p)) return p == K::LBRACE && top.padded && t != K::RBRACE ? " " : "";
    if (IsCloser(t)) return t == K::RBRACE && top.padded && !top.fresh ? " " : "";
    if (t == K::COMMA || t == K::COLON || t == K::SEMI || t == K::DUN) return "";
    if (p == K::DUN || p == K::DOT || t == K::DOT) return "";
    // A module path: `import 商务/商务通用`.
    if ((p == K::SLASH || t == K::SLASH) && top.kind == FrameKind::kTop && top.item == K::IMPORT) {
      return "";
    }
    if (t == K::LPAREN && IsCallee(p)) return "";
    if (t == K::LBRACK && IsIndexable(p)) return "";
    if ((t == K::POST_GE || t == K::POST_LE) &&
        (p == K::QUANTITY || p == K::NUMBER || p == K::RPAREN || p == K::RBRACK)) {
      return "";
    }
    if (p == K::MINUS && unary_[s - 1]) return "";
    if (glued_[s] || glued_[s - 1]) return "";
    if (IsMetadata(p) && top.kind == FrameKind::kPolicy && top.item == p && top.meta_width > 0 &&
        StartsItem(top, s - 1)) {
      return std::string(static_cast<size_t>(top.meta_width - DisplayWidth(At(s - 1).text) + 1),
                         ' ');
    }
    return " ";
  }

  void NewLine(int indent, bool blank) {
    Line l;
    l.indent = indent;
    l.blank_before = blank && !lines_.empty();
    lines_.push_back(std::move(l));
  }

  bool AtLineStart() const { return lines_.empty() || lines_.back().code.empty(); }

  // Comments before a token whose line would be indented by `indent`.
  // Returns whether any was placed (the token then starts a new line).
  bool PlaceComments(const std::vector<const Piece*>& comments, int indent) {
    bool any = false;
    for (const Piece* c : comments) {
      std::string text(c->text);
      text.erase(text.find_last_not_of(" \t") + 1);
      if (c->newlines_before == 0 && !AtLineStart()) {
        lines_.back().comment = text;
      } else {
        bool after_opener = IsBlock(frames_.back().kind) && frames_.back().fresh &&
                            frames_.size() > 1;
        NewLine(indent, c->newlines_before >= 2 && !after_opener);
        lines_.back().code = text;
        lines_.back().width = DisplayWidth(text);
        frames_.back().fresh = false;
      }
      any = true;
    }
    return any;
  }

  void Place(size_t s, const std::vector<const Piece*>& comments) {
    const Piece& piece = At(s);
    K k = piece.kind;
    Frame& top = frames_.back();

    // Work out where the token goes: a forced break, joined to the line,
    // or wherever the author put it.
    enum class Where { kBreak, kJoin, kFree } where = Where::kFree;
    int indent = 0;
    bool blank = false;
    int comment_indent = 0;
    bool starts_item = false;
    if (IsCloser(k) && frames_.size() > 1) {
      indent = top.line_indent;
      comment_indent = IsBlock(top.kind) ? top.item_indent : ContinuationIndent(top);
      where = IsBlock(top.kind) ? Where::kBreak : top.fresh ? Where::kJoin : Where::kFree;
    } else if (IsBlock(top.kind) && StartsItem(top, s)) {
      starts_item = true;
      where = Where::kBreak;
      indent = comment_indent = top.item_indent;
      blank = piece.newlines_before >= 2 && !top.fresh;
    } else {
      indent = comment_indent = ContinuationIndent(top);
      if (k == K::COMMA || k == K::COLON || k == K::SEMI || k == K::DUN) {
        where = Where::kJoin;
      } else if (IsBlock(top.kind) && top.break_next) {
        where = Where::kBreak;
      } else if (IsBlock(top.kind) && top.header != Header::kFree) {
        where = Where::kJoin;
      }
    }
    if (IsBlock(top.kind)) top.break_next = false;

    if (PlaceComments(comments, comment_indent)) {
      // A blank line between a comment and the item it precedes stays.
      where = Where::kBreak;
      blank = starts_item && piece.newlines_before >= 2 && !frames_.back().fresh;
    }
    if (where == Where::kFree && piece.newlines_before > 0 && !lines_.empty()) {
      where = Where::kBreak;
    }
    if (lines_.empty()) where = Where::kBreak;

    // Signs and year arithmetic, decided before spacing asks.
    if (k == K::MINUS) unary_[s] = s == 0 || !EndsValue(KindAt(s - 1));
    if ((k == K::MINUS || k == K::PLUS) && !unary_[s] && top.index && KindAt(s - 1) == K::REF &&
        KindAt(s + 1) == K::NUMBER) {
      glued_[s] = true;
    }

    int column;
    if (where == Where::kBreak) {
      NewLine(indent, blank);
      column = indent;
    } else {
      std::string space = Spacing(s);
      Line& line = lines_.back();
      line.code += space;
      line.width += static_cast<int>(space.size());
      column = line.indent + line.width;
    }
    Line& line = lines_.back();
    line.code += piece.text;
    line.width += DisplayWidth(piece.text);

    // Bookkeeping: the enclosing frame, then the item.
    Frame& f = frames_.back();
    if (!IsBlock(f.kind) && f.fresh && !IsCloser(k) && where != Where::kBreak) f.visual = column;
    f.fresh = false;
    if (starts_item) StartItem(f, s);
    else if (IsBlock(f.kind)) AdvanceHeader(f, k);

    if (IsCloser(k) && frames_.size() > 1) {
      frames_.pop_back();
      return;
    }
    if (IsOpener(k)) Open(s, line.indent);
  }

  void StartItem(Frame& f, size_t s) {
    K k = KindAt(s);
    f.item = k;
    f.break_next = false;
    switch (k) {
      case K::CLAUSE: case K::UNLESS: case K::BENEFIT: case K::DEFINE:
        f.header = Header::kUntilColon;
        break;
      case K::REQUIRES:
        f.header = HasLabel(f, s) ? Header::kUntilColon : Header::kOneMore;
        break;
      case K::POLICY: case K::TEST:
        f.header = Header::kUntilBrace;
        break;
      default:
        f.header = Header::kOneMore;
    }
  }

  void AdvanceHeader(Frame& f, K k) {
    switch (f.header) {
      case Header::kUntilColon:
        if (k == K::COLON) {
          f.header = Header::kFree;
          f.break_next = true;
        }
        break;
      case Header::kUntilBrace:
        if (k == K::LBRACE) f.header = Header::kFree;
        break;
      case Header::kOneMore:
        f.header = Header::kFree;
        break;
      case Header::kFree:
        break;
    }
  }

  void Open(size_t s, int line_indent) {
    K k = KindAt(s);
    const Frame& outer = frames_.back();
    K before = s > 0 ? KindAt(s - 1) : K::WS;
    Frame f;
    f.line_indent = line_indent;
    f.item_indent = line_indent + 2;
    f.kind = FrameKind::kBracket;
    f.brace = k == K::LBRACE;
    if (k == K::LBRACE) {
      if (outer.kind == FrameKind::kTop && outer.item == K::POLICY) {
        f.kind = FrameKind::kPolicy;
        f.meta_width = MetadataWidth(f, s);
      } else if (outer.kind == FrameKind::kPolicy && outer.item == K::TEST) {
        f.kind = FrameKind::kTest;
      } else if (before == K::TIERS) {
        f.kind = FrameKind::kTiers;
      } else {
        f.padded = before == K::GIVEN;
      }
    }
    f.index = k == K::LBRACK && IsIndexable(before);
    frames_.push_back(f);
  }

  std::string Render() {
    // Trailing comments on consecutive lines of one indent line up two
    // cells past the longest of those lines.
    std::vector<int> comment_column(lines_.size(), 0);
    for (size_t i = 0; i < lines_.size();) {
      if (lines_[i].comment.empty()) {
        ++i;
        continue;
      }
      size_t j = i;
      int widest = 0;
      while (j < lines_.size() && !lines_[j].comment.empty() &&
             (j == i || (!lines_[j].blank_before && lines_[j].indent == lines_[i].indent))) {
        widest = std::max(widest, lines_[j].indent + lines_[j].width);
        ++j;
      }
      for (size_t m = i; m < j; ++m) comment_column[m] = widest + 2;
      i = j;
    }
    std::string out;
    for (size_t i = 0; i < lines_.size(); ++i) {
      const Line& l = lines_[i];
      if (l.blank_before) out += "\n";
      if (!l.code.empty()) out += std::string(static_cast<size_t>(l.indent), ' ') + l.code;
      if (!l.comment.empty()) {
        int pad = comment_column[i] - (l.code.empty() ? 0 : l.indent + l.width);
        out += std::string(static_cast<size_t>(std::max(pad, 1)), ' ') + l.comment;
      }
      out += "\n";
    }
    return out;
  }

  std::vector<Piece> pieces_;
  std::vector<size_t> sig_;      // indexes of the significant pieces
  std::vector<bool> unary_;      // per significant token: a sign, not subtraction
  std::vector<bool> glued_;      // per significant token: `ref-1` arithmetic inside `[…]`
  std::vector<Frame> frames_;
  std::vector<Line> lines_;
};

}  // namespace

std::string LayOut(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<Piece> pieces;
  int newlines = 0;
  for (const Token& t : tokens) {
    std::string_view s = text.substr(t.begin, t.end - t.begin);
    if (t.kind == K::WS) {
      newlines += static_cast<int>(std::count(s.begin(), s.end(), '\n'));
      continue;
    }
    pieces.push_back(Piece{t.kind, s, newlines, t.kind == K::LINE_COMMENT});
    newlines = 0;
  }
  return Layout(std::move(pieces)).Run();
}

}  // namespace duixian::dsl_internal
