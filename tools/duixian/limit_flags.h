// The --max-* options of the commands that read firm files (`eval`,
// `screen`): engine::FirmLimits from the command line.
#ifndef DX_TOOLS_DUIXIAN_LIMIT_FLAGS_H_
#define DX_TOOLS_DUIXIAN_LIMIT_FLAGS_H_

#include <string>
#include <vector>

#include "engine/profile/firm_limits.h"
#include "tools/duixian/cli.h"

namespace duixian::cli {

// The option names, to append to a command's value options.
const std::vector<std::string>& FirmLimitOptions();

// For --help.
extern const char kFirmLimitHelp[];

// Reads the options given into `limits` (the others keep their defaults).
// Returns false after printing the problem for a value that is not a whole
// number in range.
bool ReadFirmLimits(const char* command, const Args& args, engine::FirmLimits* limits);

}  // namespace duixian::cli

#endif  // DX_TOOLS_DUIXIAN_LIMIT_FLAGS_H_
