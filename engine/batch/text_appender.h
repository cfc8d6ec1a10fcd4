// Builds text at the end of a std::string through a raw pointer, for the
// screening outputs: room is made in large steps, and each piece costs one
// bounds check and one memcpy. A results line has about 150 pieces, and an
// out-of-line std::string::append per piece was a third of formatting it.
//
//   TextAppender text(&batch_output);
//   text.Append("{\"n\":");
//   text.AppendInt(seq);
//   // the string gets its final size when `text` goes out of scope
//
// While an appender is alive, the string holds unwritten room at its end:
// it must not be read or changed except through the appender. Keep one
// appender for a whole batch of lines, not one per line: making room
// zero-fills it (std::string has no uninitialised resize before C++23), and
// the room doubles, so that cost is paid about once per byte per batch.
#ifndef DX_ENGINE_BATCH_TEXT_APPENDER_H_
#define DX_ENGINE_BATCH_TEXT_APPENDER_H_

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace duixian::engine {

class TextAppender {
 public:
  // `room`: bytes made ready at once (more is made when needed).
  explicit TextAppender(std::string* out, size_t room = 65536) : out_(out), used_(out->size()) {
    Grow(room);
  }
  ~TextAppender() { out_->resize(used_); }
  TextAppender(const TextAppender&) = delete;
  TextAppender& operator=(const TextAppender&) = delete;

  void Append(std::string_view s) {
    if (s.size() > out_->size() - used_) Grow(s.size());
    std::memcpy(begin_ + used_, s.data(), s.size());
    used_ += s.size();
  }
  void Append(char c) {
    if (used_ == out_->size()) Grow(1);
    begin_[used_++] = c;
  }
  void AppendInt(int64_t n) {
    char buffer[24];
    const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, n);
    Append(std::string_view(buffer, static_cast<size_t>(r.ptr - buffer)));
  }

 private:
  // Room for at least `n` more bytes, at least doubling what is there, so
  // appending stays linear.
  void Grow(size_t n) {
    out_->resize(used_ + std::max(n, used_ + 4096));
    begin_ = out_->data();
  }

  std::string* out_;
  size_t used_;
  char* begin_ = nullptr;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_TEXT_APPENDER_H_
