#include "engine/batch/input_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

}  // namespace

SortedFileWalker::SortedFileWalker(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

// Lists with readdir rather than std::filesystem: the walk runs on the
// reader thread, beside the workers, for every one of a million files.
std::string SortedFileWalker::Push(const std::string& relative) {
  Level level;
  level.relative = relative;
  const std::string folder = relative.empty() ? root_ : absl::StrCat(root_, "/", relative);
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return std::strerror(errno);
  for (;;) {
    errno = 0;
    const dirent* e = ::readdir(dir);
    if (e == nullptr) {
      const int error = errno;
      ::closedir(dir);
      if (error != 0) return std::strerror(error);
      break;
    }
    if (e->d_name[0] == '\0' || e->d_name[0] == '.') continue;
    std::string name(e->d_name);
    // A link to a folder is a folder, as for std::filesystem.
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
      struct stat st;
      is_dir = ::stat(absl::StrCat(folder, "/", name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    }
    // Anything else named *.json is an input, even when it cannot be read
    // (a dangling link, a FIFO): it is then reported, not skipped.
    if (!is_dir && !EndsWith(name, ".json")) continue;
    level.entries.emplace_back(std::move(name), is_dir);
  }
  std::sort(level.entries.begin(), level.entries.end());
  stack_.push_back(std::move(level));
  return "";
}

bool SortedFileWalker::Next(WalkEntry* entry) {
  if (!started_) {
    started_ = true;
    std::string error = Push("");
    if (!error.empty()) {
      *entry = WalkEntry{"", root_, error};
      return true;
    }
  }
  while (!stack_.empty()) {
    Level& top = stack_.back();
    if (top.next >= top.entries.size()) {
      stack_.pop_back();
      continue;
    }
    const std::pair<std::string, bool>& e = top.entries[top.next++];
    std::string relative = absl::StrCat(top.relative, e.first);
    // A folder named like a firm file is where a file was expected: an
    // input that cannot be read, not a folder to walk.
    if (e.second && EndsWith(e.first, ".json")) {
      *entry = WalkEntry{relative, absl::StrCat(root_, "/", relative), "is a folder, not a firm file"};
      return true;
    }
    if (e.second) {
      std::string error = Push(absl::StrCat(relative, "/"));
      if (!error.empty()) {
        *entry = WalkEntry{relative, absl::StrCat(root_, "/", relative),
                           absl::StrCat("cannot list the folder: ", error)};
        return true;
      }
      continue;
    }
    entry->path = absl::StrCat(root_, "/", relative);
    entry->relative = std::move(relative);
    entry->error.clear();
    return true;
  }
  return false;
}

JsonlReader::~JsonlReader() {
  if (file_ != nullptr) std::fclose(file_);
}

namespace {

// Whether the file begins (past a byte-order mark and whitespace) as a JSON
// array of objects does: `[` then `{` or `]`.
bool StartsWithJsonArray(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char head[4096];
  const size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  std::string_view text(head, n);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t at = text.find_first_not_of(" \t\r\n");
  if (at == std::string_view::npos || text[at] != '[') return false;
  at = text.find_first_not_of(" \t\r\n", at + 1);
  return at != std::string_view::npos && (text[at] == '{' || text[at] == ']');
}

#if defined(__SSE2__)
// The length of the run of bytes at `p` (at most `n`; whole 16-byte steps)
// with none of " \ { } [ ] , and line break, its characters (bytes that
// are not UTF-8 continuation bytes) added to `*column`.
size_t OrdinaryRun(const char* p, size_t n, int64_t* column) {
  size_t run = 0;
  while (run + 16 <= n) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + run));
    __m128i special = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
    for (char c : {'\\', '{', '}', '[', ']', ',', '\n'}) {
      special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)));
    }
    const unsigned stop = static_cast<unsigned>(_mm_movemask_epi8(special));
    const unsigned taken = stop == 0 ? 16 : static_cast<unsigned>(__builtin_ctz(stop));
    // Continuation bytes are 0x80-0xBF: below -64 as signed bytes.
    const unsigned continuation = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(bytes, _mm_set1_epi8(-64))));
    const unsigned in_run = taken == 16 ? 0xFFFFu : (1u << taken) - 1;
    // Bits set, without the library call __builtin_popcount is without -mpopcnt.
    unsigned x = continuation & in_run;
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    x = (x + (x >> 8)) & 0x1Fu;
    *column += static_cast<int64_t>(taken) - static_cast<int64_t>(x);
    run += taken;
    if (taken < 16) break;
  }
  return run;
}
#endif

