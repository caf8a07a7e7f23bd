#pragma once
// The lnctrain version: `git describe --always --dirty --tags` of the checkout at build time ("-dirty" when the
// work tree had uncommitted changes; "unknown" when built outside git). Defined in a file generated at every
// build (cmake/build_version.cmake), recorded per run in the store (results/store/run_provenance.h).
namespace lnc {

const char* lnctrain_version();

}  // namespace lnc
