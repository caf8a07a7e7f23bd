#include "results/report/png_file.h"

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::results {

void save_png(cairo_surface_t* surface, const std::string& path) {
  cairo_surface_flush(surface);
  AtomicFile out(path);
  if (cairo_surface_write_to_png(surface, out.temp_path().c_str()) != CAIRO_STATUS_SUCCESS)
    throw InputError(path, 0, "", "cannot write PNG");
  out.commit();
}

}  // namespace lnc::results