// The column (1-based, in characters) of byte `offset` of the open file:
// its characters since the line break before it. Read backwards, once,
// when a run resumes inside a JSON array.
int64_t ColumnAt(std::FILE* file, uint64_t offset) {
  const int fd = fileno(file);
  char chunk[65536];
  uint64_t end = offset;
  int64_t characters = 0;
  while (end > 0) {
    const uint64_t begin = end > sizeof chunk ? end - sizeof chunk : 0;
    const ssize_t n = ::pread(fd, chunk, static_cast<size_t>(end - begin), static_cast<off_t>(begin));
    if (n <= 0) break;
    for (ssize_t i = n; i-- > 0;) {
      const unsigned char c = static_cast<unsigned char>(chunk[i]);
      if (c == '\n') return characters + 1;
      if ((c & 0xC0) != 0x80) ++characters;
    }
    end = begin;
  }
  return characters + 1;
}

}  // namespace

absl::Status JsonlReader::Open(const std::string& path, uint64_t offset, int64_t line, uint64_t max_line_bytes) {
  max_line_bytes_ = max_line_bytes;
  array_ = StartsWithJsonArray(path);
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  struct stat st;
  if (fstat(fileno(file_), &st) == 0) file_size_ = static_cast<uint64_t>(st.st_size);
  if (offset > 0 && fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) {
    return absl::DataLossError(absl::StrCat("cannot seek in ", path, ": ", std::strerror(errno)));
  }
  offset_ = offset;
  line_ = line;
  buf_.resize(1u << 20);
  if (array_) {
    if (offset == 0) {
      // Past the byte-order mark, the whitespace and the opening bracket.
      line_ = 1;
      column_ = 1;
      if (!Fill()) return status_;
      if (len_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) {
        pos_ = 3;
        offset_ = 3;
      }
      if (!SkipArraySpace() || buf_[pos_] != '[') return absl::DataLossError(absl::StrCat(path, " changed while opened"));
      Advance();
      array_next_ = ArrayNext::kFirstElement;
    } else {
      column_ = ColumnAt(file_, offset);
      array_next_ = ArrayNext::kCommaOrEnd;
    }
  }
  return absl::OkStatus();
}

void JsonlReader::Advance() {
  const unsigned char c = static_cast<unsigned char>(buf_[pos_++]);
  ++offset_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
    ++column_;
  }
}

bool JsonlReader::SkipArraySpace() {
  for (;;) {
    while (pos_ < len_) {
      const char c = buf_[pos_];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
      Advance();
    }
    if (!Fill()) return false;
  }
}

bool JsonlReader::NextElement(JsonlLine* out) {
  out->error.clear();
  for (;;) {
    if (array_next_ == ArrayNext::kEnded) return false;
    if (!SkipArraySpace()) {
      // The end of the file inside the array: every complete element has
      // been an input, and an incomplete last one was read as one.
      array_next_ = ArrayNext::kEnded;
      return false;
    }
    const char c = buf_[pos_];
    if (array_next_ == ArrayNext::kCommaOrEnd || c == ']') {
      if (c == ']') {
        Advance();
        array_next_ = ArrayNext::kEnded;
        // Whatever follows the array is one more bad input.
        if (!SkipArraySpace()) return false;
        out->line = line_;
        out->column = column_;
        out->text.clear();
        out->error = "text after the end of the JSON array";
        out->error_zh = "JSON 数组结束后还有内容";
        pos_ = len_;
        while (Fill()) pos_ = len_;
        offset_ = file_size_;
        out->end_offset = offset_;
        out->end_line = line_;
        return true;
      }
      if (c == ',') {
        Advance();
        array_next_ = ArrayNext::kFirstElement;
        continue;
      }
      // Two elements without a comma between them: the second is read as
      // an element (and refused when it is no firm).
    }
    break;
  }
  // One element: to the comma or bracket that ends it outside any string,
  // nesting followed through objects and arrays.
  out->line = line_;
  out->column = column_;
  out->text.clear();
  uint64_t size = 0;
  int depth = 0;
  bool in_string = false, escaped = false, closed = false;
  for (;;) {
    if (pos_ == len_) {
      if (!Fill()) break;  // the file ends inside the element
    }
#if defined(__SSE2__)
    // Bytes that change nothing here (no quote, backslash, bracket, brace,
    // comma or line break), 16 at a time: copied, and their characters
    // counted for the column. A byte after a backslash is looked at alone.
    if (!escaped) {
      const size_t run = OrdinaryRun(buf_.data() + pos_, len_ - pos_, &column_);
      if (size < max_line_bytes_) out->text.append(buf_.data() + pos_, std::min<uint64_t>(run, max_line_bytes_ - size));
      size += run;
      pos_ += run;
      offset_ += run;
      if (pos_ == len_) continue;
    }
#endif
    const char c = buf_[pos_];
    if (in_string) {
      if (c == '\n') {
        // No JSON string holds a raw line break: the element was cut short
        // inside a string (it is a bad input), and the next line goes on.
        Advance();
        break;
      }
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0 && c == ']') break;  // the array's end
      // The element's own end closes it (a stray brace is a byte of a bad one).
      closed = depth > 0 && --depth == 0;
    } else if (c == ',' && depth == 0) {
      break;
    }
    if (size < max_line_bytes_) out->text.push_back(c);
    ++size;
    Advance();
    if (closed) break;
  }
  while (!out->text.empty() && (out->text.back() == ' ' || out->text.back() == '\t' || out->text.back() == '\r' ||
                                out->text.back() == '\n')) {
    out->text.pop_back();
  }
  array_next_ = ArrayNext::kCommaOrEnd;
  if (size > max_line_bytes_) {
    // Read to its end all the same (at worst, an element with a bracket
    // missing, to the end of the file), and one bad input.
    out->text.clear();
    out->error = absl::StrCat("array element longer than the limit of ", max_line_bytes_, " bytes (",
                              max_line_bytes_ >> 20, " MiB), or a bracket missing");
    out->error_zh = absl::StrCat("数组元素超过上限 ", max_line_bytes_, " 字节，或缺少括号");
  }
  out->end_offset = offset_;
  out->end_line = line_;
  return true;
}

