#pragma once
// A sequence logo PNG of a PWM (cairo; written atomically by results/report/report_drawing.h): per column the four bases
// stacked by probability x information content (bits, 0..2; Schneider & Stephens 1990, without small-sample
// correction), the most probable on top, in the usual colours (A green, C blue, G orange, T red), with a bits axis
// and column numbers. Width grows with the motif: kLogoColumnWidth per column plus margins.
#include <string>

#include "results/motifs/pwm.h"

namespace lnc::results::motifs {

inline constexpr int kLogoColumnWidth = 40, kLogoHeight = 220;

void write_sequence_logo(const Pwm& pwm, const std::string& title, const std::string& png_path);

}  // namespace lnc::results::motifs
