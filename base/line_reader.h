#pragma once
// Reads text line by line from a plain or gzip-compressed file (zlib reads both transparently),
// keeping the 1-based line number for error messages.
#include <memory>
#include <string>

namespace lnc {

class LineReader {
 public:
  explicit LineReader(const std::string& path);  // throws InputError naming the path
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool next(std::string& line);  // strips the trailing '\n' and '\r'; false at end of file
  long line_number() const { return line_number_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  void* gz_ = nullptr;
  long line_number_ = 0;
};

}  // namespace lnc
