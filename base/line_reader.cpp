#include "base/line_reader.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "base/input_error.h"

namespace lnc {

LineReader::LineReader(const std::string& path) : path_(path) {
  gz_ = gzopen(path.c_str(), "rb");
  if (!gz_) throw InputError(path, 0, "", std::string("cannot open: ") + std::strerror(errno ? errno : ENOENT));
  gzbuffer(static_cast<gzFile>(gz_), 1 << 18);
}

LineReader::~LineReader() {
  if (gz_) gzclose(static_cast<gzFile>(gz_));
}

bool LineReader::next(std::string& line) {
  line.clear();
  char buf[65536];
  bool got_any = false;
  while (gzgets(static_cast<gzFile>(gz_), buf, sizeof buf)) {
    got_any = true;
    size_t n = std::strlen(buf);
    bool ended = n > 0 && buf[n - 1] == '\n';
    line.append(buf, ended ? n - 1 : n);
    if (ended) break;
  }
  if (!got_any) {
    int err = 0;
    const char* msg = gzerror(static_cast<gzFile>(gz_), &err);
    if (err != Z_OK && err != Z_STREAM_END)
      throw InputError(path_, line_number_ + 1, "", std::string("read error (truncated or corrupt file?): ") + msg);
    return false;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files read as their LF twins
  // A UTF-8 byte-order mark (spreadsheet exports write one) is no part of the first line's text.
  if (line_number_ == 0 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
  ++line_number_;
  return true;
}

}  // namespace lnc