bool JsonlReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  if (len_ == buf_.size()) buf_.resize(buf_.size() * 2);
  size_t n = std::fread(buf_.data() + len_, 1, buf_.size() - len_, file_);
  if (n == 0) {
    if (std::ferror(file_)) status_ = absl::DataLossError(absl::StrCat("read error: ", std::strerror(errno)));
    eof_ = true;
    return false;
  }
  len_ += n;
  return true;
}

bool JsonlReader::Next(JsonlLine* out) {
  if (file_ == nullptr) return false;
  if (array_) return NextElement(out);
  out->column = 0;
  for (;;) {
    // Find the end of the line, reading more as needed. offset_ is the file
    // offset of buf_[pos_]; an over-long line is dropped as it streams by.
    size_t scan = pos_;
    uint64_t dropped = 0;
    const char* nl = nullptr;
    for (;;) {
      nl = static_cast<const char*>(std::memchr(buf_.data() + scan, '\n', len_ - scan));
      if (nl != nullptr) break;
      size_t held = len_ - pos_;
      if (held + dropped > max_line_bytes_) {
        dropped += held;
        offset_ += held;
        pos_ = len_;
        held = 0;
      }
      if (!Fill()) break;
      scan = held;  // Fill moved the held bytes to the front
    }
    size_t end = nl != nullptr ? static_cast<size_t>(nl - buf_.data()) : len_;
    if (nl == nullptr && end == pos_ && dropped == 0) return false;  // end of file
    size_t line_bytes = end - pos_;
    ++line_;
    std::string_view text(buf_.data() + pos_, line_bytes);
    offset_ += line_bytes + (nl != nullptr ? 1 : 0);
    pos_ = end + (nl != nullptr ? 1 : 0);
    out->line = line_;
    out->end_offset = offset_;
    out->end_line = line_;
    if (dropped + line_bytes > max_line_bytes_) {
      out->text.clear();
      out->error = absl::StrCat("line longer than the limit of ", max_line_bytes_, " bytes (",
                                max_line_bytes_ >> 20, " MiB)");
      out->error_zh = absl::StrCat("行长超过上限 ", max_line_bytes_, " 字节");
      return true;
    }
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) {
      if (nl == nullptr) return false;
      continue;  // blank lines are not inputs
    }
    if (text.back() == '\r') text.remove_suffix(1);
    out->text.assign(text.data(), text.size());
    out->error.clear();
    return true;
  }
}

absl::Status InputSource::Open(const std::string& firms, bool jsonl, uint64_t skip, uint64_t offset,
                               int64_t line, uint64_t max_line_bytes) {
  jsonl_ = jsonl;
  seq_ = skip;
  if (jsonl) {
    name_ = fs::path(firms).filename().string();
    return reader_.Open(firms, offset, line, max_line_bytes);
  }
  walker_.emplace(firms);
  WalkEntry e;
  for (uint64_t i = 0; i < skip; ++i) {
    if (!walker_->Next(&e)) return absl::DataLossError("the firms folder has fewer files than the checkpoint");
  }
  return absl::OkStatus();
}

