// Helpers of Session that the server backends share.
#pragma once

#include <string>
#include <string_view>

namespace mig_guard::pg {

// The connection string or URL with its password replaced by "***", for messages.
std::string redact_conninfo(std::string_view conninfo);

}  // namespace mig_guard::pg
