// Owns the text of every loaded source file and maps byte offsets to lines,
// code-point columns and display columns (CJK characters are two cells wide).
//
//   SourceManager sm;
//   DX_ASSIGN_OR_RETURN(FileId id, sm.Load("policies/kj/rd.policy"));
//   SourceFile::Location loc = sm.file(id).Locate(range.begin);
//
// Files are appended and never removed; references returned by file() stay
// valid for the manager's lifetime. Thread-compatible.
#ifndef DX_COMMON_SOURCE_SOURCE_MANAGER_H_
#define DX_COMMON_SOURCE_SOURCE_MANAGER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace duixian {

using FileId = int32_t;
inline constexpr FileId kInvalidFileId = -1;

// A half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file = kInvalidFileId;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kInvalidFileId; }
  friend bool operator==(const SourceRange& a, const SourceRange& b) {
    return a.file == b.file && a.begin == b.begin && a.end == b.end;
  }
};

class SourceFile {
 public:
  struct Location {
    uint32_t line = 1;            // 1-based
    uint32_t column = 1;          // 1-based, in code points
    uint32_t display_column = 1;  // 1-based, in terminal cells (CJK = 2)
  };

  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  // UTF-8, BOM stripped, CRLF and CR normalised to LF.
  std::string_view text() const { return text_; }

  // Offsets past the end are clamped to the end.
  Location Locate(uint32_t byte_offset) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Byte offset of the first character of `line` (1-based; clamped).
  uint32_t LineStart(uint32_t line) const;
  // The line's text without its newline (1-based; empty if out of range).
  std::string_view LineText(uint32_t line) const;

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

class SourceManager {
 public:
  SourceManager() = default;
  SourceManager(const SourceManager&) = delete;
  SourceManager& operator=(const SourceManager&) = delete;

  // Reads a file. NotFound / InvalidArgument (not UTF-8, naming the byte
  // offset) on failure.
  absl::StatusOr<FileId> Load(const std::string& path);
  // Adds in-memory text (tests, stdin, editors). Invalid UTF-8 sequences are
  // kept as is; the lexer reports them.
  FileId AddBuffer(std::string path, std::string text);

  const SourceFile& file(FileId id) const { return *files_.at(static_cast<size_t>(id)); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace duixian

#endif  // DX_COMMON_SOURCE_SOURCE_MANAGER_H_
