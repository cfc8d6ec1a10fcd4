// Builds text at the end of a TextBuffer through a raw pointer, for the
// screening outputs: room is made in large steps, and each piece costs one
// bounds check and one memcpy. A results line has about 150 pieces, and an
// out-of-line std::string::append per piece was a third of formatting it.
//
//   TextBuffer batch_output;
//   {
//     TextAppender text(&batch_output);
//     text.Append("{\"n\":");
//     text.AppendInt(seq);
//   }  // the buffer gets its final size when `text` goes out of scope
//
// While an appender is alive, the buffer holds unwritten room at its end:
// it must not be read or changed except through the appender. Keep one
// appender for a batch of lines rather than one per line.
#ifndef DX_ENGINE_BATCH_TEXT_APPENDER_H_
#define DX_ENGINE_BATCH_TEXT_APPENDER_H_

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duixian::engine {

// An allocator whose default construction leaves a char uninitialised, so
// that growing a TextBuffer does not zero-fill the room TextAppender is
// about to write (std::string has no uninitialised resize before C++23;
// zero-filling each batch's room was 3% of a firm's instructions).
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  using std::allocator<T>::allocator;
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using TextBuffer = std::vector<char, UninitializedAllocator<char>>;

inline std::string_view View(const TextBuffer& text) { return std::string_view(text.data(), text.size()); }

class TextAppender {
 public:
  // `room`: bytes made ready at once (more is made when needed).
  explicit TextAppender(TextBuffer* out, size_t room = 65536) : out_(out), used_(out->size()) {
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
  // For writing many short pieces without a call per piece: Reserve room
  // for all of them (and for any bytes written past them), write at
  // cursor(), then Advance by what was written.
  void Reserve(size_t n) {
    if (n > out_->size() - used_) Grow(n);
  }
  char* cursor() { return begin_ + used_; }
  void Advance(size_t n) { used_ += n; }
  // Appends `s` 32 bytes at a time, without a call per piece: it writes up
  // to 31 bytes past `s`, which later pieces overwrite, and reads as far
  // past it. So the bytes of `s` rounded up to a multiple of 32 must be
  // readable, and room for s.size() + 31 more must be Reserved.
  void AppendChunked(std::string_view s) {
    char* to = begin_ + used_;
    for (size_t i = 0; i < s.size(); i += kChunk) std::memcpy(to + i, s.data() + i, kChunk);
    used_ += s.size();
  }
  static constexpr size_t kChunk = 32;

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

  TextBuffer* out_;
  size_t used_;
  char* begin_ = nullptr;
};

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_TEXT_APPENDER_H_
