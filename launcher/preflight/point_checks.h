#pragma once
// The input checks of one grid point, run by the pre-flight (launcher/preflight/preflight.h) on every node before
// any point starts, and by `lnctrain doctor`. Each check appends what is wrong with the point to `issues`
// (nothing when all is well) and never throws for bad input; it must not need torch or read whole weight files.
//
// Adding a check = a file under launcher/preflight/ with a function of the PointCheck signature and one line in
// point_checks() (launcher/preflight/point_checks.cpp), as the context fit of [data] long_sequences
// (launcher/preflight/context_fit.h) is added: {"context fit", check_point_context_fit}.
#include <vector>

#include "config/run_config.h"
#include "launcher/preflight/preflight_problem.h"

namespace lnc::launcher {

using PointCheck = void (*)(const config::RunConfig& run, std::vector<PointIssue>& issues);

struct NamedPointCheck {
  const char* name;
  PointCheck check;
};

// Every point check, in the order they run.
const std::vector<NamedPointCheck>& point_checks();

// Runs every check on `run`; a check that throws anyway (a bug, not bad input) becomes an issue under its name.
std::vector<PointIssue> check_point(const config::RunConfig& run);

}  // namespace lnc::launcher
