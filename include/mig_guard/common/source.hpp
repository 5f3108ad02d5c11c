// A source file handed to a reader: the path shown in diagnostics and its bytes. Files are
// read by the caller (from disk or from git objects); readers never do I/O themselves.
#pragma once

#include <string>
#include <vector>

namespace mig_guard {

struct SourceFile {
    std::string path;     // relative to the project root, '/'-separated (e.g. "app/models/user.py")
    std::string content;  // the file's bytes
};

using SourceFiles = std::vector<SourceFile>;

}  // namespace mig_guard