bool InputSource::Next(size_t max, std::vector<InputItem>* items, uint64_t* end_offset, int64_t* end_line) {
  size_t n = 0;
  while (n < max) {
    if (n == items->size()) items->emplace_back();
    InputItem& item = (*items)[n];
    item.seq = seq_;
    item.error.clear();
    item.error_zh.clear();
    if (jsonl_) {
      if (!reader_.Next(&line_)) break;
      item.file.assign(name_);
      item.line = line_.line;
      item.column = line_.column;
      item.path.clear();
      // The line goes to the item, and the item's old storage takes the next
      // line: once warm, reading a line allocates nothing.
      std::swap(item.text, line_.text);
      if (!line_.error.empty()) {
        item.error = line_.error;
        item.error_zh = line_.error_zh;
      }
      if (end_offset != nullptr) *end_offset = line_.end_offset;
      if (end_line != nullptr) *end_line = line_.end_line;
    } else {
      if (!walker_->Next(&entry_)) break;
      std::swap(item.file, entry_.relative);
      std::swap(item.path, entry_.path);
      item.line = 0;
      item.column = 0;
      item.text.clear();
      if (!entry_.error.empty()) {
        item.error = entry_.error;
        item.error_zh = entry_.error.rfind("is a folder", 0) == 0 ? "是文件夹，不是企业档案文件" : "无法列出文件夹";
      }
    }
    ++seq_;
    ++n;
  }
  items->resize(n);
  return n > 0;
}

void ReleaseInputText(InputItem* item) {
  // 64 KiB is twenty typical firm lines: a rare huge line is not kept in
  // every batch in flight.
  constexpr size_t kKeep = 64 << 10;
  if (item->text.capacity() > kKeep) {
    item->text = std::string();
  } else {
    item->text.clear();
  }
}

void InputName(const InputItem& item, std::string* out) {
  out->assign(item.file);
  if (item.line > 0) absl::StrAppend(out, ":", item.line);
}

std::string FileTooLargeText(uint64_t max_bytes) {
  return absl::StrCat("file larger than the limit of ", max_bytes, " bytes (", max_bytes >> 20, " MiB)");
}

namespace {

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;

// Reads the open file `fd` whole and closes it.
bool ReadOpenFile(int fd, std::string* text, std::string* error, uint64_t max_bytes) {
  if (fd < 0) {
    *error = absl::StrCat("cannot open the file: ", std::strerror(errno));
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    *error = absl::StrCat("cannot read the file: ", std::strerror(errno));
    ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *error = S_ISDIR(st.st_mode) ? "is a folder, not a firm file" : "not a regular file";
    ::close(fd);
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    *error = FileTooLargeText(max_bytes);
    ::close(fd);
    return false;
  }
  // Room for one byte more than fstat saw: a read that returns exactly the
  // file's size, short of that room, has met the end of the file, and the
  // read that would return 0 to say so is skipped (one system call in five
  // per file). A file that grew since fstat fills the room and is read on.
  const size_t size = static_cast<size_t>(st.st_size);
  text->resize(size + 1);
  size_t got = 0;
  for (;;) {
    if (got == text->size()) text->resize(text->size() + 4096);  // grew since fstat
    const size_t asked = text->size() - got;
    ssize_t n = ::read(fd, text->data() + got, asked);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = absl::StrCat("cannot read the file: ", std::strerror(errno));
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
    if (got == size && static_cast<size_t>(n) < asked) break;
    if (got > max_bytes) {
      *error = FileTooLargeText(max_bytes);
      ::close(fd);
      return false;
    }
  }
  text->resize(got);
  ::close(fd);
  return true;
}

}  // namespace

bool ReadWholeFile(const std::string& path, std::string* text, std::string* error, uint64_t max_bytes) {
  return ReadOpenFile(::open(path.c_str(), kOpenFlags), text, error, max_bytes);
}

FolderFileReader::~FolderFileReader() {
  if (folder_fd_ >= 0) ::close(folder_fd_);
}

bool FolderFileReader::Read(const std::string& path, std::string* text, std::string* error, uint64_t max_bytes) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return ReadWholeFile(path, text, error, max_bytes);
  const std::string_view folder(path.data(), slash);
  if (folder != folder_) {
    if (folder_fd_ >= 0) ::close(folder_fd_);
    folder_.assign(folder);
    folder_fd_ = ::open(folder_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  // A folder that cannot be opened: the whole path gives the file's own
  // error, as ReadWholeFile would.
  if (folder_fd_ < 0) return ReadWholeFile(path, text, error, max_bytes);
  return ReadOpenFile(::openat(folder_fd_, path.c_str() + slash + 1, kOpenFlags), text, error, max_bytes);
}

}  // namespace duixian::engine
