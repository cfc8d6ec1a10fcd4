// Streams the inputs of a batch run in a fixed order, with memory bounded by
// one folder listing (directories) or one line (JSONL) or element (a JSON
// array of firms), whatever the population size.
//
//   SortedFileWalker walk("firms");          // firms/000/000001.json, …
//   WalkEntry e;
//   while (walk.Next(&e)) { … e.relative, e.path, e.error … }
//
//   JsonlReader jsonl;
//   if (!jsonl.Open("firms.jsonl", /*offset=*/0, /*line=*/0).ok()) …
//   JsonlLine l;
//   while (jsonl.Next(&l)) { … l.line, l.text, l.error … }
//
// Not thread-safe; one reader thread drives each.
#ifndef DX_ENGINE_BATCH_INPUT_WALKER_H_
#define DX_ENGINE_BATCH_INPUT_WALKER_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace duixian::engine {

// A firm file or a folder that could not be listed (then `error` is set and
// the entry still counts as one input, so nothing is silently dropped).
struct WalkEntry {
  std::string relative;  // path below the root, '/'-separated
  std::string path;      // root + relative, to open
  std::string error;     // set for an unreadable folder
};

// Walks `root` recursively. At every level the entries are sorted byte-wise
// by name and visited in that order (folders descended into where they sort),
// so the order is the same on every run and file system. Yields every
// non-folder entry whose name ends in ".json" (one that is not a readable
// regular file is reported when read) and, as an error entry, every folder
// named "*.json" (where a file was expected); names starting with '.' are
// skipped.
class SortedFileWalker {
 public:
  explicit SortedFileWalker(std::string root);

  // False at the end.
  bool Next(WalkEntry* entry);

 private:
  struct Level {
    std::string relative;  // of the folder, "" for the root, else "a/b/"
    std::vector<std::pair<std::string, bool>> entries;  // name, is folder
    size_t next = 0;
  };
  // Lists a folder into a new level; returns its error ("" when fine).
  std::string Push(const std::string& relative);

  std::string root_;
  std::vector<Level> stack_;
  bool started_ = false;
  std::string pending_error_;
  std::string pending_error_relative_;
};

// Lines longer than this are reported as errors (and skipped without being
// held in memory).
inline constexpr size_t kMaxInputBytes = 16u << 20;

struct JsonlLine {
  int64_t line = 0;        // 1-based; an array element: the line it starts on
  int64_t column = 0;      // an array element: the column it starts at (1-based, in characters); 0 for a line
  std::string text;        // without the line break
  std::string error;       // e.g. a line that is too long
  std::string error_zh;    // the same in Chinese
  uint64_t end_offset = 0; // byte offset just past this line's break (past an element)
  int64_t end_line = 0;    // what Open takes with end_offset to go on from there
};

// Reads a file of firms: JSONL line by line (blank lines — only spaces,
// tabs, CR — are skipped and are not inputs), or, for a file that begins
// as a JSON array of objects (a common export), the array element by
// element, streamed, each element an input as a line is.
class JsonlReader {
 public:
  JsonlReader() = default;
  ~JsonlReader();
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  // Starts at byte `offset` (0, or an earlier line's end_offset), with
  // `line` that line's end_line (0 at the start). A line (an element)
  // longer than `max_line_bytes` is an error input.
  absl::Status Open(const std::string& path, uint64_t offset, int64_t line,
                    uint64_t max_line_bytes = kMaxInputBytes);
  // False at the end of the file or on a read error (see status()).
  bool Next(JsonlLine* out);
  const absl::Status& status() const { return status_; }
  uint64_t file_size() const { return file_size_; }

 private:
  bool Fill();
  // The array's next element (Next for an array).
  bool NextElement(JsonlLine* out);
  // Past whitespace, counting lines and columns; false at the end of the file.
  bool SkipArraySpace();
  // Consumes buf_[pos_], counting lines and columns.
  void Advance();

