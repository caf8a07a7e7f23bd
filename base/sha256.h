#pragma once
#include <string>

namespace lnc {

std::string sha256_hex(const std::string& bytes);
std::string sha256_file_hex(const std::string& path);  // throws InputError naming the path

}  // namespace lnc
