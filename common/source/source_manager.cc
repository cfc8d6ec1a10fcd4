#include "common/source/source_manager.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <new>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/source/text_width.h"

namespace duixian {
namespace {

// Offsets are uint32 (B4), so a file must stay below 4 GiB.
constexpr size_t kMaxFileBytes = std::numeric_limits<uint32_t>::max() - 1;

// Strips a UTF-8 BOM and turns CRLF and lone CR into LF, so that every
// later phase sees one newline convention.
std::string Normalize(std::string text) {
  size_t start = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) start = 3;
  if (start == 0 && text.find('\r') == std::string::npos) return text;
  std::string out;
  out.reserve(text.size() - start);
  for (size_t i = start; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

absl::Status ErrnoStatus(int err, const std::string& path) {
  const std::string context = absl::StrCat("cannot read `", path, "`");
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(absl::StrCat(context, ": no such file"));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(
          absl::StrCat(context, ": permission denied"));
    default:
      return absl::UnknownError(absl::StrCat(context, ": errno ", err));
  }
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, path);
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read `", path, "`: is a directory"));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoStatus(errno, path);
  std::string data;
  char buf[64 * 1024];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (data.size() + n > kMaxFileBytes) {
      std::fclose(f);
      return absl::ResourceExhaustedError(
          absl::StrCat("`", path, "` is larger than 4 GiB"));
    }
    data.append(buf, n);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    return absl::UnknownError(absl::StrCat("cannot read `", path, "`"));
  }
  return data;
}

}  // namespace

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(Normalize(std::move(text))) {
  if (text_.size() > kMaxFileBytes) text_.resize(kMaxFileBytes);
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    // A final newline ends the last line; it does not open an empty one.
    if (text_[i] == '\n' && i + 1 < text_.size()) {
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

uint32_t SourceFile::LineStart(uint32_t line) const {
  line = std::clamp<uint32_t>(line, 1, line_count());
  return line_starts_[line - 1];
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line < 1 || line > line_count()) return {};
  const size_t start = line_starts_[line - 1];
  size_t end = text_.find('\n', start);
  if (end == std::string::npos) end = text_.size();
  return std::string_view(text_).substr(start, end - start);
}

SourceFile::Location SourceFile::Locate(uint32_t byte_offset) const {
  const uint32_t offset =
      std::min<uint32_t>(byte_offset, static_cast<uint32_t>(text_.size()));
  const auto it =
      std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  Location loc;
  loc.line = static_cast<uint32_t>(it - line_starts_.begin());
  const std::string_view line = LineText(loc.line);
  // The newline itself (and end of file) sits just after the last character.
  const size_t rel =
      std::min<size_t>(offset - LineStart(loc.line), line.size());
  WidthScanner scanner;
  uint32_t column = 0;
  int display = 0;
  size_t pos = 0;
  while (pos < rel) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(line, &pos);
    if (pos > rel) {
      pos = start;  // offset inside a character: point at its start
      break;
    }
    const int width = scanner.Next(cp);
    display += cp == '\t' ? kTabWidth - display % kTabWidth : width;
    ++column;
  }
  loc.column = column + 1;
  loc.display_column = static_cast<uint32_t>(display) + 1;
  return loc;
}

absl::StatusOr<FileId> SourceManager::Load(const std::string& path) {
  try {
    absl::StatusOr<std::string> data = ReadFile(path);
    if (!data.ok()) return data.status();
    const size_t bad = FindInvalidUtf8(*data);
    if (bad != std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("`", path, "` is not valid UTF-8 at byte offset ", bad));
    }
    return AddBuffer(path, *std::move(data));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat("out of memory reading `", path, "`"));
  }
}

FileId SourceManager::AddBuffer(std::string path, std::string text) {
  const auto id = static_cast<FileId>(files_.size());
  files_.push_back(
      std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return id;
}

}  // namespace duixian