  std::FILE* file_ = nullptr;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  uint64_t offset_ = 0;  // file offset of buf_[pos_]
  int64_t line_ = 0;
  uint64_t max_line_bytes_ = kMaxInputBytes;
  uint64_t file_size_ = 0;
  absl::Status status_;
  // A JSON array: where the reading is (line_ is then the current line,
  // column_ the current column), and what may come next.
  bool array_ = false;
  int64_t column_ = 1;
  enum class ArrayNext { kFirstElement, kCommaOrEnd, kEnded } array_next_ = ArrayNext::kFirstElement;
};

// One input of a population: a firm file of a folder, or a line of a JSONL
// file.
struct InputItem {
  uint64_t seq = 0;     // 0-based position in input order
  std::string file;     // relative path, or the JSONL file's name
  int64_t line = 0;     // JSONL line (1-based), or the line an array element starts on; 0 for a firm file
  int64_t column = 0;   // an array element: the column it starts at; 0 otherwise
  std::string path;     // folder inputs: the file to read
  std::string text;     // JSONL inputs: the line
  std::string error;    // could not be listed or read whole (English); empty when fine
  std::string error_zh;
};

// The input side of screening, diff and sweep: a sorted folder walk or a
// JSONL reader, handing out inputs in order, positioned after `skip` inputs
// (a JSONL file at byte `offset`, line `line`) when resuming.
class InputSource {
 public:
  absl::Status Open(const std::string& firms, bool jsonl, uint64_t skip = 0, uint64_t offset = 0,
                    int64_t line = 0, uint64_t max_line_bytes = kMaxInputBytes);
  // Fills `items` with the next inputs, at most `max` (the vector is
  // resized to what it got; its items' strings are reused); false when none
  // were left. For a JSONL input, `*end_offset`/`*end_line` then give the
  // position after the last one (what a checkpoint records).
  bool Next(size_t max, std::vector<InputItem>* items, uint64_t* end_offset = nullptr,
            int64_t* end_line = nullptr);
  absl::Status status() const { return jsonl_ ? reader_.status() : absl::OkStatus(); }
  uint64_t file_size() const { return jsonl_ ? reader_.file_size() : 0; }

 private:
  bool jsonl_ = false;
  std::string name_;
  uint64_t seq_ = 0;
  JsonlReader reader_;
  JsonlLine line_;    // the line being read (its storage passes to an item)
  WalkEntry entry_;
  std::optional<SortedFileWalker> walker_;
};

// Done with an item's JSONL line: clears it, keeping the storage for the
// line the item will hold next (unless it is large).
void ReleaseInputText(InputItem* item);

// The name an input's record and problems go under, into `out` (its
// storage reused from input to input): the file, and "file:line" for a
// JSONL line.
void InputName(const InputItem& item, std::string* out);

// Reads a whole file; returns false with `error` set (English) on failure,
// for a folder or anything else that is not a regular file, or when it is
// larger than `max_bytes` (then without reading it).
bool ReadWholeFile(const std::string& path, std::string* text, std::string* error,
                   uint64_t max_bytes = kMaxInputBytes);

// Reads firm files as ReadWholeFile does, but opens each by its name
// relative to its folder, which it keeps open from one file to the next:
// the walk hands out a folder's files one after another, and the kernel
// then looks up one name per file instead of every folder of the path
// (a few per cent of a folder run). One per worker thread.
class FolderFileReader {
 public:
  FolderFileReader() = default;
  ~FolderFileReader();
  FolderFileReader(const FolderFileReader&) = delete;
  FolderFileReader& operator=(const FolderFileReader&) = delete;

  bool Read(const std::string& path, std::string* text, std::string* error,
            uint64_t max_bytes = kMaxInputBytes);

 private:
  std::string folder_;  // of folder_fd_
  int folder_fd_ = -1;  // -1: none open, or the folder could not be opened
};

// "file larger than the limit of N bytes (M MiB)".
std::string FileTooLargeText(uint64_t max_bytes);

}  // namespace duixian::engine

#endif  // DX_ENGINE_BATCH_INPUT_WALKER_H_
