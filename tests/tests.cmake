# Unit tests: fast, single process. Integration tests: launch lnctrain under mpirun (label "mpi").
# IntegrationNetworkExposure initialises MPI inside the test process, after which that process cannot start
# mpirun children, so it runs in a process of its own.
add_test(NAME unit COMMAND lnctrain_tests --gtest_filter=-Integration*:*/Integration*)
set_tests_properties(unit PROPERTIES LABELS "unit" TIMEOUT 1200)
add_test(NAME integration COMMAND lnctrain_tests --gtest_filter=Integration*:*/Integration*:-IntegrationNetworkExposure*)
set_tests_properties(integration PROPERTIES LABELS "mpi" TIMEOUT 3000)
add_test(NAME integration_network COMMAND lnctrain_tests --gtest_filter=IntegrationNetworkExposure*)
set_tests_properties(integration_network PROPERTIES LABELS "mpi" TIMEOUT 600)
