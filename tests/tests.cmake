# Unit tests: fast, single process. Integration tests: launch lnctrain under mpirun (label "mpi").
add_test(NAME unit COMMAND lnctrain_tests --gtest_filter=-Integration*:*/Integration*)
set_tests_properties(unit PROPERTIES LABELS "unit" TIMEOUT 1200)
add_test(NAME integration COMMAND lnctrain_tests --gtest_filter=Integration*:*/Integration*)
set_tests_properties(integration PROPERTIES LABELS "mpi" TIMEOUT 3000)
