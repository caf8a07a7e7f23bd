#pragma once
// What the model says about one VariantItem (variant_plan.h): the class-1 probability of the ref and the alt
// window, and their differences. Computed by the scorer (trainer/), written here.
namespace lnc::data {

struct VariantEffect {
  double p_ref = 0;   // softmax probability of class 1, ref window
  double p_alt = 0;   // same, alt window
  double dprob = 0;   // p_alt - p_ref
  double dlogit = 0;  // class-1 log-odds, alt minus ref: log(p/(1-p)); for two labels (logit_1 - logit_0) alt - ref
};

}  // namespace lnc::data
